"""Each feature keeps its programme settings beside it; the admin edits them in one place."""

import pytest
from django.db import IntegrityError
from django.urls import reverse

from accounts.models import Programme
from mentoring.matching.models import MatchingSettings
from mentoring.recruitment.models import RecruitmentSettings
from mentoring.referrals.models import ReferralSettings
from mentoring.training.models import TrainingSettings
from sessions_log.monitoring.models import MonitoringSettings
from tests.factories import MatchingSettingsFactory, ReferralSettingsFactory

pytestmark = pytest.mark.django_db


def test_a_programme_without_settings_rows_reads_the_published_defaults_and_writes_nothing():
    programme = Programme.objects.create(name="Defaults", region="Anywhere")
    referrals = ReferralSettings.for_programme(programme)
    plan = MatchingSettings.for_programme(programme)
    monitoring = MonitoringSettings.for_programme(programme)
    assert (referrals.eligibility_min_age, referrals.eligibility_min_pain_weeks) == (60, 12)
    assert referrals.wait_working_days == 5
    assert (plan.planned_sessions, plan.planned_interval_days) == (6, 14)
    assert (plan.planned_length_weeks, plan.review_after_session) == (12, 2)
    assert monitoring.first_contact_within_days == 7
    assert monitoring.no_contact_after_days == 28
    assert monitoring.missed_contacts_in_a_row == 2
    assert (monitoring.pain_rise_points, monitoring.confidence_drop_points) == (2, 2)
    assert monitoring.low_feedback_rating == 2
    assert TrainingSettings.for_programme(programme).expiry_warning_days == 30
    assert RecruitmentSettings.for_programme(programme).applicant_wait_working_days == 10
    assert RecruitmentSettings.for_programme(programme).default_mentor_capacity == 2
    assert not ReferralSettings.objects.exists()
    assert not MatchingSettings.objects.exists()


def test_a_saved_row_is_what_the_programme_reads(programme):
    ReferralSettingsFactory(programme=programme, eligibility_min_age=65)
    programme = Programme.objects.get(pk=programme.pk)
    assert ReferralSettings.for_programme(programme).eligibility_min_age == 65


def test_settings_for_several_programmes_come_in_one_query(
    programme, other_programme, django_assert_num_queries
):
    ReferralSettingsFactory(programme=programme, wait_working_days=3)
    with django_assert_num_queries(1):
        found = ReferralSettings.for_programmes([programme.pk, other_programme.pk])
    assert found[programme.pk].wait_working_days == 3
    assert found[other_programme.pk].wait_working_days == 5


def test_the_database_refuses_a_review_after_the_last_planned_session(programme):
    with pytest.raises(IntegrityError):
        MatchingSettingsFactory(programme=programme, planned_sessions=3, review_after_session=4)


def test_the_programme_admin_page_edits_every_features_settings(client, administrator, programme):
    client.force_login(administrator)
    page = client.get(reverse("admin:accounts_programme_change", args=[programme.pk]))
    html = page.content.decode()
    for heading in (
        "Referral and eligibility settings",
        "Recruitment settings",
        "Training settings",
        "Matching settings",
        "Monitoring thresholds",
    ):
        assert heading in html
    assert "eligibility_min_age" in html
    assert "no_contact_after_days" in html
