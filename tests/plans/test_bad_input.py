"""Defects of issue 10 §4 in plans: switching an indicator from manual to a counting rule without
saying what it counts is a field-named error on the form, never a 500."""

from django.urls import reverse

from loim.plans.models import Indicator

from .test_views import signed_in


def _data(indicator, **changes):
    data = {
        "key": indicator.key,
        "table": indicator.table,
        "name": indicator.name,
        "unit": indicator.unit,
        "kind": indicator.kind,
        "explanation": indicator.explanation,
        "activity": str(indicator.activity_id or ""),
        "section": indicator.section,
        "measurement": indicator.measurement,
        "measurement_note": indicator.measurement_note,
        "targets-TOTAL_FORMS": "0",
        "targets-INITIAL_FORMS": "0",
        "targets-MIN_NUM_FORMS": "0",
        "targets-MAX_NUM_FORMS": "1000",
    }
    data.update(changes)
    return data


def _manual(plan):
    """An indicator entered by hand. Since issue 13 counts the journey model from its rollout rows, the
    2024 plan has none left, so the test turns that one back into a hand-entered indicator."""
    assert not Indicator.objects.filter(plan=plan, measurement="manual").exists()
    Indicator.objects.filter(plan=plan, key="journey-model-kovs").update(measurement="manual", rule=None)
    return Indicator.objects.get(plan=plan, key="journey-model-kovs")


def test_manual_to_rule_without_a_source_is_named(plan_2024, member):
    indicator = _manual(plan_2024)
    assert indicator.rule is None
    client = signed_in(member("elvl", "coordinator"))
    response = client.post(reverse("plans:indicator_edit", args=[indicator.pk]), _data(indicator, measurement="rule"))
    assert response.status_code == 200
    assert "rule_source" in response.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.measurement == "manual" and indicator.rule is None


def test_manual_to_rule_with_a_source_is_saved(plan_2024, member):
    indicator = _manual(plan_2024)
    client = signed_in(member("elvl", "coordinator"))
    data = _data(indicator, measurement="rule", rule_source="networks")
    response = client.post(reverse("plans:indicator_edit", args=[indicator.pk]), data)
    assert response.status_code == 302, response.context["form"].errors
    indicator.refresh_from_db()
    assert indicator.measurement == "rule" and indicator.rule == {"source": "networks"}
