"""Look for a person's values anywhere in the database: every column of every table (including the
audit log, sessions, the task queue and through tables)."""

import json

from django.apps import apps
from django.contrib.sessions.models import Session


def find_traces(*needles: str) -> list[str]:
    needles = [n.casefold() for n in needles if n]
    hits = []
    for model in apps.get_models(include_auto_created=True):
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._default_manager.all().values_list(*fields):
            text = json.dumps([str(value) for value in row], ensure_ascii=False).casefold()
            hits += [f"{model._meta.label}: {needle}" for needle in needles if needle in text]
    for session in Session.objects.all():
        text = json.dumps(session.get_decoded(), ensure_ascii=False, default=str).casefold()
        hits += [f"session: {needle}" for needle in needles if needle in text]
    return hits
