"""The dashboard's trend chart is written in Python (`charts.trend_svg`, the `trend_chart` tag): its
markup must be byte for byte what the template it replaced wrote (kept here as TEMPLATE), for charts
of one year and many, with and without targets, decimals, a value of thousands, and a label that
needs escaping, in Estonian and English."""

from decimal import Decimal

import pytest
from django.template import Context, Engine
from django.utils import translation

from loim.monitoring import charts
from loim.monitoring.engine import ChartRow

#: monitoring/_trend_chart.html as it was, rendered by the template engine for the comparison
TEMPLATE = """{% load i18n l10n %}{% localize off %}{% if chart %}<svg class="trend-chart" width="{{ chart.width }}" height="{{ chart.height }}" viewBox="0 0 {{ chart.width }} {{ chart.height }}" role="img" aria-label="{{ label }}">
<line x1="{{ chart.left }}" x2="{{ chart.left }}" y1="{{ chart.top_y }}" y2="{{ chart.bottom }}" stroke="#6b7280" stroke-width="1"/>
<line x1="{{ chart.left }}" x2="{{ chart.width }}" y1="{{ chart.bottom }}" y2="{{ chart.bottom }}" stroke="#6b7280" stroke-width="1"/>
<text x="{{ chart.left|add:-4 }}" y="{{ chart.top_y|add:4 }}" text-anchor="end" font-size="10" fill="#1b1f24">{{ chart.top_label }}</text>
<text x="{{ chart.left|add:-4 }}" y="{{ chart.bottom }}" text-anchor="end" font-size="10" fill="#1b1f24">0</text>
{% for x, year in chart.years %}<text x="{{ x }}" y="{{ chart.height|add:-6 }}" text-anchor="middle" font-size="10" fill="#1b1f24">{{ year }}</text>{% endfor %}
{% if chart.target_dots|length > 1 %}<polyline points="{{ chart.target_points }}" fill="none" stroke="#b4531d" stroke-width="2" stroke-dasharray="5 3"/>{% endif %}
{% for x, y, year, value in chart.target_dots %}<rect x="{{ x|add:-3 }}" y="{{ y|add:-3 }}" width="6" height="6" fill="#b4531d"><title>{% translate "Target" %} {{ year }}: {{ value }}</title></rect>{% endfor %}
{% if chart.actual_dots|length > 1 %}<polyline points="{{ chart.actual_points }}" fill="none" stroke="#0b4f8a" stroke-width="2"/>{% endif %}
{% for x, y, year, value in chart.actual_dots %}<circle cx="{{ x }}" cy="{{ y }}" r="3.5" fill="#0b4f8a"><title>{{ year }}: {{ value }}</title></circle>{% endfor %}
</svg>{% endif %}{% endlocalize %}
"""  # noqa: E501

ENGINE = Engine(libraries={"i18n": "django.templatetags.i18n", "l10n": "django.templatetags.l10n"})


def row(year, target=None, value=None, in_year=None, final=True):
    return ChartRow(year, target, value, in_year, final)


CASES = [
    [row(2024, Decimal(3), Decimal(2))],
    [row(2024, None, Decimal(7))],
    [row(2024, Decimal(5), None)],
    [row(y, Decimal(3) * (y - 2023), Decimal(y - 2023) * Decimal("1.5")) for y in range(2024, 2030)],
    [
        row(2024, Decimal("2.5"), Decimal("12345.75")),
        row(2025, None, Decimal(20000), final=False),
        row(2026, Decimal(4)),
    ],
    [row(2020, None, Decimal(1)), row(2021, Decimal(0), Decimal(0)), row(2022, Decimal(7), None)],
    [row(2024, None, None)],
    [],
]


@pytest.mark.parametrize("rows", CASES)
@pytest.mark.parametrize("language", ["et", "en"])
@pytest.mark.parametrize("label", ["Infopäevad by year", 'KOV "koordinaatorid" & <nõustajad>'])
def test_the_chart_is_the_templates_markup(rows, language, label):
    with translation.override(language):
        expected = ENGINE.from_string(TEMPLATE).render(Context({"chart": charts.trend(rows), "label": label}))
        assert str(charts.trend_svg(charts.trend(rows), label)) == expected


def test_a_chart_is_drawn_for_the_years_with_figures():
    svg = str(charts.trend_svg(charts.trend([row(2024, Decimal(3), Decimal(2)), row(2025, Decimal(3))]), "x"))
    assert svg.count("<rect ") == 2 and svg.count("<circle ") == 1 and svg.count("<polyline ") == 1
