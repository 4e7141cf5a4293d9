"""When a coordinator position counts: the one rule for the indicator and the commitments.

"KOV koordinaatorite arv" (the indicator) and the commitments about coordinators (Tallinn's second
coordinator, ELVL's own hire) both ask "does this position count on day D?", and both call
`counts_on` below, over plain rows read once (`read_posts`, `read_partnerships`):

- the position is held on D (started on or before D, not ended before D), and
- a partner's position is under a partnership agreement in force on D (the plan: "Partnerluslepingu
  alusel on KOV-ides tööle võetud koordinaator"). The implementer's own posts (ELVL's coordinator,
  "ELVL-i nõuniku alluvusse") are under no partnership agreement by nature: they count when held.

A *vacancy* on D is a party with a partnership agreement in force on D and no position counting
for it that day (`vacancies`): the plan's coordinator was hired under that agreement, so its absence is
named, never hidden by another party's second post.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet

from .models import PartyKind


@dataclass(frozen=True)
class Post:
    """One coordinator position as the rule needs it."""

    pk: int
    party_id: int
    partner: bool  # the position's party is a partner municipality (so it needs an agreement)
    starts_on: dt.date
    ends_on: dt.date | None
    agreement_id: int | None = None
    municipality_id: int | None = None  # the agreement's municipality
    term_start: dt.date | None = None
    term_end: dt.date | None = None

    def held_on(self, day: dt.date) -> bool:
        return self.starts_on <= day and (self.ends_on is None or self.ends_on >= day)

    def agreement_in_force(self, day: dt.date) -> bool:
        return (
            self.agreement_id is not None
            and self.term_start is not None
            and self.term_end is not None
            and self.term_start <= day <= self.term_end
        )


def counts_on(post: Post, day: dt.date) -> bool:
    """THE rule: the position is held on the day and, for a partner, under an agreement in force."""
    return post.held_on(day) and (not post.partner or post.agreement_in_force(day))


@dataclass(frozen=True)
class Partnership:
    """A partnership agreement as the vacancy check needs it."""

    pk: int
    party_id: int
    party_name: str  # as the pages name it: the short name, else the name
    municipality_id: int | None
    term_start: dt.date
    term_end: dt.date

    def in_force(self, day: dt.date) -> bool:
        return self.term_start <= day <= self.term_end


POST_FIELDS = (
    "pk",
    "party_id",
    "party__kind",
    "starts_on",
    "ends_on",
    "agreement_id",
    "agreement__municipality_id",
    "agreement__term_start",
    "agreement__term_end",
)


def read_posts(positions: QuerySet) -> list[Post]:
    """The positions of a (scoped) queryset as plain rows: one query."""
    return posts_from(post_rows(positions))


def post_rows(positions: QuerySet) -> QuerySet:
    """The columns `posts_from` reads, of a (scoped) queryset of positions."""
    return positions.values_list(*POST_FIELDS)


def posts_from(rows) -> list[Post]:
    return [
        Post(pk, party_id, kind == PartyKind.PARTNER, starts, ends, agreement, municipality, term_start, term_end)
        for pk, party_id, kind, starts, ends, agreement, municipality, term_start, term_end in rows
    ]


def read_partnerships_and_posts(agreements: QuerySet) -> tuple[list[Partnership], list[Post]]:
    """Agreements of a (scoped) queryset with the positions under them, in ONE query (a LEFT JOIN):
    what the indicator counts (posts under agreements) and what it names (vacancies)."""
    return partnerships_and_posts_from(partnership_rows(agreements))


def partnership_rows(agreements: QuerySet) -> QuerySet:
    """The columns `partnerships_and_posts_from` reads: agreements LEFT JOIN their positions."""
    return agreements.values_list(
        "pk",
        "party_id",
        "party__name",
        "party__short_name",
        "party__kind",
        "municipality_id",
        "term_start",
        "term_end",
        "positions__pk",
        "positions__party_id",
        "positions__starts_on",
        "positions__ends_on",
    ).order_by("party__name", "pk", "positions__starts_on")


def partnerships_and_posts_from(rows) -> tuple[list[Partnership], list[Post]]:
    partnerships: dict[int, Partnership] = {}
    posts: list[Post] = []
    for pk, party_id, name, short, kind, municipality, start, end, post_pk, post_party, starts, ends in rows:
        partnerships.setdefault(pk, Partnership(pk, party_id, short or name, municipality, start, end))
        if post_pk is not None:
            posts.append(
                Post(post_pk, post_party, kind == PartyKind.PARTNER, starts, ends, pk, municipality, start, end)
            )
    return list(partnerships.values()), posts


def counting_posts(posts: Iterable[Post], day: dt.date) -> list[Post]:
    return [post for post in posts if counts_on(post, day)]


def in_force(partnerships: Iterable[Partnership], day: dt.date) -> list[Partnership]:
    """One partnership per party with an agreement in force on the day (the first such agreement)."""
    found: dict[int, Partnership] = {}
    for partnership in partnerships:
        if partnership.in_force(day):
            found.setdefault(partnership.party_id, partnership)
    return list(found.values())


def vacancies(partnerships: Iterable[Partnership], posts: Iterable[Post], day: dt.date) -> list[Partnership]:
    """Parties with a partnership in force on the day and no position counting for them that day."""
    filled = {post.party_id for post in posts if counts_on(post, day)}
    return [p for p in in_force(partnerships, day) if p.party_id not in filled]
