"""Background work of the register: the retention purge.

Run daily by the task worker (`loim db_worker`) when enqueued — from the retention page, or by a
daily timer running `loim purge-register --all` (see docs/register.md). Arguments are ids only, so
the task queue's table never holds a personal value.
"""

from django_tasks import task

from loim.parties.models import Party

from .services.erasure import purge_party


@task()
def purge_register(party_id: int | None = None) -> dict:
    """Erase the people whose time is up, in one party or (without `party_id`) in every party."""
    parties = Party.objects.filter(pk=party_id) if party_id else Party.objects.all()
    totals: dict[str, int] = {}
    for party in parties.order_by("pk"):
        result = purge_party(party=party)
        for key in ("consent_ended", "retention_passed", "attendance", "access_log", "failed", "kept_restricted"):
            totals[key] = totals.get(key, 0) + getattr(result, key)
    return totals
