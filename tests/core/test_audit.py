"""Every create, change and delete of a domain record is audited, and admins browse their party's log."""

import datetime as dt

from auditlog.models import LogEntry

from loim.parties.models import CoordinatorPosition
from loim.parties.services import position_create


def test_changes_are_recorded_with_who_and_the_owning_party(programme, member, client):
    admin = member("tartu", "admin")
    position = position_create(party=programme["tartu"], title="Koordinaator", starts_on=dt.date(2024, 1, 1))
    position.ends_on = dt.date(2024, 6, 30)
    position.save()
    position_id = position.pk
    position.delete()
    entries = LogEntry.objects.get_for_objects(CoordinatorPosition.objects.none()).model.objects.filter(
        object_pk=str(position_id), content_type__model="coordinatorposition"
    )
    assert sorted(entries.values_list("action", flat=True)) == [0, 1, 2]
    assert all(e.additional_data == {"party_id": programme["tartu"].pk} for e in entries)
    change = entries.get(action=1)
    assert change.changes_dict["ends_on"] == ["None", "2024-06-30"]
    client.force_login(admin)
    page = client.get("/audit/").content.decode()
    assert "Koordinaator" in page and "2024-06-30" in page


def test_admins_see_only_their_partys_entries_and_others_see_no_log(programme, member, client):
    position_create(party=programme["parnu"], title="Pärnu ametikoht", starts_on=dt.date(2024, 1, 1))
    position_create(party=programme["tartu"], title="Tartu ametikoht", starts_on=dt.date(2024, 1, 1))
    client.force_login(member("tartu", "admin"))
    page = client.get("/audit/").content.decode()
    assert "Tartu ametikoht" in page and "Pärnu ametikoht" not in page
    client.force_login(member("elvl", "admin"))
    page = client.get("/audit/").content.decode()
    assert "Tartu ametikoht" in page and "Pärnu ametikoht" in page
    client.force_login(member("tartu", "coordinator"))
    assert client.get("/audit/").status_code == 404


def test_admins_must_set_up_a_second_factor_before_anything_else(member, client):
    client.force_login(member("tartu", "admin", second_factor=False))
    response = client.get("/parties/")
    assert response.status_code == 302 and response["Location"] == "/accounts/2fa/totp/activate/"
    client.force_login(member("tartu", "coordinator"))
    assert client.get("/parties/").status_code == 200
