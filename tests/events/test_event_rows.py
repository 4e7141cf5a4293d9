"""The events list's rows are written in Python (`{% event_rows %}`): the markup must be byte for byte
what the template loop it replaced wrote (kept here as LOOP), for a public event, an online one
without a place, one on a plan row, one without any count ("not counted") and one counted, totals in
the thousands, a title that needs escaping, an organiser without a short name, and no events at all,
in Estonian and English."""

import datetime as dt

import pytest
from django.template import engines
from django.test import RequestFactory
from django.utils import translation

from loim.events.models import Event, EventFormat, ParticipantCount, Participation
from loim.events.selectors import with_totals
from loim.events.services import LOCAL_TZ
from tests.events.helpers import kind, municipality, plan_2024

#: the rows of events/_event_results.html as they were, rendered by the template engine beside the tag
LOOP = """  {% for event in page %}
  <tr>
    <td>{{ event.start|date:"SHORT_DATE_FORMAT" }} {{ event.start|time:"H:i" }}</td>
    <td><a href="{% url 'events:detail' event.pk %}">{{ event.title }}</a>{% if event.is_public %} <span class="badge">{% translate "public" %}</span>{% endif %}</td>
    <td>{{ event.kind.name }}</td>
    <td>{{ event.party.short_name|default:event.party.name }}</td>
    <td>{{ event.municipality|default:_("online") }}</td>
    <td>{% if event.activity %}{{ event.activity.measure_code }} {{ event.activity.row_number }}{% else %}—{% endif %}</td>
    <td class="num">{{ event.participants_total|participants }}</td>
    <td class="num">{{ event.participations_total|intcomma }}</td>
  </tr>
  {% empty %}
  <tr><td colspan="8">{% translate "No events match." %}</td></tr>
  {% endfor %}"""  # noqa: E501
OLD = "{% load i18n humanize attendance %}<tbody>\n" + LOOP + "\n  </tbody>"
NEW = "{% load event_rows %}<tbody>\n  {% event_rows page %}\n  </tbody>"


def render(source: str, events) -> str:
    request = RequestFactory().get("/events/")
    return engines["django"].from_string(source).render({"page": events}, request)


@pytest.fixture
def events(programme):
    rows = plan_2024(programme)
    tartu, elvl = programme["tartu"], programme["elvl"]
    elvl.short_name = ""
    elvl.save()

    def event(party, title, day, **fields):
        start = dt.datetime.combine(day, dt.time(17, 5), tzinfo=LOCAL_TZ)
        return Event.objects.create(
            party=party,
            kind=kind(fields.pop("code", "conversation_club")),
            title=title,
            start=start,
            end=start + dt.timedelta(hours=2),
            **fields,
        )

    public = event(tartu, "Suhtlusklubi", dt.date(2024, 3, 6), municipality=municipality("Tartu linn"), is_public=True)
    ParticipantCount.objects.create(event=public, group="newcomer", count=12)
    online = event(elvl, 'Veebiseminar <b>"uus" & vana</b>', dt.date(2024, 7, 1), format=EventFormat.ONLINE)
    ParticipantCount.objects.create(event=online, group="newcomer", count=0)
    on_row = event(
        elvl,
        "Infopäev",
        dt.date(2024, 10, 27),
        code="info_day",
        municipality=municipality("Narva linn"),
        activity=rows["3.5.1.3/1"],
    )
    for name in ("Narva linn", "Tartu linn"):
        Participation.objects.create(event=on_row, municipality=municipality(name))
    event(tartu, "Loendamata", dt.date(2024, 12, 31), municipality=municipality("Tartu linn"))
    listed = list(
        with_totals(Event.objects.select_related("kind", "party", "municipality", "activity")).order_by("start")
    )
    listed[1].participants_total, listed[1].participations_total = 12345, 23456  # thousands, as shown
    return listed


@pytest.mark.parametrize("language", ["et", "en"])
def test_the_rows_are_the_loops_markup(events, language):
    with translation.override(language):
        old = render(OLD, events)
        assert render(NEW, events) == old
    assert old.count("<tr>") == 4 and "&lt;b&gt;&quot;uus&quot; &amp; vana&lt;/b&gt;" in old
    assert "—" in old and "3.5.1.3 1." in old
    words = {"et": ("avalik", "veebis"), "en": ("public", "online")}[language]
    assert all(f">{word}<" in old for word in words)  # translated, from the catalogue both read


@pytest.mark.parametrize("language", ["et", "en"])
def test_no_events_is_the_loops_empty_row(db, language):
    with translation.override(language):
        assert render(NEW, []) == render(OLD, []) and 'colspan="8"' in render(NEW, [])
        words = {"et": "Tingimustele vastavaid üritusi ei ole.", "en": "No events match."}[language]
        assert f">{words}<" in render(NEW, [])
