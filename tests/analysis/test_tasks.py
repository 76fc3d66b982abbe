"""The scheduled jobs run the same verbs as the pages and commands."""

from beatbridge.analysis import tasks
from beatbridge.analysis.models import NeedsAssessment, TrendAlert

from .test_trends import series  # noqa: F401 (fixture)


def test_nightly_job_refreshes_trends(series, settings):  # noqa: F811
    settings.BEATBRIDGE = {**settings.BEATBRIDGE, "INSIGHTS": {"NEAR_REPEAT_PERMUTATIONS": 9}}
    tasks.nightly_insights_task.call_local()
    assert TrendAlert.objects.filter(area__code="1", category__isnull=True).exists()


def test_quarterly_job_assesses_every_neighborhood(city):
    assert tasks.quarterly_needs_assessment_task.call_local() == 2
    assert NeedsAssessment.objects.count() == 2


def test_poll_job_is_harmless_without_patterns(city):
    assert tasks.elevated_risk_poll_task.call_local() == 0
