"""Contact lists for invitations (CSV, logged) and the CSV import of people (all or nothing)."""

import csv
import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from loim.inquiries.models import Topic
from loim.places.models import Municipality
from loim.register.access import SUBJECT_REQUEST
from loim.register.models import AccessAction, AccessLog, Consent, Person
from loim.register.services.imports import COLUMNS, ImportRejected, people_import
from loim.register.services.people import consent_withdraw, person_restrict
from tests.register.factories import make_person, make_purpose, make_text
from tests.tabular_checks import ATTACK_RESULTS, attacks, csv_table

pytestmark = pytest.mark.django_db


def rows_of(response):
    """The CSV as written by the one export writer: streamed, a byte-order mark, ";" between fields."""
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def test_contact_list_holds_people_consenting_to_the_purpose_and_is_logged(signed_in_client, saaremaa, purpose):
    kuressaare = Municipality.objects.get(name="Saaremaa vald")
    invited = make_person(saaremaa, name="Anna Invited", languages=["ru", "en"], municipality=kuressaare)
    make_person(saaremaa, name="Boris English", languages=["en"], municipality=kuressaare)
    withdrawn = make_person(saaremaa, name="Vera Withdrawn", languages=["ru"])
    consent_withdraw(consent=withdrawn.consents.get())
    restricted = make_person(saaremaa, name="Galina Restricted", languages=["ru"])
    person_restrict(person=restricted, actor=None, restricted=True, why=SUBJECT_REQUEST)
    no_email = make_person(saaremaa, name="Dmitri Phone", languages=["ru"], email="", phone="5111 2222")
    other_purpose = make_purpose(saaremaa, name="Uudiskiri")
    make_text(other_purpose)
    make_person(saaremaa, name="Other Purpose", languages=["ru"], purpose=other_purpose)

    form = {"purpose": purpose.pk, "channel": "email", "language": "ru", "municipality": "", "topic": ""}
    preview = signed_in_client.post(reverse("register:invitation"), {**form, "action": "preview"})
    assert preview.context["count"] == 1
    assert "Anna Invited" not in preview.content.decode()
    assert not AccessLog.objects.filter(action=AccessAction.CONTACT_LIST).exists()

    response = signed_in_client.post(reverse("register:invitation"), {**form, "action": "download"})
    assert response["Content-Type"].startswith("text/csv")
    assert "saaremaa" in response["Content-Disposition"] and "Anna" not in response["Content-Disposition"]
    rows = rows_of(response)
    assert rows[1:] == [["Anna Invited", "inglise keel; vene keel", invited.email]]  # languages by name
    entries = AccessLog.objects.filter(action=AccessAction.CONTACT_LIST)
    assert [(e.person_id, e.action, e.purpose_id) for e in entries] == [
        (invited.pk, AccessAction.CONTACT_LIST, purpose.pk)
    ]

    sms = signed_in_client.post(reverse("register:invitation"), {**form, "channel": "sms", "action": "download"})
    assert rows_of(sms)[1:] == [["Dmitri Phone", "vene keel", "+37251112222"]]  # E.164, not quoted
    assert no_email.pk in AccessLog.objects.values_list("person_id", flat=True)


def test_contact_list_filters_by_topic(signed_in_client, saaremaa, purpose):
    topic = Topic.objects.filter(active=True).first()
    wanted = make_person(saaremaa, topics=[topic])
    make_person(saaremaa)
    response = signed_in_client.post(
        reverse("register:invitation"),
        {"purpose": purpose.pk, "channel": "email", "topic": topic.pk, "action": "download"},
    )
    assert [row[2] for row in rows_of(response)[1:]] == [wanted.email]


def test_a_name_that_looks_like_a_formula_cannot_reach_a_spreadsheet(saaremaa):
    from loim.core.tabular.writer import csv_lines
    from loim.register.exports import invitation_table

    class Row:
        name, email, phone, language_codes = "=HYPERLINK(1)", "@x@example.test", "+1+cmd|' /C calc'!A0", ["et"]

    text = "".join(csv_lines(invitation_table([Row()], channel="email")))
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1][0] == "'=HYPERLINK(1)"
    assert rows[1][2] == "'@x@example.test"
    text = "".join(csv_lines(invitation_table([Row()], channel="sms")))
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    assert rows[1][2] == "'+1+cmd|' /C calc'!A0"  # not a phone number's shape: quoted like any text


def csv_bytes(rows, columns=COLUMNS, delimiter=";"):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(c, "") for c in columns])
    return out.getvalue().encode("utf-8-sig")


def good_row(n=1, **overrides):
    row = {
        "name": f"Imporditud Inimene {n}",
        "languages": "uk ru",
        "target_group": "newcomer",
        "purpose": "Teave ürituste ja teenuste kohta",
        "consent_version": "2024-1",
        "consent_given_on": (dt.date.today() - dt.timedelta(days=3)).strftime("%d.%m.%Y"),
        "consent_method": "paper",
        "phone": f"5{n:07d}",
        "email": "",
        "municipality": "0714",
        "settlement": "Kuressaare",
        "arrival_year": "2022",
        "topics": "",
    }
    row.update(overrides)
    return row


def test_import_creates_every_row_with_its_consent(saaremaa, purpose):
    report = people_import(party=saaremaa, raw=csv_bytes([good_row(1), good_row(2, email="two@example.test")]))
    assert len(report.created) == 2
    person = Person.objects.get(name="Imporditud Inimene 1")
    assert person.phone == "+37250000001"
    assert person.municipality.name == "Saaremaa vald"
    assert person.language_codes == ["ru", "uk"]
    assert Consent.objects.filter(person__party=saaremaa, purpose=purpose).count() == 2


def test_import_with_one_bad_line_writes_nothing_and_names_line_and_column_but_not_the_value(saaremaa, purpose):
    rows = [good_row(1), good_row(2), good_row(3, phone="12-ab-99", email="x@@y"), good_row(4, target_group="tourist")]
    with pytest.raises(ImportRejected) as caught:
        people_import(party=saaremaa, raw=csv_bytes(rows))
    errors = [str(e) for e in caught.value.errors]
    assert any(e.startswith(("Row 4, column “phone”", "Rida 4, veerg „phone“")) for e in errors), errors
    assert {(e.row, e.column) for e in caught.value.errors} >= {(4, "phone"), (4, "email"), (5, "target_group")}
    assert any("email" in e for e in errors)
    assert any("target_group" in e for e in errors)
    assert not any("12-ab-99" in e or "x@@y" in e or "tourist" in e for e in errors)
    assert not Person.objects.exists()


def test_import_refuses_unknown_columns_rather_than_ignoring_them(saaremaa, purpose):
    with pytest.raises(ImportRejected) as caught:
        people_import(party=saaremaa, raw=csv_bytes([good_row()], columns=[*COLUMNS, "isikukood"]))
    assert "isikukood" in str(caught.value.errors[0]) and caught.value.errors[0].row == 0
    assert not Person.objects.exists()


def test_import_refuses_a_repeated_person_and_an_existing_one(saaremaa, purpose):
    with pytest.raises(ImportRejected) as caught:
        people_import(party=saaremaa, raw=csv_bytes([good_row(1), good_row(1)]))
    assert (caught.value.errors[0].row, caught.value.errors[0].column) == (3, "name")
    assert "2" in caught.value.errors[0].message
    people_import(party=saaremaa, raw=csv_bytes([good_row(1)]))
    with pytest.raises(ImportRejected) as caught:
        people_import(party=saaremaa, raw=csv_bytes([good_row(5), good_row(1)]))
    assert "R-" in " ".join(str(e) for e in caught.value.errors)
    assert Person.objects.count() == 1


def test_import_refuses_undecodable_and_empty_files(saaremaa, purpose):
    with pytest.raises(ImportRejected) as caught:
        people_import(party=saaremaa, raw=b"name;languages\n\x81\x83\x88;et\n")  # neither UTF-8 nor Windows-1257
    assert "UTF-8" in str(caught.value.errors[0])
    with pytest.raises(ImportRejected):
        people_import(party=saaremaa, raw=csv_bytes([]))


def test_import_page(signed_in_client, saaremaa, purpose):
    upload = SimpleUploadedFile("people.csv", csv_bytes([good_row(1)]), content_type="text/csv")
    checked = signed_in_client.post(reverse("register:import"), {"file": upload})
    assert checked.status_code == 200 and checked.context["checked"].count == 1
    assert not Person.objects.exists() and not AccessLog.objects.exists()  # the check was rolled back
    assert "Imporditud" not in checked.content.decode()  # the preview is a count, no personal values
    response = signed_in_client.post(
        reverse("register:import"), {"token": checked.context["token"], "action": "import"}
    )
    assert response.status_code == 302
    assert Person.objects.count() == 1
    bad = SimpleUploadedFile("people.csv", csv_bytes([good_row(2, languages="klingon")]), content_type="text/csv")
    response = signed_in_client.post(reverse("register:import"), {"file": bad})
    assert response.status_code == 200
    assert response.context["errors"]
    assert Person.objects.count() == 1
    template = signed_in_client.get(reverse("register:import_template"))
    assert b"".join(template.streaming_content).decode("utf-8-sig").strip().split(";") == COLUMNS


@pytest.mark.parametrize("channel", ["email", "sms"])
def test_hostile_names_and_addresses_reach_the_contact_list_as_plain_text(signed_in_client, saaremaa, purpose, channel):
    """Names and e-mail addresses are checked when entered; these are written past the checks (as
    data stored before them would be), one person per hostile value, and read back from the file."""
    people = {}
    for number, value in enumerate(attacks()):
        person = make_person(saaremaa, languages=["uk"], phone=f"5111 22{number:02d}")
        Person.objects.filter(pk=person.pk).update(name=value, email=value + f"{number}@example.test")
        people[person.pk] = value
    form = {"purpose": purpose.pk, "channel": channel, "language": "uk", "action": "download"}
    header, *rows = csv_table(signed_in_client.post(reverse("register:invitation"), form), phones=channel == "sms")
    assert header == ["nimi", "eelistatud keeled", "e-post" if channel == "email" else "telefon"]
    assert sorted(row[0] for row in rows) == sorted(ATTACK_RESULTS[v][0] for v in people.values())
    assert {row[1] for row in rows} == {"ukraina keel"}
    if channel == "email":
        for number, value in enumerate(attacks()):
            expected = ATTACK_RESULTS[value][0] + f"{number}@example.test"
            assert expected in [row[2] for row in rows]
    else:
        assert sorted(row[2] for row in rows) == [f"+372511122{n:02d}" for n in range(len(attacks()))]


def test_an_import_is_undone_by_erasing_its_people_with_tombstones(signed_in_client, saaremaa, purpose):
    from loim.register.models import ErasureTombstone, PersonImport
    from tests.register.traces import find_traces

    kept = people_import(party=saaremaa, raw=csv_bytes([good_row(1)]), file_name="varasem.csv")
    upload = SimpleUploadedFile("vale-fail.csv", csv_bytes([good_row(2), good_row(3)]), content_type="text/csv")
    token = signed_in_client.post(reverse("register:import"), {"file": upload}).context["token"]
    assert signed_in_client.post(reverse("register:import"), {"token": token, "action": "import"}).status_code == 302
    batch = PersonImport.objects.get(file_name="vale-fail.csv")
    assert batch.row_count == 2 and batch.people.count() == 2 and kept.batch.people.count() == 1

    page = signed_in_client.get(reverse("register:import")).content.decode()
    assert "vale-fail.csv" in page and "varasem.csv" in page
    confirm = signed_in_client.get(reverse("register:import_undo", args=[batch.pk]))
    assert confirm.status_code == 200 and Person.objects.count() == 3
    response = signed_in_client.post(reverse("register:import_undo", args=[batch.pk]))
    assert response.status_code == 302
    assert list(Person.objects.values_list("name", flat=True)) == ["Imporditud Inimene 1"]
    assert list(ErasureTombstone.objects.values_list("trigger", flat=True)) == ["import_undone", "import_undone"]
    assert AccessLog.objects.filter(action=AccessAction.ERASE).count() == 2
    assert find_traces("Imporditud Inimene 2") == [] and find_traces("Imporditud Inimene 3") == []
    assert not PersonImport.objects.filter(pk=batch.pk).exists()


def test_a_checked_file_is_refused_at_confirmation_if_the_register_changed_meanwhile(
    signed_in_client, saaremaa, purpose
):
    from django.core.files.storage import default_storage

    upload = SimpleUploadedFile("people.csv", csv_bytes([good_row(1)]), content_type="text/csv")
    token = signed_in_client.post(reverse("register:import"), {"file": upload}).context["token"]
    (entry,) = signed_in_client.session["register_imports"].values()
    people_import(party=saaremaa, raw=csv_bytes([good_row(1)]))  # the same person, added meanwhile
    response = signed_in_client.post(reverse("register:import"), {"token": token, "action": "import"})
    assert response.status_code == 200 and response.context["errors"]
    assert Person.objects.count() == 1 and not default_storage.exists(entry["path"])
    again = signed_in_client.post(reverse("register:import"), {"token": token, "action": "import"})
    assert again.status_code == 404


def test_import_takes_the_estonian_and_english_labels_not_only_codes(saaremaa, purpose):
    rows = [
        good_row(
            1,
            languages="ukraina keel, vene keel",
            target_group="uussisserändajad",
            consent_method="allkirjastatud paberil",
        ),
        good_row(
            2, languages="Ukrainian; other language", target_group="returnees", consent_method="web or electronic form"
        ),
        good_row(3),  # the codes still work
    ]
    people_import(party=saaremaa, raw=csv_bytes(rows))
    one, two, three = (Person.objects.get(name=f"Imporditud Inimene {n}") for n in (1, 2, 3))
    assert (one.language_codes, one.target_group) == (["ru", "uk"], "newcomer")
    assert (two.language_codes, two.target_group) == (["uk", "other"], "returnee")
    assert (three.language_codes, three.target_group) == (["ru", "uk"], "newcomer")
    assert [c.method for c in Consent.objects.order_by("person__name")] == ["paper", "web_form", "paper"]


def test_an_unknown_label_is_refused_naming_the_labels_not_the_codes(saaremaa, purpose):
    with pytest.raises(ImportRejected) as caught:
        people_import(party=saaremaa, raw=csv_bytes([good_row(1, target_group="turist")]))
    message = str(caught.value.errors[0])
    assert message.endswith(
        "Kasutage ühte järgmistest: uussisserändajad, erineva keele- ja kultuuritaustaga inimesed, tagasipöördujad."
    ), message


def test_the_import_page_lists_labels_not_codes(signed_in_client, saaremaa, purpose):
    page = signed_in_client.get(reverse("register:import")).content.decode()
    assert (
        "Keeled, eraldatud komaga: eesti keel, inglise keel, vene keel, ukraina keel, muu keel. "
        "Sihtrühm: uussisserändajad, erineva keele- ja kultuuritaustaga inimesed, tagasipöördujad. "
        "Nõusoleku andmise viis: allkirjastatud paberil, allkirjastatud digitaalselt, veebi- või e-vormil, "
        "e-postiga, suuliselt, koordinaator kandis sisse." in page
    )
    assert "other_background" not in page and "web_form" not in page
