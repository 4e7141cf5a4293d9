"""Communication outputs and translation jobs: the one validation (services, shared by the form, the
import and the API), bad input named by its field with nothing written, stale edits refused, and the
service translation status a job moves."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from loim.communication.models import Output, TranslationJob
from loim.communication.services import output_create, output_update, translation_job_create
from loim.core.translations import TranslationStatus
from loim.core.versioning import StaleVersion
from loim.services.models import ServiceTranslation
from tests.communication.helpers import channel, job_input, make_job, make_output, output_input, png
from tests.services.helpers import make_service


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refused(party, field, **kwargs):
    with pytest.raises(ValidationError) as caught:
        output_create(party=party, data=output_input(party, **kwargs))
    assert field in caught.value.message_dict, caught.value.message_dict
    assert not Output.objects.exists()
    return caught.value.message_dict[field]


def test_an_output_is_saved_with_its_evidence(programme):
    output = make_output(programme["rakvere"], evidence=png(), reach=1840, reach_unit="group_members")
    assert output.version == 1
    assert output.evidence_name == "kuvatommis.png" and output.evidence_type == "image/png"
    assert output.evidence.name.startswith(f"communication/{programme['rakvere'].pk}/")


def test_a_future_date_is_refused(programme):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    assert refused(programme["tartu"], "date", date=tomorrow) == ["The date is in the future."]


@pytest.mark.parametrize("link", ["ftp://tartu.ee/x", "javascript:alert(1)", "tartu.ee/uudised"])
def test_a_link_that_is_not_http_is_refused(programme, link):
    assert refused(programme["tartu"], "link", link=link) == ["Give an address starting with http:// or https://."]


def test_an_unknown_language_is_refused(programme):
    assert refused(programme["tartu"], "languages", languages=["en", "xx"]) == ["Unknown language: xx."]


def test_no_language_is_refused(programme):
    assert refused(programme["tartu"], "languages", languages=[]) == ["Choose at least one language."]


def test_another_partys_channel_is_refused(programme):
    other = channel(programme["parnu"], "Pärnu Postimees")
    assert refused(programme["tartu"], "channel", channel=other) == ["Choose one of your party's channels."]


def test_a_forbidden_evidence_type_is_refused_and_nothing_is_stored(programme, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    page = SimpleUploadedFile("postitus.html", b"<html><script>x</script></html>", content_type="text/html")
    messages = refused(programme["tartu"], "evidence", evidence=page)
    assert messages == ["Files of type “.html” are not accepted. Allowed: DOCX, JPG, ODP, ODT, PDF, PNG, PPTX."]
    disguised = SimpleUploadedFile("postitus.pdf", b"<html></html>", content_type="application/pdf")
    assert refused(programme["tartu"], "evidence", evidence=disguised) == [
        "The content of “postitus.pdf” is not a PDF file. Save it again in that format."
    ]
    assert not any(tmp_path.rglob("*.*"))


def test_reach_needs_what_it_counts(programme):
    assert refused(programme["tartu"], "reach_unit", reach=500) == [
        "Say what the reach counts: print run, members or views."
    ]


def test_a_plan_row_of_another_year_or_party_is_refused(programme):
    from tests.monitoring.builders import make_activity, make_plan

    plan = make_plan(2024)
    top = make_activity(plan, "3.5.2.3", section="partner", responsible=[programme["rakvere"]])
    row = make_activity(plan, "3.5.2.3", parent=top, row_key="3.2", responsible=[programme["rakvere"]])
    assert refused(programme["rakvere"], "activity", activity=row, date=dt.date(2023, 12, 1)) == [
        "The plan row belongs to the 2024 plan, but the record is dated 2023."
    ]
    assert refused(programme["tartu"], "activity", activity=row) == ["Choose a plan row your party answers for."]
    assert make_output(programme["rakvere"], activity=row).activity == row


def test_a_stale_edit_is_refused(programme):
    output = make_output(programme["tartu"], title="Uudis")
    stale = output.version
    output_update(output=Output.objects.get(pk=output.pk), data=output_input(programme["tartu"], title="Uus"))
    with pytest.raises(StaleVersion):
        output_update(
            output=Output.objects.get(pk=output.pk), data=output_input(programme["tartu"], title="Minu"), version=stale
        )
    assert Output.objects.get(pk=output.pk).title == "Uus"


# --- translation jobs


def test_same_source_and_target_language_is_refused(programme):
    with pytest.raises(ValidationError) as caught:
        translation_job_create(party=programme["elvl"], data=job_input(source_language="en", target_language="en"))
    assert caught.value.message_dict["target_language"] == ["The target language must differ from the source."]
    assert not TranslationJob.objects.exists()


def test_an_agency_job_names_the_agency(programme):
    with pytest.raises(ValidationError) as caught:
        translation_job_create(party=programme["elvl"], data=job_input(translated_by="agency"))
    assert caught.value.message_dict["agency"] == ["Choose the agency from the directory."]


def _status(service, language):
    translation = ServiceTranslation.objects.filter(service=service, language=language).first()
    from loim.core.translations import status_of

    return status_of(translation, service)


def test_a_job_for_a_service_moves_its_translation_to_in_translation_and_done_closes_it(programme):
    from loim.communication.services import JobInput, translation_job_update
    from loim.services.services import TextInput, translation_save

    elvl = programme["elvl"]
    service = make_service(elvl, name="Elukoha registreerimine")
    assert _status(service, "en") == TranslationStatus.MISSING
    job = make_job(elvl, subject_kind="service", service=service, title="", status="in_progress")
    assert job.title == "Elukoha registreerimine"
    assert _status(service, "en") == TranslationStatus.IN_TRANSLATION
    assert _status(service, "ru") == TranslationStatus.MISSING  # only the job's target language
    # done while the draft still holds the Estonian text: refused, nothing changed
    with pytest.raises(ValidationError) as caught:
        translation_job_update(job=job, data=JobInput(**{**vars(JobInput.from_job(job)), "status": "done"}))
    assert "still holds the Estonian text" in caught.value.message_dict["status"][0]
    assert _status(service, "en") == TranslationStatus.IN_TRANSLATION
    # the translator enters the text (still a draft), then the job is done: the translation is up to date
    translation_save(
        service=service,
        language="en",
        text=TextInput(name="Registering your residence", summary="How to register where you live."),
        made_from=service.source_version,
        draft=True,
    )
    job = TranslationJob.objects.get(pk=job.pk)
    translation_job_update(job=job, data=JobInput(**{**vars(JobInput.from_job(job)), "status": "done"}))
    assert _status(service, "en") == TranslationStatus.UP_TO_DATE


def test_a_service_job_is_from_estonian_into_a_portal_language(programme):
    service = make_service(programme["elvl"])
    with pytest.raises(ValidationError) as caught:
        translation_job_create(
            party=programme["elvl"],
            data=job_input(subject_kind="service", service=service, source_language="en", target_language="other"),
        )
    errors = caught.value.message_dict
    assert errors["source_language"] == ["A service is translated from Estonian."]
    assert errors["target_language"] == ["A service is translated into English, Russian or Ukrainian."]
