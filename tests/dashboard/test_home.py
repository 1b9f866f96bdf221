"""Each role lands on its own home page, scoped to its own programme."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.models import Heartbeat
from tests.factories import (
    MatchingSettingsFactory,
    ReferralFactory,
    ReferralSettingsFactory,
    SiteFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={HOME}"


@pytest.mark.parametrize(
    ("persona", "template", "heading"),
    [
        ("coordinator", "dashboard/coordinator.html", "Coordinator home"),
        ("physiotherapist", "dashboard/physiotherapist.html", "Physiotherapist home"),
        ("mentor", "dashboard/mentor.html", "Your mentees"),
        ("mentee", "dashboard/mentee.html", "Your mentor"),
    ],
)
def test_each_role_lands_on_its_own_home(client, personas, persona, template, heading):
    client.force_login(personas[persona])
    response = client.get(HOME)
    assert response.status_code == 200
    assert template in [t.name for t in response.templates]
    assert heading in response.content.decode()


def test_an_administrator_lands_on_the_overview_of_every_programme(
    client, administrator, programme, other_programme
):
    client.force_login(administrator)
    page = client.get(HOME).content.decode()
    assert "Administrator home" in page
    assert programme.name in page
    assert other_programme.name in page
    assert reverse("admin:index") in page


def test_a_coordinator_sees_their_programme_and_not_another(
    client, coordinator, programme, other_programme, mentor, mentee, outsider
):
    client.force_login(coordinator)
    response = client.get(HOME)
    page = response.content.decode()
    assert programme.name in page
    assert other_programme.name not in page
    (overview,) = response.context["programmes"]
    assert (overview.coordinator_count, overview.mentor_count, overview.mentee_count) == (1, 1, 1)
    assert overview.physiotherapist_count == 0


def test_head_counts_leave_out_people_whose_accounts_are_closed(client, coordinator, programme):
    UserFactory(role=User.Role.MENTOR, programmes=[programme], is_active=False)
    client.force_login(coordinator)
    (overview,) = client.get(HOME).context["programmes"]
    assert overview.mentor_count == 0


HEAD_COUNT = re.compile(r"<li>\d+ (coordinator|physiotherapist|peer mentor|mentee)s?</li>")


@pytest.fixture
def more_people(programme, other_programme, personas):
    """With the personas: 2 coordinators, 3 physiotherapists, 4 mentors and 5 mentees in
    the programme, a number for each role; and some who must not be counted."""
    for role, extra in [
        (User.Role.COORDINATOR, 1),
        (User.Role.PHYSIOTHERAPIST, 2),
        (User.Role.MENTOR, 3),
        (User.Role.MENTEE, 4),
    ]:
        UserFactory.create_batch(extra, role=role, programmes=[programme])
        UserFactory(role=role, programmes=[programme], is_active=False)
        UserFactory(role=role, programmes=[other_programme])


def test_the_coordinator_home_shows_each_roles_head_count_in_words(
    client, coordinator, more_people
):
    client.force_login(coordinator)
    page = client.get(HOME).content.decode()
    assert [m.group(0) for m in HEAD_COUNT.finditer(page)] == [
        "<li>2 coordinators</li>",
        "<li>3 physiotherapists</li>",
        "<li>4 peer mentors</li>",
        "<li>5 mentees</li>",
    ]


def test_a_programme_of_one_says_so_in_the_singular(client, coordinator):
    client.force_login(coordinator)
    page = client.get(HOME).content.decode()
    assert "<li>1 coordinator</li>" in page
    assert "<li>0 peer mentors</li>" in page


def test_the_coordinator_home_shows_each_programmes_plan_and_referral_rules(
    client, coordinator, programme
):
    """Saved settings where there are some, the defaults where there are none."""
    ReferralSettingsFactory(programme=programme, eligibility_min_age=65, wait_working_days=3)
    client.force_login(coordinator)
    page = client.get(HOME).content.decode()
    assert '<dd class="govuk-summary-list__value">6, every 14 days, over 12 weeks</dd>' in page
    assert '<dd class="govuk-summary-list__value">After session 2</dd>' in page
    assert (
        '<dd class="govuk-summary-list__value">Aged 65 or over, back pain for 12 weeks or more</dd>'
        in page
    )
    assert '<dd class="govuk-summary-list__value">3 working days</dd>' in page


@pytest.mark.parametrize("persona", ["physiotherapist", "mentor", "mentee"])
def test_people_who_are_not_coordinators_see_no_head_counts_or_other_programmes(
    client, personas, persona, other_programme, more_people
):
    client.force_login(personas[persona])
    page = client.get(HOME).content.decode()
    assert HEAD_COUNT.search(page) is None
    assert other_programme.name not in page


def test_the_outsider_sees_only_their_own_programme(client, outsider, programme, other_programme):
    client.force_login(outsider)
    page = client.get(HOME).content.decode()
    assert other_programme.name in page
    assert programme.name not in page


def test_coordinators_are_told_when_background_jobs_have_stopped(client, coordinator):
    client.force_login(coordinator)
    assert "Not started yet" in client.get(HOME).content.decode()

    Heartbeat.objects.create(name="worker", last_seen_at=timezone.now() - timedelta(hours=2))
    assert "Stopped." in client.get(HOME).content.decode()

    Heartbeat.objects.filter(name="worker").update(last_seen_at=timezone.now())
    assert "Running." in client.get(HOME).content.decode()


@pytest.mark.parametrize("many", [1, 25])
def test_the_coordinator_home_needs_the_same_queries_however_many_programmes_and_people(
    client, coordinator, programme, many, django_assert_max_num_queries
):
    from tests.factories import ProgrammeFactory

    for _ in range(many):
        extra = ProgrammeFactory()
        coordinator.programmes.add(extra)
        SiteFactory(programme=extra)
        SiteFactory(programme=extra)
        UserFactory(role=User.Role.MENTOR, programmes=[extra])
        UserFactory(role=User.Role.MENTEE, programmes=[extra])
        ReferralFactory(programme=extra)
        ReferralFactory(programme=extra, status="contacted")
        ReferralSettingsFactory(programme=extra)
        MatchingSettingsFactory(programme=extra)
    client.force_login(coordinator)
    # session, user, heartbeat, referral counts, waiting limits, overdue count, mentor
    # counts, matchable count, programmes with head-counts, sites, delivery problems,
    # mentees waiting, open concerns, open flags by severity: never a query per row
    with django_assert_max_num_queries(14):
        response = client.get(HOME)
    assert response.status_code == 200
    assert response.content.decode().count("<h3") == many + 1


def test_the_coordinator_home_counts_open_referrals_and_those_waiting_too_long(
    client, coordinator, programme, other_programme
):
    from datetime import timedelta

    ReferralFactory(programme=programme, submitted_at=timezone.now() - timedelta(days=14))
    ReferralFactory(programme=programme, status="consented")
    ReferralFactory(programme=other_programme)
    client.force_login(coordinator)
    response = client.get(HOME)
    assert dict(response.context["referral_counts"]) == {
        "Submitted": 1,
        "Contacted": 0,
        "Consented": 1,
        "Awaiting match": 0,
    }
    assert response.context["referrals_overdue"] == 1
    assert "1 referral waiting too long" in response.content.decode()


def test_the_coordinator_home_keeps_its_counts_for_a_minute_and_then_counts_again(
    client, coordinator, programme, django_assert_max_num_queries
):
    from django.core.cache import cache

    from dashboard.views import COUNTS_FRESH_FOR_SECONDS

    ReferralFactory(programme=programme)
    client.force_login(coordinator)
    assert dict(client.get(HOME).context["referral_counts"])["Submitted"] == 1
    ReferralFactory(programme=programme)
    # session, user, heartbeat, messages needing attention, programmes, sites, mentees
    # waiting (one indexed count, kept exact: a coordinator who has just registered a
    # mentee expects to see them), open concerns (with their number), open flags by severity
    with django_assert_max_num_queries(9):
        again = client.get(HOME)
    assert dict(again.context["referral_counts"])["Submitted"] == 1
    assert "updated every minute" in again.content.decode()
    assert COUNTS_FRESH_FOR_SECONDS <= 60
    cache.clear()  # as when the minute is up
    assert dict(client.get(HOME).context["referral_counts"])["Submitted"] == 2


def test_each_coordinator_gets_their_own_programmes_counts_from_the_cache(
    client, coordinator, programme, other_programme
):
    ReferralFactory(programme=programme)
    other = UserFactory(role=User.Role.COORDINATOR, programmes=[other_programme])
    client.force_login(coordinator)
    assert dict(client.get(HOME).context["referral_counts"])["Submitted"] == 1
    client.force_login(other)
    assert dict(client.get(HOME).context["referral_counts"])["Submitted"] == 0


@pytest.mark.parametrize("rows", [1, 12])
def test_the_physiotherapist_home_shows_their_latest_referrals_in_flat_queries(
    client, physiotherapist, programme, rows, django_assert_max_num_queries
):
    mine = ReferralFactory.create_batch(rows, programme=programme, referred_by=physiotherapist)
    ReferralFactory(programme=programme)  # someone else's
    client.force_login(physiotherapist)
    # session, user, programmes, latest referrals, open concerns about their patients
    with django_assert_max_num_queries(5):
        response = client.get(HOME)
    page = response.content.decode()
    section = page[page.index('aria-labelledby="my-referrals-heading"') :]
    section = section[: section.index("</section>")]
    linked = [int(pk) for pk in re.findall(r'href="/referrals/(\d+)/"', section)]
    assert linked == [referral.pk for referral in reversed(mine)][:5]  # newest first
