"""What the monitoring pages read of the plan itself, kept per process under the plan's generation.

A dashboard, comparison or report computed after a coordinator enters an event must count every
record again, but the plan it counts for — its indicators and their targets over the plan years, the
event kinds and parties its rules name, its commitments with their kinds, their deliverables, the
plan years a user may open — has not changed. These reads (seven queries, and the ORM's work of
building them) are kept in this process's memory under the generation of the tables they come from
(`core.generations.memoized`): a write to any of those tables makes a new generation, so the next
page reads them again; a write to the records (events, attendance, values entered by hand) does not.

The same holds for the SQL of the grouped counts (`prepared_rows`): what they ask for follows from
the plan, the viewer and the day alone, so the ORM builds each query once per plan generation and
the page sends it again to count the records as they are now.

The values are shared by every request of a process: callers read them and never change them.
`tests/monitoring/test_plan_data.py` runs every read here and fails when one reads a table outside
`plan_tables()`.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Callable

from django.db import connections
from django.db.models import QuerySet
from django.utils.translation import get_language

from loim.core.generations import memoized, tables_of
from loim.plans.models import Deliverable, Indicator, Plan

from .access import Viewer

#: the apps whose tables these reads use (the parties' memberships decide what a user may see)
PLAN_APPS = ("plans", "parties", "places", "network")
PLAN_MODELS = ("core.User",)


@functools.cache
def plan_tables() -> frozenset[str]:
    """The db tables of PLAN_APPS (their many-to-many tables too) and PLAN_MODELS."""
    return tables_of(PLAN_APPS, PLAN_MODELS)


def viewer_key(viewer: Viewer) -> tuple:
    """What a viewer's reads depend on: who (a person, or the system reader), which party it has
    chosen, and the events left out of its counts."""
    user = viewer.user
    return (
        type(user).__name__,
        getattr(user, "pk", None),
        viewer.party.pk if viewer.party is not None else None,
        tuple(sorted(viewer.without_events)),
    )


def prepared_rows(name: str, parts: tuple, build: Callable[[], QuerySet]) -> list[dict]:
    """The rows of the `.values()` queryset `build()` returns, as dicts. Its SQL is compiled once per
    plan generation for `parts` (which must name everything the query depends on besides the plan
    tables: the viewer, the days) and sent again on every call, so the counts are always current."""
    names, rows = _prepared(name, parts, build, named=True)
    return [dict(zip(names, row, strict=True)) for row in rows]


def prepared_tuples(name: str, parts: tuple, build: Callable[[], QuerySet]) -> list[tuple]:
    """As `prepared_rows`, for a `.values_list()` queryset: its rows as tuples, in its order. Only
    for plain columns and counts (a raw row skips the ORM's converters of expressions)."""
    return _prepared(name, parts, build, named=False)[1]


def _prepared(name: str, parts: tuple, build: Callable[[], QuerySet], *, named: bool) -> tuple[list[str], list]:
    def compile_sql() -> tuple[str, str, tuple, list[str]]:
        queryset = build()
        alias = queryset.db
        compiler = queryset.query.get_compiler(using=alias)
        sql, params = compiler.as_sql()
        names = [name for _expression, _sql, name in compiler.select]  # in the order of the SELECT
        assert all(names) or not named, sql  # a .values() query names every column it selects
        return alias, sql, tuple(params), names

    alias, sql, params, names = memoized(name, (named, *parts), plan_tables(), compile_sql)
    with connections[alias].cursor() as cursor:
        cursor.execute(sql, params)
        return names, cursor.fetchall()


def indicators(plan: Plan) -> list[Indicator]:
    """The plan's indicators with their plan and activity."""
    return memoized(
        "plan-indicators",
        (plan.pk,),
        plan_tables(),
        lambda: list(Indicator.objects.filter(plan=plan).select_related("plan", "activity")),
    )


def series_rows(plan: Plan, keys: list[str]) -> list[tuple]:
    """The indicators with these keys in the plan years up to this one, each row with one of its
    targets: (key, plan id, plan year, period start, period end, target year, value, is frame)."""

    def read() -> list[tuple]:
        return list(
            Indicator.objects.filter(key__in=keys, plan__year__lte=plan.year)
            .values_list(
                "key",
                "plan_id",
                "plan__year",
                "plan__period_start",
                "plan__period_end",
                "targets__year",
                "targets__value",
                "targets__is_frame_target",
            )
            .order_by("plan__year", "targets__year")
        )

    return memoized("plan-series", (plan.pk, plan.year, *sorted(keys)), plan_tables(), read)


def rule_context(years: set[int], *, activities: bool):
    """The names the rules use (event kinds, parties with their partnership terms, activity codes of
    these plan years): `engine.rules.Context`."""
    from .engine.rules import Context

    return memoized(
        "plan-context",
        (activities, *sorted(years)),
        plan_tables(),
        lambda: Context.load(Plan.objects.filter(year__in=years).values_list("pk", flat=True), activities=activities),
    )


def obligations(plan: Plan, viewer: Viewer) -> list:
    """The plan's commitments the viewer may see (`obligations.checking.obligations_for`)."""
    from .obligations.checking import obligations_for

    return memoized(
        "plan-obligations",
        (plan.pk, *viewer_key(viewer)),
        plan_tables(),
        lambda: list(obligations_for(plan, viewer)),
    )


def obligation_shapes(plan: Plan, obligations: list, shape: Callable) -> dict[int, tuple]:
    """{commitment id: shape(commitment, plan)} — its problems, periods and rule in words
    (`obligations.checking._shape`), in the language of the request."""
    return memoized(
        "plan-obligation-shapes",
        (plan.pk, get_language(), *[obligation.pk for obligation in obligations]),
        plan_tables(),
        lambda: {obligation.pk: shape(obligation, plan) for obligation in obligations},
    )


def deliverables_of(obligation_ids: list[int]) -> list[Deliverable]:
    """The deliverables that judge these one-off commitments."""
    return memoized(
        "plan-deliverables",
        tuple(sorted(obligation_ids)),
        plan_tables(),
        lambda: list(
            Deliverable.objects.filter(obligation__in=obligation_ids).only("pk", "title", "due_date", "obligation")
        ),
    )


def plan_of_year(user, year: int) -> Plan | None:
    """The plan of the year as the user may read it, or None. Each call gets its own copy of the
    plan kept here, so a view may change and save it without changing what other requests read."""
    plan = memoized(
        "plan-of-year",
        (user.pk, year),
        plan_tables(),
        lambda: Plan.objects.visible_to(user).filter(year=year).first(),
    )
    return copy.copy(plan) if plan is not None else None


def plan_years(user) -> list[int]:
    """The years of the plans the user may open."""
    return memoized(
        "plan-years",
        (user.pk,),
        plan_tables(),
        lambda: list(Plan.objects.visible_to(user).order_by("year").values_list("year", flat=True)),
    )


def monitored_parties(user) -> list:
    """The parties whose records the user may count (`access.monitored_parties`)."""
    from .access import monitored_parties as parties_of

    return memoized("plan-parties", (user.pk,), plan_tables(), lambda: list(parties_of(user)))
