"""A report build whose worker vanished (killed mid-build) does not stay "being built" for ever: it is
retried once, then marked failed with a message, both when its page loads and when a worker runs;
the page then offers to start again (issue 10, §4)."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from loim.monitoring.buildlock import building
from loim.monitoring.models import BUILD_STALE_AFTER, MAX_BUILD_ATTEMPTS, BuildStatus, ReportBuild
from loim.monitoring.services import report_builds_recover
from loim.monitoring.tasks import build_report_file


@pytest.fixture
def elvl_user(member):
    return member("elvl", "coordinator")


def orphan(scenario, user, *, attempts: int, minutes_ago: float) -> ReportBuild:
    """A build a worker took `minutes_ago` and then died on (no heartbeat since)."""
    return ReportBuild.objects.create(
        party=scenario["parties"]["elvl"],
        plan=scenario["plan"],
        format="xlsx",
        requested_by=user,
        status=BuildStatus.RUNNING,
        started_at=timezone.now() - dt.timedelta(minutes=minutes_ago),
        attempts=attempts,
    )


def page(client, build, **headers) -> str:
    response = client.get(reverse("monitoring:report_build", kwargs={"pk": build.pk}), **headers)
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def test_a_build_still_within_its_time_is_left_alone(client, scenario, elvl_user):
    build = orphan(scenario, elvl_user, attempts=1, minutes_ago=1)
    client.force_login(elvl_user)
    with building(build.pk):  # its worker is alive (on PostgreSQL it holds the build's lock)
        assert "being built" in page(client, build, HTTP_ACCEPT_LANGUAGE="en")
    build.refresh_from_db()
    assert build.status == BuildStatus.RUNNING and build.attempts == 1


def test_a_lost_build_is_retried_when_its_page_loads(client, scenario, elvl_user, django_capture_on_commit_callbacks):
    stale_minutes = BUILD_STALE_AFTER.total_seconds() / 60 + 1
    build = orphan(scenario, elvl_user, attempts=1, minutes_ago=stale_minutes)
    client.force_login(elvl_user)
    with django_capture_on_commit_callbacks(execute=True):  # the retry is handed to the worker on commit
        page(client, build)
    build.refresh_from_db()
    assert build.status == BuildStatus.READY and build.attempts == 2 and build.file


def test_a_build_lost_on_its_last_attempt_fails_with_a_message_and_an_offer(client, scenario, elvl_user):
    build = orphan(scenario, elvl_user, attempts=MAX_BUILD_ATTEMPTS, minutes_ago=60)
    client.force_login(elvl_user)
    html = page(client, build, HTTP_ACCEPT_LANGUAGE="en")
    build.refresh_from_db()
    assert build.status == BuildStatus.FAILED and build.finished_at is not None
    assert "stopped" in build.error
    assert "could not be built" in html and build.error in html
    assert 'hx-trigger="every 2s"' not in html  # no more polling
    # the page offers to build it again, with the same format and party
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', html)
    assert form and form.group(1) == reverse("monitoring:report_request", kwargs={"year": 2024})
    assert 'name="format" value="xlsx"' in form.group(2)
    again = client.post(form.group(1), {"format": "xlsx", "party": ""})
    assert again.status_code == 302 and ReportBuild.objects.exclude(pk=build.pk).get().format == "xlsx"


def test_a_worker_recovers_lost_builds_before_its_own(scenario, elvl_user):
    lost = orphan(scenario, elvl_user, attempts=MAX_BUILD_ATTEMPTS, minutes_ago=60)
    fresh = ReportBuild.objects.create(
        party=scenario["parties"]["elvl"], plan=scenario["plan"], format="json", requested_by=elvl_user
    )
    assert build_report_file.call(fresh.pk) == BuildStatus.READY
    lost.refresh_from_db()
    assert lost.status == BuildStatus.FAILED


def test_recovery_is_counted_and_idempotent(scenario, elvl_user, django_capture_on_commit_callbacks):
    orphan(scenario, elvl_user, attempts=MAX_BUILD_ATTEMPTS, minutes_ago=60)
    orphan(scenario, elvl_user, attempts=1, minutes_ago=60)
    with django_capture_on_commit_callbacks(execute=False):
        assert report_builds_recover() == (1, 1)  # (retried, failed)
        assert report_builds_recover() == (0, 0)
