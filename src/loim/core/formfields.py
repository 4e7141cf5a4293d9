"""Form fields every app's forms use instead of Django's where Django's let bad input reach the database.

Django's `ModelMultipleChoiceField` checks the submitted ids with `pk__in=[...]`; an id beyond the
database's integers (`topics=999999999999999999999999999999`) raised OverflowError in the SQLite
driver, a 500. Here each id is checked against the key field's range before any query, and refused
with Django's own "is not a valid value" message on the field.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.db import connections, models


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def _check_values(self, value):
        key = self.to_field_name or "pk"
        queryset = self.queryset
        assert queryset is not None  # a choice field is always given its queryset
        field = queryset.model._meta.pk if key == "pk" else queryset.model._meta.get_field(key)
        if isinstance(field, models.IntegerField):
            low, high = connections[queryset.db].ops.integer_field_range(field.get_internal_type())
            for item in value:
                text = str(item)
                number = int(text) if re.fullmatch(r"-?[0-9]{1,20}", text) else None
                if number is None or (low is not None and number < low) or (high is not None and number > high):
                    raise ValidationError(
                        self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": item}
                    )
        return super()._check_values(value)  # type: ignore[misc]  # private in Django, absent from the stubs


class DateInput(forms.DateInput):
    """The date widget of the forms: the browser's own date picker (`<input type="date">`), shown in
    the user's locale, reachable by keyboard, labelled for screen readers, submitting an ISO date that
    `formats/et` also accepts. Before, the parties' forms had a bare text box that took "dd.mm.yyyy"
    with no hint. The inquiries' keyboard-first quick entry keeps its text box on purpose: there Tab
    must leave the date in one keystroke, and a native picker takes three (day, month, year)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class ChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's options read by one plain query. Django's iterator reads them with
    `QuerySet.iterator()`, which on PostgreSQL opens a server-side cursor: three round trips (declare,
    fetch, close) for every select of a form, where one suffices for the few hundred rows a choice
    list has. The rows are then kept in the field's own copy of the queryset (each form has its own)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset:
            yield self.choice(obj)


class ModelChoiceField(forms.ModelChoiceField):
    iterator = ChoiceIterator
