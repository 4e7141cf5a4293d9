"""Demo inquiries: realistic mixes, the same every time, and a second run changes nothing."""

import io
from collections import Counter

from django.test import override_settings

from loim.inquiries import demo
from loim.inquiries.models import Inquiry, ServiceGapNote


@override_settings(DEMO_MODE=True)
def test_demo_is_deterministic_idempotent_and_plausible(programme):
    demo.seed(out=io.StringIO())
    first = list(Inquiry.objects.order_by("party__slug", "date", "pk").values_list("party__slug", "date", "channel"))
    assert 1_500 <= len(first) <= 2_100
    assert {row[0] for row in first} == {"tartu", "tallinn", "parnu", "saaremaa", "rakvere"}
    assert {row[1].year for row in first} == {2024}
    demo.seed(out=io.StringIO())
    assert Inquiry.objects.count() == len(first)
    assert ServiceGapNote.objects.count() == 1

    tartu_topics = Counter(Inquiry.objects.filter(party__slug="tartu").values_list("topics__code", flat=True))
    assert {code for code, _ in tartu_topics.most_common(3)} == {
        "personal-id-code",
        "residence-registration",
        "bus-card",
    }
    languages = Counter(Inquiry.objects.values_list("language", flat=True))
    assert {code for code, _ in languages.most_common(2)} == {"uk", "ru"}
    months = Counter(d.month for d in Inquiry.objects.values_list("date", flat=True))
    assert months[7] < months[9]  # summer dip, autumn peak

    Inquiry.objects.all().delete()
    ServiceGapNote.objects.all().delete()
    demo.seed(out=io.StringIO())
    again = list(Inquiry.objects.order_by("party__slug", "date", "pk").values_list("party__slug", "date", "channel"))
    assert again == first
