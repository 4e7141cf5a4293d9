"""How participant counts read: "not counted" is never zero.

A group without a `ParticipantCount` row was not counted; a row with 0 means nobody of that group
came. An event is not counted when none of its groups is. A total over several events adds the
counted ones and says how many were not counted ("42 (2 events not counted)"), so a missing count
is never shown, summed or exported as 0. Pages, the report and files take their words from here.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.translation import ngettext, pgettext


def not_counted_label() -> str:
    return pgettext("participants", "not counted")


def count_label(value: int | None) -> str:
    """One count as shown: the number (0 included), or "not counted"."""
    return not_counted_label() if value is None else number_format(value, force_grouping=True)


@dataclass(frozen=True)
class Total:
    """Participants over some events: the sum of the counted ones and how many were not counted."""

    counted: int = 0
    not_counted: int = 0
    events: int = 0

    @property
    def value(self) -> int | None:
        """The sum, or None when no event was counted (then there is nothing to add up)."""
        return None if self.events and self.not_counted == self.events else self.counted

    @property
    def shown(self) -> str:
        if self.value is None:
            return not_counted_label()
        text = number_format(self.counted, force_grouping=True)
        if not self.not_counted:
            return text
        missing = ngettext("%(count)d event not counted", "%(count)d events not counted", self.not_counted) % {
            "count": self.not_counted
        }
        return f"{text} ({missing})"

    @property
    def display(self) -> int | str | None:
        """For files: the number when every event was counted, empty when none was, else the text."""
        if self.not_counted == 0:
            return self.counted
        return None if self.value is None else self.shown

    def __str__(self) -> str:
        return self.shown


def total_of(values: Iterable[int | None]) -> Total:
    """The total over events' participant totals (None = that event was not counted)."""
    items = list(values)
    return Total(
        counted=sum(v for v in items if v is not None),
        not_counted=sum(1 for v in items if v is None),
        events=len(items),
    )
