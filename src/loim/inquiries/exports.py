"""Inquiry lists and statistics as CSV and XLSX files, written by the one writer
(`core.tabular.writer`), so memory stays flat as rows grow and no text runs as a formula.

Record exports read the rows in chunks (`iterator`), fetch the topic and referral links of each
chunk in one query, and hand them to the writer as they come. Values are labels (channel, language,
target group, topic and referral names), dates are date cells.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from loim.core import disclosure
from loim.core.tabular.writer import About, Column, Table, export_response, form_filters
from loim.core.vocabulary import Language

from .models import Category, Channel, Inquiry, ReferralTarget, Topic
from .selectors import InquiryStatistics

CHUNK = 1000


def inquiry_header() -> list[str]:
    return [
        _("id"),
        _("date"),
        _("party"),
        _("channel"),
        _("language"),
        _("target group"),
        _("topics"),
        _("referred to"),
        _("time spent (minutes)"),
        _("municipality of residence"),
        _("plan activity"),
        _("note"),
    ]


def inquiry_rows(queryset) -> Iterator[list]:
    """One list per inquiry, in chunks: a fixed number of queries per CHUNK rows, never all at once."""
    topic_names = {t.pk: t.name for t in Topic.objects.all()}
    referral_names = {r.pk: r.name for r in ReferralTarget.objects.all()}
    channels, languages, categories = dict(Channel.choices), dict(Language.choices), dict(Category.choices)
    rows = queryset.order_by("date", "pk").values_list(
        "pk",
        "date",
        "party__short_name",
        "channel",
        "language",
        "category",
        "minutes",
        "municipality__name",
        "activity__code",
        "note",
    )
    chunk: list[tuple] = []

    def flush(chunk):
        ids = [row[0] for row in chunk]
        topics: dict[int, list[str]] = {}
        for inquiry_id, topic_id in Inquiry.topics.through.objects.filter(inquiry_id__in=ids).values_list(
            "inquiry_id", "topic_id"
        ):
            topics.setdefault(inquiry_id, []).append(topic_names.get(topic_id, "?"))
        referrals: dict[int, list[str]] = {}
        for inquiry_id, target_id in Inquiry.referrals.through.objects.filter(inquiry_id__in=ids).values_list(
            "inquiry_id", "referraltarget_id"
        ):
            referrals.setdefault(inquiry_id, []).append(referral_names.get(target_id, "?"))
        for pk, date, party, channel, language, category, minutes, municipality, activity, note in chunk:
            yield [
                pk,
                date,
                party,
                str(channels.get(channel, channel)),
                str(languages.get(language, language)),
                str(categories.get(category, category)),
                "; ".join(sorted(topics.get(pk, []))),
                "; ".join(sorted(referrals.get(pk, []))),
                minutes,
                municipality or "",
                activity or "",
                note,
            ]

    for row in rows.iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) >= CHUNK:
            yield from flush(chunk)
            chunk = []
    if chunk:
        yield from flush(chunk)


def inquiry_table(queryset) -> Table:
    return Table(_("Inquiries"), inquiry_header(), inquiry_rows(queryset))


def inquiry_export(fmt: str, form, queryset, *, user, filename: str):
    """The filtered list as a file (the rows the user may see), the filters named in the About sheet."""
    about = About(title=_("Inquiries"), user=user, filters=form_filters(form))
    return export_response(fmt, lambda: [inquiry_table(queryset)], about=about, filename=filename)


# --- Statistics -------------------------------------------------------------------------------


def _withheld_heading() -> str:
    """Capitalised like every other heading of the files (the events file's too)."""
    return _("Withheld cells")


def statistics_header() -> list[str]:
    return [_("Breakdown"), _("Key"), _("Label"), _("Count"), _withheld_heading()]


def _count(cell):
    """The published count, "x" when withheld; the next column says how many cells were left out."""
    return cell.display if cell.suppressed else cell.count


def statistics_rows(stats: InquiryStatistics) -> list[list]:
    """The same cells as the page and the API (core.disclosure): count and withheld cells."""
    return [[name, key, label, _count(cell), cell.withheld] for name, key, label, cell in stats.rows()]


def top_topics_header() -> list[str]:
    return [
        _("Topic"),
        _("Number of inquiries"),
        _("Previous period"),
        pgettext("difference between periods", "Change"),
        _withheld_heading(),
    ]


def top_topics_rows(stats: InquiryStatistics) -> list[list]:
    return [
        [
            top.topic.label,
            _count(top.topic),
            _count(top.previous) if top.previous_recorded else str(_("no data")),
            "" if top.change is None else top.change,
            top.topic.withheld + top.previous.withheld,
        ]
        for top in stats.top_topics
    ]


def statistics_tables(stats: InquiryStatistics) -> list[Table]:
    """The statistics in long form, then the top topics. The breakdown is named by its title, not its
    code, and the internal key column is left out: the label says which cell it is."""
    titles = {"total": _("all inquiries"), **{b.name: b.title for b in stats.breakdowns.values()}}
    header = statistics_header()
    rows = ([row[0], *row[2:]] for row in statistics_rows(stats))
    return [
        Table(_("Statistics"), [Column(header[0], choices=titles, width=24), *header[2:]], rows),
        Table(_("Top topics"), top_topics_header(), top_topics_rows(stats)),
    ]


def statistics_export(fmt: str, form, stats: InquiryStatistics, *, user, filename: str):
    """The statistics as a file: the same cells as the page; the About sheet names the party and the
    periods, and the small-cell rule when it applies."""
    own = _("not applied: the figures are your own party's")
    about = About(
        title=_("Inquiry statistics"),
        user=user,
        filters=[
            (_("period"), f"{stats.start.isoformat()} – {stats.end.isoformat()}"),
            (_("party"), stats.party.name if stats.party else _("all parties")),
        ],
        suppression=small_cell_explanation() if stats.suppressing else own,
        notes=[
            (_("Previous period"), f"{stats.previous_start.isoformat()} – {stats.previous_end.isoformat()}"),
            *([(_("In this file"), file_note())] if stats.suppressing else []),
        ],
    )
    return export_response(fmt, statistics_tables(stats), about=about, filename=filename)


def file_note() -> str:
    """The page writes "≥ 12"; a file keeps the number a number, so it says how to read the column."""
    return _(
        "A count is the sum of its published cells; where the column “%(column)s” is above 0, cells are "
        "left out and the true number is larger. “x”: every cell of the count is withheld."
    ) % {"column": _withheld_heading()}


def small_cell_explanation() -> str:
    return disclosure.explanation()
