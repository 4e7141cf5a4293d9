"""What the plan says a row will produce: planned quantities on activities and rows, and the
deliverables (one-off results with a due date and an owner party) of an activity
(docs/plan-format.md, "Planned quantities" and "Deliverables").

A mixin of the plan parser, kept apart so the two additions read as one piece: it uses the parser's
reader, context and state, and reports every error with its line and field like the rest.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..models import Deliverable, Reach
from ..validation import normalise_row_number
from .reader import Fields, Reader, ScalarNode

if TYPE_CHECKING:
    from .parse import Context, _State

PLANNED_KEYS = ("count", "max", "kinds", "outputs", "reach", "unit", "quote", "note")


def output_kinds() -> frozenset[str]:
    """Codes a planned quantity may count from communication records (issue 15): the output kinds,
    and `translation` for translation jobs done. Read from the communication app, which builds on
    plans, only when a plan file is parsed."""
    from loim.communication.planned import OUTPUT_SOURCES

    return OUTPUT_SOURCES


DELIVERABLE_KEYS = ("key", "title", "row", "owner", "due", "commitment", "quote", "note")


def _max_length(name: str) -> int:
    from .parse import max_length

    return max_length(Deliverable, name)


class OutputsParser:
    """`planned` (a node's planned quantities) and `deliverables` (an activity's) for `_PlanParser`."""

    reader: Reader
    context: Context
    state: _State
    period: tuple[dt.date, dt.date] | None

    def check_parties(self, f: Fields, key: str, slugs) -> None:  # the plan parser's own
        raise NotImplementedError

    # --- planned quantities
    def planned(self, f: Fields) -> list[dict]:
        found = []
        for index, node in enumerate(self.reader.sequence(f.node_of("planned"), f.where, "planned"), start=1):
            sub = self.reader.mapping(node, f.where, f"planned[{index}]", PLANNED_KEYS)
            if sub is None:
                continue
            outputs = sub.texts("outputs")
            # the plan often names communication work without a number ("jooksva uudisvoo haldamine"):
            # such a quantity is counted and shown without a planned number
            count = self.whole_positive(sub, "count", required=not outputs)
            maximum = self.whole_positive(sub, "max")
            if count is not None and maximum is not None and maximum < count:
                sub.error(
                    "max", _("The maximum %(max)d is below the planned %(count)d.") % {"max": maximum, "count": count}
                )
            kinds = sub.texts("kinds")
            for kind, kind_node in kinds:
                if kind not in self.context.event_kinds:
                    sub.error("kinds", _("Unknown event kind: %s.") % kind, kind_node)
            known_outputs = output_kinds() if outputs else frozenset()
            for code, code_node in outputs:
                if code not in known_outputs:
                    allowed = ", ".join(sorted(known_outputs))
                    sub.error("outputs", _("Unknown output kind: %(code)s; one of: %(allowed)s.") % {
                        "code": code, "allowed": allowed}, code_node)  # fmt: skip
            unit = sub.text("unit", max_length=100)
            if outputs and (kinds or unit):
                sub.error("outputs", _("Give either output kinds, event kinds or a unit, not several."))
            elif outputs:
                pass
            elif kinds and unit:
                sub.error("unit", _("Give either event kinds (counted from events) or a unit of its own, not both."))
            elif not kinds and not unit:
                sub.error("kinds", _("Say which event kinds are counted, or give the unit in the plan's words."))
            reach = sub.choice("reach", Reach.values)
            if reach and not kinds:
                sub.error("reach", _("Reach applies only to quantities counted from events."))
            found.append(
                {
                    "count": count,
                    "max": maximum,
                    "kinds": sorted(k for k, _n in kinds),
                    "reach": reach,
                    "unit": unit,
                    "quote": sub.text("quote", required=True),
                    "note": sub.text("note"),
                }
                # counted from communication records (issue 15); absent otherwise, so quantities of
                # events are stored as before
                | ({"outputs": sorted(k for k, _n in outputs)} if outputs else {})
            )
        return found

    def whole_positive(self, f: Fields, key: str, *, required: bool = False) -> int | None:
        """A planned quantity: a positive whole number (1, 2, …); 0, -1, 2.5 and "kaks" are errors."""
        node = f.node_of(key)
        if node is None or not f.has(key):
            if required:
                f.missing(key)
            return None
        text = node.value.strip() if isinstance(node, ScalarNode) else ""
        if not text.isdigit() or int(text) < 1:
            f.error(key, _("A planned quantity is a positive whole number (1, 2, …), not %r.") % text)
            return None
        return int(text)

    # --- deliverables
    def deliverables(self, f: Fields, code: str, rows: list[dict]) -> list:
        from .parse import Entry  # the parser module imports this one

        found = []
        for node in self.reader.sequence(f.node_of("deliverables"), f.where, "deliverables"):
            sub = self.reader.mapping(
                node, f"activity {code}", "deliverables[]", DELIVERABLE_KEYS, ("key", "deliverable {}".format)
            )
            if sub is None:
                continue
            key = sub.slug("key", required=True, max_length=_max_length("key"))
            sub.where, sub.prefix = (f"deliverable {key}" if key else f"deliverable at line {sub.line}"), ""
            if key in self.state.deliverable_keys:
                sub.error("key", _("Deliverable key %s is used twice in the plan.") % key)
            self.state.deliverable_keys.add(key)
            row = normalise_row_number(sub.text("row"))
            if row and f"{code}/{row}" not in self.state.codes:
                sub.error("row", _("Activity %(code)s has no row %(row)s.") % {"code": code, "row": row})
            owner = sub.slug("owner", required=True)
            self.check_parties(sub, "owner", [(owner, sub.node_of("owner"))] if owner else [])
            due = sub.date("due", required=True)
            if due and self.period and not self.period[0] <= due <= self.period[1]:
                sub.error(
                    "due",
                    _("The due date %(due)s lies outside the plan period %(start)s–%(end)s.")
                    % {"due": due, "start": self.period[0], "end": self.period[1]},
                )
            entry = Entry(
                key=key,
                title=sub.text("title", required=True, max_length=_max_length("title")),
                row=row,
                owner=owner,
                due=due,
                commitment=sub.slug("commitment"),
                quote=sub.text("quote", required=True),
                note=sub.text("note"),
            )
            if entry["commitment"]:
                self.state.pending_commitments.append((sub, entry["commitment"]))
            found.append(entry.located(sub))
        return found

    def check_commitments(self, once_keys: set[str], all_keys: set[str]) -> None:
        """After the whole file: a deliverable names a one-off commitment of the plan, each at most once."""
        linked: set[str] = set()
        for sub, key in self.state.pending_commitments:
            if key not in all_keys:
                sub.error("commitment", _("The plan has no commitment %s.") % key)
            elif key not in once_keys:
                sub.error("commitment", _("Commitment %s is not a one-off (period: once).") % key)
            elif key in linked:
                sub.error("commitment", _("Commitment %s is already judged by another deliverable.") % key)
            linked.add(key)
