"""The yearly report ("tegevuskava täitmise aruanne"): pure functions that return rows.

`build_report(plan, viewer)` reproduces the plan's structure and numbering (1.1 3.5.1.1, rows 1,
1.1 …) and says, for every activity and row, what was done in the year (events by kind,
participants, participations and municipalities, linked inquiries), then the indicators against
their targets with the deviations, the commitments period by period, the counselling statistics
with the top topics, the responsible parties' explanations and each party's part in the reporting
cycle. `period="h1"` gives the same rows for 1.1–30.6. The renderers
(`rendering.py`: web page, XLSX, PDF, JSON) only lay these rows out; nothing is computed there.

A fixed number of grouped queries, plus the inquiry statistics' own for each party that counselled.
"""

from .build import build_report
from .rows import (
    ActivityRow,
    IndicatorRow,
    InquiryRow,
    KindCount,
    NoteRow,
    ObligationRow,
    PeriodCell,
    Report,
    ReviewRow,
    StepRow,
    TopicRow,
    UnlinkedRow,
)

__all__ = [
    "ActivityRow",
    "IndicatorRow",
    "InquiryRow",
    "KindCount",
    "NoteRow",
    "ObligationRow",
    "PeriodCell",
    "Report",
    "ReviewRow",
    "StepRow",
    "TopicRow",
    "UnlinkedRow",
    "build_report",
]
