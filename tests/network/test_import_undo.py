"""The directory import's preview (counts, the first rows, nothing written), its confirmation (the
staged file written in one transaction) and undo per file (exactly the entries it created, refused
when one is used or changed since; another party's import is a 404)."""

import io
from dataclasses import replace

import openpyxl
import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.inquiries.models import ReferralTarget
from loim.network.importing import directory_import
from loim.network.models import Contact, DirectoryImport, Organisation
from loim.network.services import (
    ContactInput,
    OrganisationInput,
    contact_create,
    directory_import_undo,
    organisation_create,
    organisation_update,
)

pytestmark = pytest.mark.django_db

HEADER = [
    "name",
    "registry_code",
    "kind",
    "municipalities",
    "languages",
    "email",
    "phone",
    "contact_name",
    "contact_role",
    "contact_email",
    "contact_phone",
]
# Row 2: the existing Töötukassa (by its code), a new contact → one contact added.
# Row 3: a new organisation with a contact. Row 4: a new organisation without one.
# Row 5: the existing Töötukassa again, no contact → left as it is.
# So: 4 rows, 2 organisations created, 2 contacts added, 1 row left as it is.
ROWS = [
    ["Töötukassa Pärnu osakond", "70009770", "", "", "", "", "", "Mari Maasikas", "nõustaja", "mari@example.ee", ""],
    ["MTÜ Pärnu Vene Kultuuriselts", "", "minority", "Pärnu linn", "ru", "", "", "Olga Ivanova", "", "", ""],
    ["Pärnu Keskraamatukogu", "", "library", "", "et", "", "", "", "", "", ""],
    ["Eesti Töötukassa", "70009770", "", "", "", "", "", "", "", "", ""],
]


def csv_upload(name="kataloog.csv"):
    text = "\n".join(";".join(row) for row in [HEADER, *ROWS]) + "\n"
    return SimpleUploadedFile(name, text.encode("utf-8"))


def xlsx_upload(name="kataloog.xlsx"):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in [HEADER, *ROWS]:
        sheet.append([cell or None for cell in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def existing(programme):
    return organisation_create(
        data=OrganisationInput(
            party=programme["elvl"], name="Eesti Töötukassa", kind="state_agency", registry_code="70009770"
        ),
        by=None,
    )


def _imported(programme, user, upload=None):
    result = directory_import(party=programme["parnu"], upload=upload or csv_upload(), created_by=user)
    assert result.ok, result.errors
    return result.batch


def test_the_check_counts_and_previews_and_writes_nothing(programme, member, existing):
    user = member("parnu", "coordinator")
    entries = LogEntry.objects.count()
    result = directory_import(party=programme["parnu"], upload=csv_upload(), created_by=user, check_only=True)
    assert result.ok, result.errors
    assert (result.rows, result.organisations, result.contacts, result.unchanged) == (4, 2, 2, 1)
    fields = ("row", "organisation", "new_organisation", "contact", "contact_added")
    assert [tuple(r[f] for f in fields) for r in result.preview] == [
        (2, "Eesti Töötukassa", False, "Mari Maasikas", True),
        (3, "MTÜ Pärnu Vene Kultuuriselts", True, "Olga Ivanova", True),
        (4, "Pärnu Keskraamatukogu", True, "", False),
        (5, "Eesti Töötukassa", False, "", False),
    ]
    assert result.batch is None
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Eesti Töötukassa"]
    assert (Contact.objects.count(), DirectoryImport.objects.count(), LogEntry.objects.count()) == (0, 0, entries)


def test_the_check_reports_every_error_by_the_files_column_and_writes_nothing(programme):
    rows = [["", "", "ngo", "", "", "", "", "", "", "", ""], ["Vale Kood OÜ", "12345670", "company", *[""] * 8]]
    text = "\n".join(";".join(row) for row in [HEADER, *rows]) + "\n"
    upload = SimpleUploadedFile("vigane.csv", text.encode())
    result = directory_import(party=programme["parnu"], upload=upload, check_only=True)
    assert [(e.row, e.column) for e in result.errors] == [(2, "name"), (3, "registry_code")]
    assert (result.organisations, result.contacts, result.preview) == (0, 0, [])
    assert Organisation.objects.count() == 0


def test_upload_previews_then_the_confirmation_writes_the_staged_xlsx(client, programme, member, existing):
    client.force_login(member("parnu", "coordinator"))
    response = client.post(reverse("network:import"), {"party": programme["parnu"].pk, "file": xlsx_upload()})
    assert response.status_code == 200
    result, token = response.context["result"], response.context["token"]
    assert (result.rows, result.organisations, result.contacts, result.unchanged) == (4, 2, 2, 1)
    assert token
    assert (Organisation.objects.count(), Contact.objects.count(), DirectoryImport.objects.count()) == (1, 0, 0)

    response = client.post(reverse("network:import"), {"token": token, "action": "import"})
    assert response.status_code == 302
    batch = DirectoryImport.objects.get()
    assert (batch.party, batch.file_name, batch.organisations_created, batch.contacts_created) == (
        programme["parnu"],
        "kataloog.xlsx",
        2,
        2,
    )
    assert sorted(batch.organisations.values_list("name", flat=True)) == [
        "MTÜ Pärnu Vene Kultuuriselts",
        "Pärnu Keskraamatukogu",
    ]
    assert sorted(batch.contacts.values_list("name", flat=True)) == ["Mari Maasikas", "Olga Ivanova"]
    assert Organisation.objects.count() == 3
    # the token is used once: posting it again is a 404, nothing more is written
    assert client.post(reverse("network:import"), {"token": token, "action": "import"}).status_code == 404
    assert DirectoryImport.objects.count() == 1


def test_cancelling_the_preview_writes_nothing(client, programme, member, existing):
    client.force_login(member("parnu", "coordinator"))
    response = client.post(reverse("network:import"), {"party": programme["parnu"].pk, "file": csv_upload()})
    response = client.post(reverse("network:import"), {"token": response.context["token"], "action": "cancel"})
    assert response.status_code == 302
    assert (Organisation.objects.count(), Contact.objects.count(), DirectoryImport.objects.count()) == (1, 0, 0)


def test_undo_removes_exactly_what_the_file_created(client, programme, member, existing):
    user = member("parnu", "coordinator")
    batch = _imported(programme, user)
    # meanwhile ELVL adds its own contact to its entry: the undo keeps it
    contact_create(data=ContactInput(party=programme["elvl"], organisation=existing, name="Jaan Tamm"), by=None)
    client.force_login(user)
    url = reverse("network:import_undo", kwargs={"pk": batch.pk})
    assert client.get(url).status_code == 200
    response = client.post(url)
    assert response.status_code == 302
    assert list(Organisation.objects.values_list("name", flat=True)) == ["Eesti Töötukassa"]
    assert list(Contact.objects.values_list("name", flat=True)) == ["Jaan Tamm"]
    assert DirectoryImport.objects.count() == 0
    deleted = LogEntry.objects.filter(action=LogEntry.Action.DELETE)
    assert deleted.filter(content_type=ContentType.objects.get_for_model(Organisation)).count() == 2
    assert deleted.filter(content_type=ContentType.objects.get_for_model(Contact)).count() == 2
    assert deleted.filter(content_type=ContentType.objects.get_for_model(DirectoryImport)).count() == 1


def _refused(client, user, batch):
    client.force_login(user)
    response = client.post(reverse("network:import_undo", kwargs={"pk": batch.pk}))
    assert response.status_code == 302
    assert DirectoryImport.objects.filter(pk=batch.pk).exists()
    assert Organisation.objects.count() == 3 and Contact.objects.count() >= 2
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_undo_is_refused_when_a_created_organisation_is_in_use(client, programme, member, existing):
    user = member("parnu", "coordinator")
    batch = _imported(programme, user)
    society = Organisation.objects.get(name="MTÜ Pärnu Vene Kultuuriselts")
    ReferralTarget.objects.create(code="vene-kultuuriselts", organisation=society)
    assert "MTÜ Pärnu Vene Kultuuriselts" in _refused(client, user, batch)
    with pytest.raises(Exception, match="MTÜ Pärnu Vene Kultuuriselts"):
        directory_import_undo(batch=batch)


def test_undo_is_refused_when_a_created_entry_was_changed_or_given_a_contact(client, programme, member, existing):
    user = member("parnu", "coordinator")
    batch = _imported(programme, user)
    library = Organisation.objects.get(name="Pärnu Keskraamatukogu")
    data = replace(OrganisationInput.from_organisation(library), note="Avatud E–R")
    organisation_update(organisation=library, data=data, by=user)
    assert "Pärnu Keskraamatukogu" in _refused(client, user, batch)

    other = _imported_again_with_contact_by_someone_else(programme, user)
    assert "MTÜ Tartu Selts" in _refused_any(client, user, other)


def _imported_again_with_contact_by_someone_else(programme, user):
    text = "\n".join(";".join(r) for r in [HEADER, ["MTÜ Tartu Selts", "", "ngo", *[""] * 8]]) + "\n"
    batch = _imported(programme, user, SimpleUploadedFile("teine.csv", text.encode()))
    selts = Organisation.objects.get(name="MTÜ Tartu Selts")
    contact_create(data=ContactInput(party=programme["elvl"], organisation=selts, name="Peeter Puu"), by=None)
    return batch


def _refused_any(client, user, batch):
    client.force_login(user)
    response = client.post(reverse("network:import_undo", kwargs={"pk": batch.pk}))
    assert DirectoryImport.objects.filter(pk=batch.pk).exists()
    assert Organisation.objects.filter(name="MTÜ Tartu Selts").exists()
    return " ".join(str(m) for m in get_messages(response.wsgi_request))


def test_another_partys_import_is_a_404_and_stays(client, programme, member, existing):
    batch = _imported(programme, member("parnu", "coordinator"))
    client.force_login(member("tartu", "coordinator"))
    url = reverse("network:import_undo", kwargs={"pk": batch.pk})
    assert client.get(url).status_code == 404
    assert client.post(url).status_code == 404
    assert DirectoryImport.objects.filter(pk=batch.pk).exists()
    assert Organisation.objects.count() == 3


def test_a_file_for_another_party_is_refused_at_the_check_and_never_staged(client, programme, member):
    client.force_login(member("parnu", "coordinator"))
    response = client.post(reverse("network:import"), {"party": programme["tartu"].pk, "file": csv_upload()})
    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"party"}
    assert (response.context["token"], Organisation.objects.count(), client.session.get("directory_imports")) == (
        None,
        0,
        None,
    )
    # a token this session was never given is a 404, nothing written
    assert client.post(reverse("network:import"), {"token": "x" * 22, "action": "import"}).status_code == 404
    assert DirectoryImport.objects.count() == 0
