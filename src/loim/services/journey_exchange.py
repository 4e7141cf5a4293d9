"""Adaptation journeys in the translation batches: the journeys' `ExchangeKind` for the one exchange
(`core.translations.exchange`; `exchange.py` puts services and journeys in one file).

Unit ids: `journey.<pk>.v<text version>.title` and `.intro` for the journey, and
`journey.<pk>.v<text version>.stage.<stage pk>.title` and `.text` for each stage. The text version is
the journey's, which counts changes of the stages' texts too, so a unit exported before any text of
the journey changed is refused on import ("export it again"), as a service's is.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from loim.core.translations import exchange as core_exchange
from loim.core.translations.exchange import where

from .journey_models import JOURNEY_FIELDS, STAGE_FIELDS, Journey
from .journeys import JourneyTextInput, journey_translation_save

STAGE_KEY = re.compile(r"stage\.(?P<stage>[0-9]+)\.(?P<field>title|text)")


def translatable_journeys(user):
    """The journeys the user may translate: their own parties'."""
    return Journey.objects.editable_by(user).prefetch_related("translations", "stages")


class JourneyExchange(core_exchange.ExchangeKind):
    prefix = "journey"
    required = ("title",)

    def sources(self, user):
        return translatable_journeys(user)

    def keys(self, source):
        stages = sorted(source.stages.all(), key=lambda s: (s.position, s.pk))
        return [*JOURNEY_FIELDS, *(f"stage.{stage.pk}.{name}" for stage in stages for name in STAGE_FIELDS)]

    def is_key(self, key):
        return key in JOURNEY_FIELDS or STAGE_KEY.fullmatch(key) is not None

    def _stage(self, source, key):
        match = STAGE_KEY.fullmatch(key)
        if match is None:
            return None, None
        return next((s for s in source.stages.all() if s.pk == int(match["stage"])), None), match["field"]

    def source_text(self, source, key):
        if key in JOURNEY_FIELDS:
            return getattr(source, key) or ""
        stage, name = self._stage(source, key)
        return (getattr(stage, name) or "") if stage is not None else ""

    def target_text(self, translation, key):
        if translation is None:
            return ""
        if key in JOURNEY_FIELDS:
            return getattr(translation, key) or ""
        match = STAGE_KEY.fullmatch(key)
        return translation.stage_value(int(match["stage"]), match["field"]) if match else ""

    def no_such_key(self, unit, source):
        key = unit.id.split(".", 3)[3]
        if key in JOURNEY_FIELDS or self._stage(source, key)[0] is not None:
            return None
        return _("%(where)s: the journey “%(name)s” has no such stage.") % {"where": where(unit), "name": source.title}

    def write(self, source, *, texts, language, made_from, machine_made, user):
        stages: dict[int, dict[str, str]] = {}
        for key, value in texts.items():
            if match := STAGE_KEY.fullmatch(key):
                stages.setdefault(int(match["stage"]), {})[match["field"]] = value
        journey_translation_save(
            journey=source,
            language=language,
            text=JourneyTextInput(texts["title"], texts["intro"], stages),
            made_from=made_from,
            machine_made=machine_made,
            user=user,
        )

    def note(self, source):
        return source.title

    not_a_unit = gettext_lazy("%s: not a unit of a journey.")
    unknown = gettext_lazy("%s: no journey of yours has this id.")
    changed = gettext_lazy(
        "%(where)s: the Estonian text of the journey “%(name)s” changed since the export (version "
        "%(old)d, now %(new)d); export it again."
    )
    needs_target = gettext_lazy("%(journey)s: the translation needs a text for “%(field)s” (unit %(id)s).")


JOURNEYS = JourneyExchange()


def unit_id(journey: Journey, field: str, stage=None) -> str:
    return JOURNEYS.unit_id(journey, field if stage is None else f"stage.{stage.pk}.{field}")
