"""The form renderer (`FORM_RENDERER`): Django's own, with `<select>` written in Python.

Django renders every `<option>` of a select through two template includes (the option and its
attributes). A filter form of the event list holds some 250 options (organisers, kinds, plan rows,
municipalities, counties, languages); their includes were most of the page's own cost once its SQL
was fast (issue 18 §8). Here the same markup — byte for byte the output of Django's
`django/forms/widgets/select.html` and `select_option.html`, which `tests/core/test_formrender.py`
compares — is written by string joins. Any other widget, and a select whose template an app
overrides or whose options name another template, goes through the templates as before.
"""

from __future__ import annotations

from functools import cached_property

from django.forms.renderers import DjangoTemplates
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


def _text(value) -> str:
    """`{{ value|stringformat:'s' }}` under autoescape: str(), escaped unless already safe."""
    return conditional_escape(value) if isinstance(value, SafeData) else escape(str(value))


def _attrs(attrs: dict) -> str:
    """`django/forms/widgets/attrs.html`."""
    return "".join(
        "" if value is False else f" {name}" if value is True else f' {name}="{_text(value)}"'
        for name, value in attrs.items()
    )


def render_select(widget: dict) -> str | None:
    """The select's markup, or None when an option asks for a template of its own."""
    parts = [f'<select name="{conditional_escape(widget["name"])}"{_attrs(widget["attrs"])}>']
    for group_name, group_choices, _index in widget["optgroups"]:
        if group_name:
            parts.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
        for option in group_choices:
            if option["template_name"] != OPTION:
                return None
            parts.append(
                f'\n  <option value="{_text(option["value"])}"{_attrs(option["attrs"])}>'
                f"{conditional_escape(localize(option['label']))}</option>\n"  # the include's final newline
            )
        if group_name:
            parts.append("\n  </optgroup>")
    parts.append("\n</select>")
    return "".join(parts)


class Renderer(DjangoTemplates):
    @cached_property
    def _own_select(self) -> bool:
        """Whether `select.html` and its option are Django's (no app overrides them)."""
        return all("/django/forms/templates/" in self.get_template(name).origin.name for name in (SELECT, OPTION))

    def render(self, template_name, context, request=None):
        if template_name == SELECT and self._own_select:
            html = render_select(context["widget"])
            if html is not None:
                return mark_safe(html)  # noqa: S308  # every value above is escaped
        return super().render(template_name, context, request=request)
