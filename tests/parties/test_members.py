"""Party administrators manage their own members (ELVL administrators any party's): invite by
e-mail with a role, change a role, end a membership (kept as history), never the last admin."""

import datetime as dt
import re

import pytest
from auditlog.models import LogEntry
from django.core import mail

from loim.parties.models import Membership


def invite(client, slug, **data):
    payload = {"email": "uus.liige@tartu.ee", "full_name": "Uus Liige", "role": "coordinator", **data}
    return client.post(f"/parties/{slug}/members/", payload)


def test_an_admin_invites_a_new_person_who_gets_a_set_password_link(
    programme, member, client, django_capture_on_commit_callbacks
):
    admin = member("tartu", "admin")
    client.force_login(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = invite(client, "tartu", register_access="on")
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="uus.liige@tartu.ee")
    assert (membership.party.slug, membership.role, membership.register_access) == ("tartu", "coordinator", True)
    assert membership.ends_on is None and not membership.user.has_usable_password()
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["uus.liige@tartu.ee"]
    link = re.search(r"http://testserver(/accounts/password/reset/key/\S+)", mail.outbox[0].body).group(1)
    # the link sets the password (allauth redirects the key to its own form), then the person signs in
    client.logout()
    form_url = client.get(link).url
    done = client.post(form_url, {"password1": "Uus-parool-2024!", "password2": "Uus-parool-2024!"})
    assert done.status_code == 302
    membership.user.refresh_from_db()
    assert membership.user.check_password("Uus-parool-2024!")
    assert LogEntry.objects.get_for_object(membership).filter(action=LogEntry.Action.CREATE).count() == 1


def test_an_existing_account_is_added_and_told_to_sign_in(
    programme, member, client, django_capture_on_commit_callbacks
):
    elsewhere = member("parnu", "viewer")
    client.force_login(member("tartu", "admin"))
    with django_capture_on_commit_callbacks(execute=True):
        invite(client, "tartu", email=elsewhere.email.upper(), role="viewer")
    assert set(elsewhere.memberships.values_list("party__slug", flat=True)) == {"parnu", "tartu"}
    assert "/accounts/login/" in mail.outbox[0].body and "reset" not in mail.outbox[0].body


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Sisestage kehtiv e-posti aadress."),
        ({"role": "ministry_reader"}, "role", "ministry_reader"),
        (
            {"role": "viewer", "register_access": "on"},
            "register_access",
            "Registri juurdepääsu saab anda ainult administraatoritele",
        ),
    ],
)
def test_bad_invitations_name_the_field_and_write_nothing(programme, member, client, data, field, message):
    client.force_login(member("tartu", "admin"))
    before = Membership.objects.count()
    response = invite(client, "tartu", **data)
    assert response.status_code == 200
    assert message in str(response.context["form"].errors[field])
    assert Membership.objects.count() == before and not mail.outbox


def test_inviting_an_active_member_again_is_refused(programme, member, client):
    client.force_login(member("tartu", "admin"))
    present = member("tartu", "viewer")
    response = invite(client, "tartu", email=present.email)
    assert "on juba selle osapoole liige" in str(response.context["form"].errors["email"])
    assert Membership.objects.get(user=present).role == "viewer"


def test_change_a_role_and_end_a_membership_keeping_history(programme, member, client):
    admin = member("tartu", "admin")
    client.force_login(admin)
    viewer = member("tartu", "viewer")
    mid = Membership.objects.get(user=viewer).pk
    assert client.post(f"/parties/tartu/members/{mid}/", {"role": "coordinator"}).status_code == 302
    assert Membership.objects.get(pk=mid).role == "coordinator"
    assert client.post(f"/parties/tartu/members/{mid}/end/").status_code == 302
    ended = Membership.objects.get(pk=mid)  # still there: the history stays
    assert ended.ends_on == dt.date.today() - dt.timedelta(days=1)
    assert not Membership.objects.active().filter(pk=mid).exists()
    changes = LogEntry.objects.get_for_object(ended).filter(action=LogEntry.Action.UPDATE)
    assert changes.count() == 2 and {e.actor for e in changes} == {admin}
    # the list keeps the ended membership, with its end date and no change link
    page = client.get("/parties/tartu/members/").content.decode()
    assert f"{ended.ends_on:%d.%m.%Y}" in page and "lõppenud" in page
    assert f"/parties/tartu/members/{mid}/" not in page


def test_the_last_admin_can_neither_step_down_nor_be_ended(programme, member, client):
    admin = member("tartu", "admin")
    client.force_login(admin)
    mid = Membership.objects.get(user=admin).pk
    response = client.post(f"/parties/tartu/members/{mid}/", {"role": "viewer"})
    assert response.status_code == 400 and "viimane administraator" in str(response.context["form"].errors["role"])
    response = client.post(f"/parties/tartu/members/{mid}/end/")
    assert response.status_code == 400 and "viimane administraator" in response.content.decode()
    assert Membership.objects.get(pk=mid).role == "admin" and Membership.objects.get(pk=mid).ends_on is None
    # with a second admin, the first may step down
    member("tartu", "admin")
    assert client.post(f"/parties/tartu/members/{mid}/", {"role": "viewer"}).status_code == 302


def test_another_partys_member_is_404_like_a_missing_one(programme, member, client):
    client.force_login(member("tartu", "admin"))
    other = Membership.objects.get(user=member("parnu", "viewer"))
    for url in (f"/parties/parnu/members/{other.pk}/", f"/parties/tartu/members/{other.pk}/"):
        assert client.get(url).status_code == 404
        assert client.post(url, {"role": "admin"}).status_code == 404
    assert client.post(f"/parties/tartu/members/{other.pk}/end/").status_code == 404
    assert client.get("/parties/parnu/members/").status_code == 404
    assert invite(client, "parnu").status_code == 404
    other.refresh_from_db()
    assert (other.role, other.ends_on) == ("viewer", None)


def test_coordinators_do_not_manage_members_but_elvl_admins_manage_any_party(programme, member, client):
    client.force_login(member("tartu", "coordinator"))
    assert client.get("/parties/tartu/members/").status_code == 404
    client.force_login(member("elvl", "admin"))
    viewer = member("parnu", "viewer")
    assert viewer.email in client.get("/parties/parnu/members/").content.decode()
    mid = Membership.objects.get(user=viewer).pk
    assert client.post(f"/parties/parnu/members/{mid}/", {"role": "coordinator"}).status_code == 302
