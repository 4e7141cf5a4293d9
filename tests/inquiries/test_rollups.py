"""The statistics' rollup (inquiries.rollups) equals the raw GROUP BY over the inquiries after any
sequence of writes, edits, deletes, imports and undos, whichever path made them; and the statistics
read from it are the ones counted from the rows."""

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loim.inquiries import rollups
from loim.inquiries.importing import TableReader, guess_mapping
from loim.inquiries.models import Grain, Inquiry, InquiryImport, InquiryRollup, ReferralTarget, Topic
from loim.inquiries.selectors import finest_cells, inquiry_statistics, raw_finest_counts, statistics_party_ids
from loim.inquiries.services import (
    inquiries_import,
    inquiry_create,
    inquiry_delete,
    inquiry_import_undo,
    inquiry_update,
)
from loim.places.models import Municipality
from tests.factories import TOTP_SECRET, make_member
from tests.inquiries.helpers import make_inquiry

FIRST_DAY = dt.date(2024, 1, 27)  # the days cross two month ends
DAYS = 40
CHANNELS = {"in_person": "kohapeal", "phone": "telefon", "email": "e-post", "web": "veeb", "outreach": "välitöö"}
LANGUAGES = {"et": "eesti", "en": "inglise", "ru": "vene", "uk": "ukraina", "other": "muu"}
CATEGORIES = ["unknown", "newcomer", "returnee"]
CATEGORY_NAMES = {"unknown": "", "newcomer": "uussisserändaja", "returnee": "tagasipöörduja"}


def superuser_client():
    from allauth.mfa.totp.internal.auth import TOTP

    admin = get_user_model().objects.create_superuser(email="root@example.org", password="x-Very-long-1")
    TOTP.activate(admin, TOTP_SECRET)  # the site sends administrators without a second factor to set one up
    client = Client()
    client.force_login(admin)
    return client


def assert_exact():
    assert rollups.differences() == {}


def normalised(counts):
    totals, cells = counts
    return (
        {unit: n for unit, n in totals.items() if n},
        {
            name: {unit: dict(values) for unit, values in per.items() if values}
            for name, per in cells.items()
            if any(per.values())
        },
    )


def assert_same_counts(start, end, previous_start, party_ids=None):
    queryset = Inquiry.objects.all() if party_ids is None else Inquiry.objects.filter(party_id__in=party_ids)
    raw = raw_finest_counts(queryset, start=start, end=end, previous_start=previous_start)
    rolled = rollups.finest_counts(party_ids, start=start, end=end, previous_start=previous_start)
    assert normalised(rolled) == normalised(raw)


# --- the random walk ---------------------------------------------------------------------------------

record = st.fixed_dictionaries(
    {
        "party": st.integers(0, 1),
        "day": st.integers(0, DAYS - 1),
        "channel": st.sampled_from(sorted(CHANNELS)),
        "language": st.sampled_from(sorted(LANGUAGES)),
        "category": st.sampled_from(CATEGORIES),
        "municipality": st.one_of(st.none(), st.integers(0, 3)),
        "topics": st.sets(st.integers(0, 3), min_size=1, max_size=3),
        "referrals": st.sets(st.integers(0, 2), max_size=2),
    }
)
operation = st.one_of(
    st.tuples(st.just("create"), record),
    st.tuples(st.just("edit"), st.integers(0, 50), record),
    st.tuples(st.just("delete"), st.integers(0, 50)),
    st.tuples(st.just("import"), st.integers(0, 1), st.lists(record, min_size=1, max_size=6)),
    st.tuples(st.just("undo"), st.integers(0, 10)),
)


class World:
    def __init__(self, programme):
        self.parties = [programme["tartu"], programme["rakvere"]]
        self.topics = list(Topic.objects.filter(parent__isnull=True).order_by("pk")[:4])
        self.referrals = list(ReferralTarget.objects.order_by("pk")[:3])
        self.municipalities = list(Municipality.objects.order_by("pk")[:4])

    def fields(self, r):
        return {
            "date": FIRST_DAY + dt.timedelta(days=r["day"]),
            "channel": r["channel"],
            "language": r["language"],
            "category": r["category"],
            "municipality": None if r["municipality"] is None else self.municipalities[r["municipality"]],
            "topics": [self.topics[i] for i in sorted(r["topics"])],
            "referrals": [self.referrals[i] for i in sorted(r["referrals"])],
        }

    def csv(self, rows) -> bytes:
        lines = ["Kuupäev;Kanal;Keel;Teema;Sihtrühm;Suunatud;Elukoht"]
        for r in rows:
            f = self.fields(r)
            lines.append(
                ";".join(
                    [
                        f"{f['date']:%d.%m.%Y}",
                        CHANNELS[r["channel"]],
                        LANGUAGES[r["language"]],
                        '"' + "; ".join(t.name_et for t in f["topics"]) + '"',
                        CATEGORY_NAMES[r["category"]],
                        '"' + "; ".join(t.name_et for t in f["referrals"]) + '"',
                        f["municipality"].name if f["municipality"] else "",
                    ]
                )
            )
        return ("\n".join(lines) + "\n").encode()

    def run(self, op):
        kind = op[0]
        inquiries = list(Inquiry.objects.order_by("pk"))
        if kind == "create":
            r = op[1]
            inquiry_create(party=self.parties[r["party"]], **self.fields(r))
        elif kind == "edit" and inquiries:
            inquiry = inquiries[op[1] % len(inquiries)]
            inquiry_update(inquiry=inquiry, **self.fields(op[2]))
        elif kind == "delete" and inquiries:
            inquiry_delete(inquiry=inquiries[op[1] % len(inquiries)])
        elif kind == "import":
            reader = TableReader(self.csv(op[2]), "test.csv")
            batch = inquiries_import(party=self.parties[op[1]], reader=reader, mapping=guess_mapping(reader.headers))
            assert batch.row_count == len(op[2])
        elif kind == "undo":
            batches = list(InquiryImport.objects.order_by("pk"))
            if batches:
                inquiry_import_undo(batch=batches[op[1] % len(batches)])


@pytest.mark.django_db
@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    operations=st.lists(operation, min_size=1, max_size=10),
    period=st.tuples(st.integers(0, DAYS - 1), st.integers(0, DAYS - 1), st.integers(0, 30)),
)
def test_rollup_equals_the_raw_group_by_after_random_writes(programme, operations, period):
    world = World(programme)
    with transaction.atomic():
        for op in operations:
            world.run(op)
            assert_exact()
        a, b, back = period
        start, end = sorted((FIRST_DAY + dt.timedelta(days=a), FIRST_DAY + dt.timedelta(days=b)))
        previous_start = start - dt.timedelta(days=back)
        assert_same_counts(start, end, previous_start)
        assert_same_counts(start, end, previous_start, party_ids=frozenset({world.parties[0].pk}))
        transaction.set_rollback(True)


# --- hand-worked cases ---------------------------------------------------------------------------------


def test_one_inquiry_counts_once_per_dimension_per_day_and_month(programme):
    inquiry = make_inquiry(
        programme["tartu"], date=dt.date(2024, 3, 5), topics=("personal-id-code",), referrals=(), channel="phone"
    )
    tartu = programme["tartu"].pk
    topic_id = str(inquiry.topics.get().pk)
    day = dt.date(2024, 3, 5)
    assert rollups.stored() == Counter(
        {
            (tartu, day, "total", ""): 1,
            (tartu, day, "channel", "phone"): 1,
            (tartu, day, "language", "uk"): 1,
            (tartu, day, "category", "newcomer"): 1,
            (tartu, day, "municipality", ""): 1,
            (tartu, day, "topic", topic_id): 1,
        }
    )
    month = InquiryRollup.objects.filter(grain=Grain.MONTH)
    assert set(month.values_list("day", flat=True)) == {dt.date(2024, 3, 1)}
    assert month.count() == 6
    inquiry_delete(inquiry=inquiry)
    assert not InquiryRollup.objects.exists()  # rows at zero are removed


def test_spans_split_a_period_into_whole_months_and_days():
    d = dt.date
    assert rollups.spans(d(2024, 1, 1), d(2024, 12, 31)) == ((d(2024, 1, 1), d(2024, 12, 1)), [])
    assert rollups.spans(d(2024, 1, 15), d(2024, 3, 10)) == (
        (d(2024, 2, 1), d(2024, 2, 1)),
        [(d(2024, 1, 15), d(2024, 1, 31)), (d(2024, 3, 1), d(2024, 3, 10))],
    )
    assert rollups.spans(d(2024, 2, 3), d(2024, 2, 20)) == (None, [(d(2024, 2, 3), d(2024, 2, 20))])
    assert rollups.spans(d(2024, 2, 1), d(2024, 2, 29)) == ((d(2024, 2, 1), d(2024, 2, 1)), [])
    assert rollups.spans(d(2023, 12, 31), d(2024, 1, 31)) == (
        (d(2024, 1, 1), d(2024, 1, 1)),
        [(d(2023, 12, 31), d(2023, 12, 31))],
    )


def test_an_import_deleted_in_the_admin_and_a_deleted_topic_leave_the_rollup_exact(programme):
    party = programme["tartu"]
    data = (
        "Kuupäev;Kanal;Keel;Teema;Suunatud\n05.03.2024;telefon;vene;Isikukood;PPA\n06.03.2024;veeb;eesti;Isikukood;\n"
    )
    reader = TableReader(data.encode(), "a.csv")
    batch = inquiries_import(party=party, reader=reader, mapping=guess_mapping(reader.headers))
    make_inquiry(party, date=dt.date(2024, 3, 5), referrals=("ppa",))
    assert_exact()
    client = superuser_client()
    response = client.post(f"/admin/inquiries/inquiryimport/{batch.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and not InquiryImport.objects.exists()
    assert Inquiry.objects.count() == 1
    assert_exact()
    ReferralTarget.objects.get(code="ppa").delete()  # its links go by cascade
    assert_exact()


def test_the_admin_keeps_the_rollup_exact_on_change_and_delete(programme):
    inquiry = make_inquiry(programme["tartu"], date=dt.date(2024, 3, 5))
    other = make_inquiry(programme["tartu"], date=dt.date(2024, 3, 6), channel="web")
    client = superuser_client()
    topic = Topic.objects.get(code="personal-id-code")
    response = client.post(
        f"/admin/inquiries/inquiry/{inquiry.pk}/change/",
        {
            "party": inquiry.party_id,
            "date": "2024-04-02",
            "channel": "email",
            "language": "ru",
            "category": "unknown",
            "topics": [topic.pk],
            "note": "",
            "version": inquiry.version,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    inquiry.refresh_from_db()
    assert inquiry.date == dt.date(2024, 4, 2) and inquiry.channel == "email"
    assert_exact()
    client.post(f"/admin/inquiries/inquiry/{other.pk}/delete/", {"post": "yes"})
    assert not Inquiry.objects.filter(pk=other.pk).exists()
    assert_exact()
    client.post(
        "/admin/inquiries/inquiry/", {"action": "delete_selected", "_selected_action": [inquiry.pk], "post": "yes"}
    )
    assert not Inquiry.objects.exists() and not InquiryRollup.objects.exists()


def test_removing_what_was_never_counted_fails_and_changes_nothing(programme):
    inquiry = make_inquiry(programme["tartu"])
    InquiryRollup.objects.all().delete()  # a rollup that lost track
    with pytest.raises(IntegrityError), transaction.atomic():
        inquiry_delete(inquiry=inquiry)
    assert Inquiry.objects.filter(pk=inquiry.pk).exists()


def test_rebuild_recomputes_from_the_inquiries(programme):
    make_inquiry(programme["tartu"], date=dt.date(2024, 3, 5), referrals=("ppa",))
    make_inquiry(programme["rakvere"], date=dt.date(2024, 2, 29))
    InquiryRollup.objects.filter(dimension="topic").delete()
    assert rollups.differences()
    rollups.rebuild()
    assert_exact()


def test_the_statistics_page_reads_the_rollup_and_publishes_the_same_cells(programme):
    """ELVL's cross-party view (suppressed) and Tartu's own (exact): the published cells from the
    rollup are those `core.disclosure` makes of the raw counts."""
    for n in range(14):
        make_inquiry(
            programme["tartu" if n % 3 else "rakvere"],
            date=dt.date(2024, 1 + n % 3, 3 + n),
            channel=("phone", "web")[n % 2],
            referrals=("ppa",) if n % 4 == 0 else (),
        )
    start, end, previous_start = dt.date(2024, 1, 1), dt.date(2024, 3, 31), dt.date(2023, 10, 1)
    elvl = make_member(programme["elvl"], "coordinator")
    tartu = make_member(programme["tartu"], "coordinator")
    for user, party, exact in ((elvl, None, False), (tartu, programme["tartu"], True)):
        ids = statistics_party_ids(user, party)
        queryset = Inquiry.objects.aggregatable_by(user)
        queryset = queryset if party is None else queryset.filter(party=party)
        raw = finest_cells(queryset, start=start, end=end, previous_start=previous_start, exact=exact)
        rolled = finest_cells(ids, start=start, end=end, previous_start=previous_start, exact=exact)
        assert rolled.totals == raw.totals
        assert rolled.hidden == raw.hidden and rolled.hidden_units == raw.hidden_units
        assert {d: {u: v for u, v in per.items() if v} for d, per in rolled.cells.items()} == {
            d: {u: v for u, v in per.items() if v} for d, per in raw.cells.items()
        }
    stats = inquiry_statistics(user=tartu, start=start, end=end, party=programme["tartu"])
    assert stats.total.count == 9  # hand-counted: n = 1, 2, 4, 5, 7, 8, 10, 11, 13
    phone = next(c for c in stats.breakdowns["channel"].cells if c.key == "phone")
    assert phone.count == 4  # n even among those: 2, 4, 8, 10
