"""The obligation checker: were the plan's commitments kept, period by period?

For each commitment of a plan year ("at least N events of kind K by party P per period, except
periods X") the checker lays out the periods (`periods.layout`), counts what counts in each, and
gives every period a verdict as of a day:

- EXCLUDED: the plan pauses the commitment then (Tartu's clubs in Q3, Rakvere's July and August);
- OPEN: the cadence is still to be agreed (Tallinn's Lõimumiskoda); counts are shown, not judged;
- NOT_DUE: the period has not begun;
- MET: at least the minimum (met as soon as reached, even mid-period); above the maximum, the top of
  the plan's range, it is met, above plan (`Cell.above`), never a failure;
- MISSED: the period is over below the minimum;
- IN_PROGRESS: the period is running and the minimum is not reached yet;
- BROKEN: the commitment itself cannot be checked (an unknown excluded period, no minimum…).

Each cell names the rule it applied (`Cell.rule`); a yearly minimum is also measured against its pace
with the declared pauses (`pace_expected`), and "in different regions" counts distinct counties.

Counting costs a fixed number of queries for the whole plan: one grouped query over events (per
responsible party, kind, reach and day), one over coordinator positions, one over confirmations.
Only commitments of parties whose records the viewer may read are checked: a partner sees its own.
"""

from .checking import check, counts_event, obligations_for, slot_events
from .verdicts import (
    BROKEN,
    EXCLUDED,
    IN_PROGRESS,
    MET,
    MISSED,
    NOT_DUE,
    OPEN,
    VERDICT_SYMBOLS,
    VERDICTS,
    Cell,
    ObligationCheck,
    Warning,
    as_data,
    early_warning,
    effective_minimum,
    group_by_party,
    judge,
    pace_expected,
    problems_of,
    recently_missed,
    slots_of,
    verdict_label,
    warn_within,
    warnings_for,
)

__all__ = [
    "BROKEN",
    "EXCLUDED",
    "IN_PROGRESS",
    "MET",
    "MISSED",
    "NOT_DUE",
    "OPEN",
    "VERDICTS",
    "VERDICT_SYMBOLS",
    "Cell",
    "ObligationCheck",
    "Warning",
    "as_data",
    "check",
    "counts_event",
    "early_warning",
    "effective_minimum",
    "group_by_party",
    "judge",
    "obligations_for",
    "pace_expected",
    "problems_of",
    "recently_missed",
    "slot_events",
    "slots_of",
    "verdict_label",
    "warn_within",
    "warnings_for",
]
