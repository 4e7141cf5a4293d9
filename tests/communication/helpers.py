"""Building communication records for the tests."""

from __future__ import annotations

import datetime as dt
import itertools

from loim.communication.models import Channel
from loim.communication.services import JobInput, OutputInput, output_create, translation_job_create

_n = itertools.count(1)


def channel(party, name: str | None = None, kind: str = "social") -> Channel:
    name = name or f"Kanal {next(_n)} {party.slug}"
    found = Channel.objects.filter(party=party, name=name).first()
    return found or Channel.objects.create(party=party, name=name, kind=kind)


def output_input(party, **kwargs) -> OutputInput:
    values = {
        "kind": "social_post",
        "channel": kwargs.pop("channel", None) or channel(party, "Foreigners in Rakvere and Lääne-Virumaa"),
        "languages": ["en"],
        "date": dt.date(2024, 3, 5),
        "title": f"Postitus {next(_n)}",
    }
    values.update(kwargs)
    return OutputInput(**values)


def make_output(party, **kwargs):
    return output_create(party=party, data=output_input(party, **kwargs))


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def png(name: str = "kuvatommis.png"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, PNG, content_type="image/png")


def marked_output(party):
    """An output with an evidence file, so its file page is tried too."""
    return make_output(party, title=f"Väljund-{party.slug}-{next(_n)}", evidence=png())


def job_input(**kwargs) -> JobInput:
    values = {
        "subject_kind": "leaflet",
        "title": f"Infoleht {next(_n)}",
        "source_language": "et",
        "target_language": "en",
        "translated_by": "in_house",
        "date": dt.date(2024, 4, 2),
    }
    values.update(kwargs)
    return JobInput(**values)


def make_job(party, **kwargs):
    return translation_job_create(party=party, data=job_input(**kwargs))
