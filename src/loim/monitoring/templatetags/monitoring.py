"""Template helpers for monitoring: numbers as the programme writes them, and the charts."""

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.translation import gettext as _

from .. import charts

register = template.Library()


@register.filter
def num(value):
    """A count or a value: no trailing zeros, grouped thousands, a decimal comma; "—" when unknown."""
    if value is None or value == "":
        return "—"
    if isinstance(value, Decimal):
        value = value.normalize()
        if value == value.to_integral_value():
            return intcomma(int(value))
        return f"{value:f}".replace(".", ",")
    if isinstance(value, float):
        return f"{value:.1f}".replace(".", ",")
    if isinstance(value, int):
        return intcomma(value)
    return value


@register.filter
def signed(value):
    if value is None:
        return "—"
    text = num(value)
    return f"+{text}" if value > 0 else text


@register.filter
def meter_max(value, target):
    """A meter's maximum: the target, or the value when it is over the target (so the bar fills)."""
    values = [v for v in (value, target) if v is not None]
    return max([*values, Decimal(1)]) if values else 1


@register.simple_tag
def indicator_card(result, plan, query=""):
    """An indicator's card (`_indicator_card.html`), its markup kept per process for the figures it
    shows (`cards.card_html`): after a write, only the cards whose figures changed are rendered again."""
    from ..cards import card_html

    return card_html(result, plan, query)


@register.simple_tag
def trend_chart(rows, label=""):
    """An indicator's years as an SVG line chart (`charts.trend`), written in Python: the markup the
    template `_trend_chart.html` wrote (the same bytes, `tests/monitoring/test_trend_chart.py`) without
    the template engine's cost per value — seven charts a dashboard."""
    return charts.trend_svg(charts.trend(rows), label)


@register.inclusion_tag("monitoring/_bars.html")
def bar_chart(items, title="", chart_id="chart"):
    return {"chart": charts.bars(items), "title": title, "chart_id": chart_id}


@register.inclusion_tag("monitoring/_bars.html")
def indicator_chart(report):
    """Each indicator's actual value as a percentage of the year's target; the marker is 100 %."""
    items = []
    for row in report.indicators:
        if row.actual is None or not row.target:
            continue
        items.append((row.name, (100 * row.actual / row.target).quantize(Decimal("1")), Decimal(100)))
    title = _("Actual value as a percentage of the year's target (the line marks 100%)")
    return {"chart": charts.bars(items), "title": title, "chart_id": "indicator-chart"}


@register.inclusion_tag("monitoring/_bars.html")
def topic_chart(row):
    items = [(topic.topic, _count(topic.count), None) for topic in row.topics]
    title = _("Top topics of %(party)s") % {"party": row.party}
    return {"chart": charts.bars(items), "title": title, "chart_id": f"topics-{row.party_id}"}


def _count(shown: str):
    """A count as shown by the inquiry statistics: "12", or "≥ 12" (drawn as its published part);
    a withheld cell ("x") is drawn as nothing."""
    digits = str(shown).removeprefix("≥ ")
    return int(digits) if digits.isdigit() else None


@register.filter
def percent_of(value, target):
    """The value as a whole percentage of the target; None when either is unknown or the target is 0."""
    if value is None or not target:
        return None
    return int((Decimal(value) * 100 / Decimal(target)).quantize(Decimal("1")))


@register.filter
def dot(value):
    """A number for an HTML attribute (meter, progress): a dot as the decimal mark, always."""
    if value is None:
        return "0"
    if isinstance(value, Decimal):
        value = value.normalize()
        return f"{value:f}"
    return str(value)


@register.filter
def get_item(mapping, key):
    return mapping.get(key) if hasattr(mapping, "get") else None


@register.simple_tag
def report_columns(report):
    """The web report's tables without their all-zero figure columns, by the files' rule
    (`report.document.page_columns`)."""
    from ..report.document import page_columns  # the document module imports this one

    return page_columns(report)
