"""Validators shared by every app's models.

Control characters (C0: U+0000–U+001F, except tab, line feed and carriage return) cannot be typed,
mean nothing in a title or a note, and break what is made of the text later: one `\\x01` in an event
title made the XLSX export answer 500 for everyone, a NUL byte in an imported note broke the list
export, and PostgreSQL refuses NUL in text outright. They are refused where text comes in.

`attach_text_validators()` (run once from `CoreConfig.ready`) gives the validator to every text field
(CharField and TextField, with their subclasses) of every Lõim model, so that `full_clean()` in the
services refuses such text for the forms, the imports and the API alike, with the field's name, and a
field added later is covered without anyone remembering to. It is a default validator of the field
instances, not part of their `deconstruct()`, so it needs no migrations.
"""

from __future__ import annotations

import re

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@deconstructible
class NoControlCharacters:
    message = _(
        "Remove the control character %(character)s at position %(position)d: "
        "it cannot be typed and breaks files made of this text."
    )
    code = "control_character"

    def __call__(self, value) -> None:
        if not isinstance(value, str):
            return
        found = CONTROL_CHARACTERS.search(value)
        if found:
            raise ValidationError(
                self.message,
                code=self.code,
                params={"character": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, NoControlCharacters)

    def __hash__(self) -> int:
        return hash(NoControlCharacters)


validate_no_control_characters = NoControlCharacters()


def text_fields(model) -> list[models.Field]:
    """The model's own text fields (CharField, TextField and their subclasses)."""
    return [
        field
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField) and field.model is model
    ]


def loim_models():
    return [model for model in apps.get_models() if model.__module__.startswith("loim.")]


def attach_text_validators() -> int:
    """Add the control-character validator to every text field of every Lõim model (idempotent);
    returns how many fields carry it."""
    count = 0
    for model in loim_models():
        for field in text_fields(model):
            if validate_no_control_characters not in field.default_validators:
                field.default_validators = [*field.default_validators, validate_no_control_characters]
            # `validators` is a cached property that CharField.__init__ has already read (and added
            # its MaxLengthValidator to): extend that list rather than dropping it.
            cached = field.__dict__.get("validators")
            if cached is not None and validate_no_control_characters not in cached:
                cached.append(validate_no_control_characters)
            count += 1
    return count
