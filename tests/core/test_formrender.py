"""core.formrender writes <select> in Python: its markup must be exactly what Django's own templates
write, for every kind of select a form has (options, groups, a chosen value, several, attributes,
text that needs escaping, numbers in a locale with a thousands separator), and every other widget
still goes through the templates."""

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.test import override_settings
from django.utils import translation
from django.utils.safestring import mark_safe

from loim.core.formrender import Renderer

CHOICES = [
    ("", "all"),
    ("1", 'Tartu "linn" & <Tähtvere>'),
    ("Maakonnad", [("2", "Harju"), (3, "Ida-Viru")]),
    (4, mark_safe("<b>safe</b>")),
    (12345, 12345),
]


def both(widget: forms.Widget, name: str, value, attrs=None) -> tuple[str, str]:
    return (
        widget.render(name, value, attrs=attrs, renderer=Renderer()),
        widget.render(name, value, attrs=attrs, renderer=DjangoTemplates()),
    )


@pytest.mark.parametrize(
    ("widget", "value", "attrs"),
    [
        (forms.Select(choices=CHOICES), None, None),
        (forms.Select(choices=CHOICES), "2", {"id": "id_county", "required": True, "disabled": False}),
        (forms.Select(choices=CHOICES, attrs={"class": 'a"b', "data-x": 5}), 4, {"aria-describedby": "h"}),
        (forms.SelectMultiple(choices=CHOICES), ["1", "3"], {"id": "id_many"}),
        (forms.NullBooleanSelect(), True, None),
        (forms.Select(choices=[]), None, None),
    ],
)
def test_the_python_select_writes_what_the_templates_write(widget, value, attrs):
    fast, templated = both(widget, "county", value, attrs)
    assert fast == templated
    assert fast.startswith('<select name="county"')


@override_settings(USE_THOUSAND_SEPARATOR=True)
def test_numbers_are_localised_as_the_templates_localise_them():
    with translation.override("et"):
        fast, templated = both(forms.Select(choices=[(2024, 2024), (1, 12345.5)]), "year", 2024)
    assert fast == templated
    assert "12\xa0345,5" in fast  # the label localised; the value never is
    assert 'value="2024" selected' in fast


def test_other_widgets_and_own_option_templates_go_through_the_templates():
    class Fancy(forms.Select):
        option_template_name = "django/forms/widgets/input_option.html"

    fast, templated = both(Fancy(choices=[("1", "one")]), "x", "1")
    assert fast == templated
    assert "<option" not in fast  # the option template of its own was used
    fast, templated = both(forms.RadioSelect(choices=[("1", "one")]), "x", "1")
    assert fast == templated and 'type="radio"' in fast


def test_the_project_renders_its_forms_with_it():
    from django.forms.renderers import get_default_renderer

    assert isinstance(get_default_renderer(), Renderer)
