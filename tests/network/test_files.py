"""The directory's files: the import (errors by row and column, nothing written; existing entries not
duplicated), the export (CSV and XLSX with the About sheet, imports back), and vCard 4.0 parsed back."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.network.importing import directory_import
from loim.network.models import Contact, DirectoryImport, Organisation
from loim.network.services import ContactInput, OrganisationInput, contact_create, organisation_create
from loim.network.vcard import contact_card, fold

pytestmark = pytest.mark.django_db

HEADER = (
    "name;registry_code;kind;municipalities;languages;email;phone;contact_name;contact_role;contact_email;contact_phone"
)


def csv_file(*lines, name="nimekiri.csv"):
    return SimpleUploadedFile(name, ("\n".join([HEADER, *lines]) + "\n").encode("utf-8"))


def add(party, name, **kwargs):
    return organisation_create(data=OrganisationInput(party=party, name=name, kind="state_agency", **kwargs), by=None)


def test_an_import_adds_organisations_and_their_contacts_without_duplicating(programme, member):
    user = member("parnu", "coordinator")
    existing = add(programme["elvl"], "Eesti Töötukassa", registry_code="70009770")
    upload = csv_file(
        "Töötukassa Pärnu osakond;70009770;;;;;;Mari Maasikas;karjäärinõustaja;mari@example.ee;+372 5555 0101",
        "MTÜ Pärnu Vene Kultuuriselts;;minority;Pärnu linn;ru, et;info@kultuur.example.ee;;"
        + "Olga Ivanova;juhatuse liige;;",
        "mtü pärnu vene kultuuriselts;;;;;;;Pjotr Petrov;;;",
        "Pärnu Keskraamatukogu;;library;Pärnu linn;et;;+372 445 5705;;;;",
    )
    result = directory_import(party=programme["parnu"], upload=upload, created_by=user)
    assert result.ok, result.errors
    assert (result.rows, result.organisations, result.contacts) == (4, 2, 3)
    # the registry code found ELVL's entry: the row added Pärnu's contact to it, nothing else
    assert Organisation.objects.count() == 3
    assert [c.name for c in existing.contacts.all()] == ["Mari Maasikas"]
    society = Organisation.objects.get(name="MTÜ Pärnu Vene Kultuuriselts")
    assert (society.kind, society.party, society.languages) == ("minority", programme["parnu"], ["ru", "et"])
    assert [m.name for m in society.municipalities.all()] == ["Pärnu linn"]
    assert sorted(c.name for c in society.contacts.all()) == ["Olga Ivanova", "Pjotr Petrov"]
    assert Contact.objects.get(name="Mari Maasikas").party == programme["parnu"]
    batch = DirectoryImport.objects.get()
    assert (batch.organisations_created, batch.contacts_created, batch.created_by) == (2, 3, user)
    # the same file again adds nothing
    again = directory_import(party=programme["parnu"], upload=csv_file(*upload_lines(upload)), created_by=user)
    assert (again.organisations, again.contacts) == (0, 0)
    assert (Organisation.objects.count(), Contact.objects.count()) == (3, 3)


def upload_lines(upload):
    upload.seek(0)
    return upload.read().decode().splitlines()[1:]


def test_import_errors_name_row_and_column_and_nothing_is_written(programme, settings):
    settings.LANGUAGE_CODE = "en"
    add(programme["elvl"], "Sotsiaalkindlustusamet", registry_code="70001975")
    upload = csv_file(
        "Hea Ühing;;ngo;;;info@hea.example.ee;;Kati Kask;;kati@example.ee;+372 5555 0102",  # fine alone
        "Vale Kood OÜ;12345670;company;;;;;;;;",  # check digit
        "Vale Post MTÜ;;ngo;;;post@;;;;;",  # e-mail
        "Vale Telefon MTÜ;;ngo;;;;12-34;;;;",  # phone
        "Tundmatu Liik;;planet;;;;;;;;",  # kind
        "Sotsiaalkindlustusamet;;;;;;;Jaan Tamm;;jaan@;",  # an existing entry; the contact's e-mail is wrong
        ";;ngo;;;;;;;;",  # no name
    )
    result = directory_import(party=programme["parnu"], upload=upload)
    found = {(e.row, e.column) for e in result.errors}
    # every error the file has, with the row as the spreadsheet numbers it (the header is row 1)
    assert found == {
        (3, "registry_code"),
        (4, "email"),
        (5, "phone"),
        (6, "kind"),
        (7, "contact_email"),
        (8, "name"),
    }, result.errors
    messages = {(e.row, e.column): e.message for e in result.errors}
    assert "12345670 is not a valid Estonian registry code" in messages[(3, "registry_code")]
    assert "12-34 is not a phone number" in messages[(5, "phone")]
    assert "planet" in messages[(6, "kind")]
    assert Organisation.objects.count() == 1 and Contact.objects.count() == 0
    assert not DirectoryImport.objects.exists()


def test_the_import_names_the_column_as_the_file_does(programme, settings):
    settings.LANGUAGE_CODE = "et"
    upload = SimpleUploadedFile(
        "kataloog.csv", "Organisatsioon;Registrikood;Liik\nVale OÜ;12345670;ettevõte\n".encode()
    )
    result = directory_import(party=programme["parnu"], upload=upload)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Registrikood")]


def test_the_import_page_lists_errors_with_400_and_writes_nothing(client, programme, member):
    client.force_login(member("parnu", "coordinator"))
    upload = csv_file("Vale Kood OÜ;12345670;company;;;;;;;;")
    response = client.post(reverse("network:import"), {"party": programme["parnu"].pk, "file": upload})
    assert response.status_code == 400
    assert "12345670" in response.content.decode()
    assert Organisation.objects.count() == 0


def test_the_export_writes_a_row_per_contact_and_imports_back(client, programme, member):
    elvl = programme["elvl"]
    agency = add(elvl, "Sotsiaalkindlustusamet", registry_code="70001975", phone="+372 612 1360")
    contact_create(
        data=ContactInput(party=elvl, organisation=agency, name="Mari Maasikas", email="mari@example.ee"), by=None
    )
    contact_create(data=ContactInput(party=elvl, organisation=agency, name="=Kalle", role="nõunik"), by=None)
    add(elvl, "Päästeamet", registry_code="70000585")
    client.force_login(member("tartu", "viewer"))
    response = client.get(reverse("network:directory_export_xlsx"))
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames[-1] == "Teave" or len(workbook.sheetnames) == 2
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    names = [(r[0], r[9]) for r in rows[1:]]
    assert names == [
        ("Päästeamet", None),
        ("Sotsiaalkindlustusamet", "=Kalle"),
        ("Sotsiaalkindlustusamet", "Mari Maasikas"),
    ]
    csv_response = client.get(reverse("network:directory_export_csv"))
    text = b"".join(csv_response.streaming_content).decode("utf-8-sig")
    assert "'=Kalle" in text  # a formula-like name is neutralised
    # the CSV imports back into an empty directory as the same entries
    Contact.objects.all().delete()
    Organisation.objects.all().delete()
    result = directory_import(party=programme["tartu"], upload=SimpleUploadedFile("tagasi.csv", text.encode()))
    assert result.ok, result.errors
    assert (result.organisations, result.contacts) == (2, 2)
    assert Organisation.objects.get(name="Sotsiaalkindlustusamet").phone == "+372 612 1360"


# --- vCard: parsed back by a reader written from RFC 6350 ---------------------------------------


def unfold(text: str) -> list[str]:
    assert "\n" not in text.replace("\r\n", ""), "every line ends with CRLF"
    physical = text.split("\r\n")
    assert physical[-1] == ""
    for line in physical[:-1]:
        assert len(line.encode("utf-8")) <= 75, f"a line longer than 75 octets: {line!r}"
    logical: list[str] = []
    for line in physical[:-1]:
        if line.startswith(" "):
            logical[-1] += line[1:]
        else:
            logical.append(line)
    return logical


def split_unescaped(value: str, separator: str) -> list[str]:
    parts, current, escaped = [], "", False
    for char in value:
        if escaped:
            current += {"n": "\n", "N": "\n"}.get(char, char)
            escaped = False
        elif char == "\\":
            escaped = True
        elif char == separator:
            parts.append(current)
            current = ""
        else:
            current += char
    return [*parts, current]


def parse_cards(text: str) -> list[dict[str, list[tuple[str, str]]]]:
    cards, card = [], None
    for line in unfold(text):
        head, _colon, value = line.partition(":")
        name, *params = head.split(";")
        if name == "BEGIN":
            card = {}
        elif name == "END":
            cards.append(card)
        else:
            card.setdefault(name, []).append((";".join(params), value))
    return cards


def test_a_contact_card_is_vcard_4_with_escaped_text_and_folded_lines(programme):
    organisation = add(programme["elvl"], "Integratsiooni Sihtasutus; Tallinna büroo, Narva mnt")
    contact = contact_create(
        data=ContactInput(
            party=programme["elvl"],
            organisation=organisation,
            name="Jüri Õunapuu-Ämblik",
            role="Nõustaja, kohanemisprogramm; " + "väga pikk ametinimetus " * 4,
            email="juri@example.ee",
            phone="+372 5555 0103",
            languages=["et", "ru"],
        ),
        by=None,
    )
    text = contact_card(contact)
    (card,) = parse_cards(text)
    assert card["VERSION"] == [("", "4.0")]
    assert card["FN"] == [("", "Jüri Õunapuu-Ämblik")]
    assert split_unescaped(card["ORG"][0][1], ";") == ["Integratsiooni Sihtasutus; Tallinna büroo, Narva mnt"]
    assert split_unescaped(card["TITLE"][0][1], "\0") == [
        ("Nõustaja, kohanemisprogramm; " + "väga pikk ametinimetus " * 4).strip()
    ]
    assert card["EMAIL"] == [("TYPE=work", "juri@example.ee")]
    assert card["TEL"] == [("VALUE=uri;TYPE=work,voice", "tel:+372-5555-0103")]
    assert card["LANG"] == [("PREF=1", "et"), ("PREF=2", "ru")]
    assert card["UID"][0][1].startswith("urn:uuid:")


def test_folding_never_splits_a_character():
    line = "NOTE:" + "õ" * 100
    folded = fold(line)
    for physical in folded.split("\r\n")[:-1]:
        assert len(physical.encode("utf-8")) <= 75
        physical.encode("utf-8").decode("utf-8")
    assert "".join(p[1:] if i else p for i, p in enumerate(folded.split("\r\n")[:-1])) == line


def test_vcards_per_contact_and_per_list_are_text_vcard(client, programme, member):
    organisation = add(programme["elvl"], "Päästeamet", registry_code="70000585", email="rescue@example.ee")
    for name in ("Anne Allik", "Boris Berg"):
        contact_create(data=ContactInput(party=programme["elvl"], organisation=organisation, name=name), by=None)
    client.force_login(member("tartu", "viewer"))
    one = client.get(reverse("network:contact_vcard", args=[organisation.contacts.first().pk]))
    assert one["Content-Type"].startswith("text/vcard")
    assert [c["FN"][0][1] for c in parse_cards(one.content.decode())] == ["Anne Allik"]
    listed = client.get(reverse("network:directory_vcard"))
    cards = parse_cards(listed.content.decode())
    assert [(c["KIND"][0][1], c["FN"][0][1]) for c in cards] == [
        ("org", "Päästeamet"),
        ("individual", "Anne Allik"),
        ("individual", "Boris Berg"),
    ]
