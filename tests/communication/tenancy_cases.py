import itertools

from loim.communication.models import Channel, Output, TranslationJob
from tests.communication.helpers import channel, make_job, marked_output
from tests.tenancy import API_ACTIONS, Form, Readers, TenancyCase

_n = itertools.count(1)

# Communication records are the programme's reported work, not personal data (Scope.OWNED, like
# events): ELVL's and the ministry's readers read every party's; only the owner changes them.


def output_edit_data(output):
    return {
        "kind": "news",
        "channel": output.channel_id,
        "languages": ["ru"],
        "date": "06.03.2024",
        "title": f"muudetud {next(_n)}",
        "version": output.version,
    }


def output_create_data(party):
    own = channel(party, "Kodulehekülg")
    return {
        "party": party.pk,
        "kind": "news",
        "channel": own.pk,
        "languages": ["en"],
        "date": "06.03.2024",
        "title": f"Loodud lehel {next(_n)}",
    }


def output_api_create(party):
    own = channel(party, "Kodulehekülg")
    return {
        "party": party.slug,
        "kind": "news",
        "channel": own.pk,
        "languages": ["en"],
        "date": "2024-03-06",
        "title": f"API {next(_n)}",
    }


def import_data(party):
    from django.core.files.uploadedfile import SimpleUploadedFile

    own = channel(party, "Kodulehekülg")
    text = f"Kuupäev;Liik;Kanal;Keeled;Pealkiri\n06.03.2024;web_page;{own.name};en;Imporditud {next(_n)}\n"
    return {"party": party.pk, "file": SimpleUploadedFile("veeb.csv", text.encode(), content_type="text/csv")}


def marked_channel(party):
    return channel(party, f"Kanal-{party.slug}-{next(_n)}")


def marked_job(party):
    return make_job(party, title=f"Tõlge-{party.slug}-{next(_n)}")


def job_edit_data(job):
    return {
        "subject_kind": "leaflet",
        "title": f"muudetud {next(_n)}",
        "source_language": "et",
        "target_language": "ru",
        "translated_by": "in_house",
        "date": "06.03.2024",
        "status": "done",
        "version": job.version,
    }


def job_create_data(party):
    return {
        "party": party.pk,
        "subject_kind": "leaflet",
        "title": f"Uus tõlge {next(_n)}",
        "source_language": "et",
        "target_language": "uk",
        "translated_by": "in_house",
        "date": "06.03.2024",
        "status": "done",
    }


def job_api_create(party):
    return {
        "party": party.slug,
        "subject_kind": "leaflet",
        "title": f"API tõlge {next(_n)}",
        "source_language": "et",
        "target_language": "uk",
        "translated_by": "in_house",
        "date": "2024-03-06",
    }


CASES = [
    TenancyCase(
        model=Output,
        make=marked_output,
        marker=lambda output: output.title,
        readers=Readers.READ_ALL,
        list=["/communication/list/", "/communication/list/?kind=social_post"],
        read=["communication:evidence"],
        edit=[Form("communication:edit", output_edit_data)],
        delete=["communication:delete"],
        create=[Form("communication:index", output_create_data), Form("communication:import", import_data)],
        export_csv=["/communication/list/export.csv"],
        export_xlsx=["/communication/list/export.xlsx"],
        api="communication-output",
        api_update=lambda output: {"title": f"muudetud {next(_n)}"},
        api_create=output_api_create,
    ),
    TenancyCase(
        model=Channel,
        make=marked_channel,
        marker=lambda c: c.name,
        readers=Readers.READ_ALL,
        list=["communication:channels"],
        edit=[
            Form(
                "communication:channel_edit",
                lambda c: {"name": f"muudetud {next(_n)}", "kind": "website", "active": "on"},
            )
        ],
        delete=["communication:channel_delete"],
        create=[
            Form(
                "communication:channels",
                lambda party: {"party": party.pk, "name": f"Uus kanal {next(_n)}", "kind": "newspaper"},
            )
        ],
        absent={
            "read": "a channel has no page of its own: the channels page lists it",
            "export_csv": "in no export",
            "export_xlsx": "in no export",
            **dict.fromkeys(API_ACTIONS, "channels are managed on their page; outputs name them by id"),
        },
    ),
    TenancyCase(
        model=TranslationJob,
        make=marked_job,
        marker=lambda job: job.title,
        readers=Readers.READ_ALL,
        list=["communication:jobs"],
        edit=[Form("communication:job_edit", job_edit_data)],
        delete=["communication:job_delete"],
        create=[Form("communication:job_add", job_create_data)],
        api="translation-job",
        api_update=lambda job: {"title": f"muudetud {next(_n)}"},
        api_create=job_api_create,
        absent={
            "read": "a job has no page of its own: the list shows it, the edit page changes it",
            "export_csv": "in no export yet",
            "export_xlsx": "in no export yet",
        },
    ),
]
