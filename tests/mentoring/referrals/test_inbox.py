"""The coordinator's inbox: filters, search, the overdue marker, and a flat query count."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ReferralFactory, SiteFactory

pytestmark = pytest.mark.django_db

INBOX = reverse("referrals:inbox")


def names(response):
    return {r.last_name for r in response.context["page"].object_list}


def test_the_inbox_shows_open_referrals_oldest_first_by_default(client, coordinator, programme):
    old = ReferralFactory(programme=programme, submitted_at=timezone.now() - timedelta(days=3))
    new = ReferralFactory(programme=programme)
    ReferralFactory(programme=programme, status="closed", close_reason="declined")
    ReferralFactory(programme=programme, status="draft", submitted_at=None)
    client.force_login(coordinator)
    page = client.get(INBOX).context["page"]
    assert list(page.object_list) == [old, new]


def test_filter_by_status_and_site(client, coordinator, programme):
    kirkton = SiteFactory(programme=programme, name="Kirkton")
    contacted = ReferralFactory(programme=programme, status="contacted", site=kirkton)
    ReferralFactory(programme=programme)
    client.force_login(coordinator)
    assert names(client.get(INBOX, {"status": "contacted"})) == {contacted.last_name}
    assert names(client.get(INBOX, {"status": "", "site": kirkton.pk})) == {contacted.last_name}


def test_filter_to_those_waiting_too_long_and_they_stand_out_in_words(
    client, coordinator, programme
):
    late = ReferralFactory(programme=programme, submitted_at=timezone.now() - timedelta(days=14))
    ReferralFactory(programme=programme)
    client.force_login(coordinator)
    response = client.get(INBOX, {"waiting": "overdue"})
    assert names(response) == {late.last_name}
    assert "Waiting too long" in response.content.decode()


def test_search_by_name_or_number(client, coordinator, programme):
    one = ReferralFactory(programme=programme, first_name="Isla", last_name="Findme")
    two = ReferralFactory(programme=programme, last_name="Other")
    client.force_login(coordinator)
    assert names(client.get(INBOX, {"q": "isla findme"})) == {one.last_name}
    spaced = f"{two.health_number[:3]} {two.health_number[3:6]} {two.health_number[6:]}"
    assert names(client.get(INBOX, {"q": spaced})) == {two.last_name}


def test_the_inbox_is_paginated(client, coordinator, programme):
    ReferralFactory.create_batch(30, programme=programme)
    client.force_login(coordinator)
    first = client.get(INBOX)
    assert len(first.context["page"].object_list) == 25
    second = client.get(INBOX, {"page": 2})
    assert len(second.context["page"].object_list) == 5


@pytest.mark.parametrize("rows", [1, 40])
def test_the_inbox_needs_the_same_queries_however_many_referrals(
    client, coordinator, programme, rows, django_assert_max_num_queries
):
    site = SiteFactory(programme=programme)
    ReferralFactory.create_batch(rows, programme=programme, site=site, handled_by=coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(6):
        response = client.get(INBOX, {"waiting": "", "status": "open"})
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [1, 40])
def test_my_referrals_needs_the_same_queries_however_many(
    client, physiotherapist, programme, coordinator, rows, django_assert_max_num_queries
):
    ReferralFactory.create_batch(
        rows, programme=programme, referred_by=physiotherapist, handled_by=coordinator
    )
    client.force_login(physiotherapist)
    with django_assert_max_num_queries(5):
        response = client.get(reverse("referrals:mine"))
    assert response.status_code == 200


@pytest.mark.parametrize("events", [1, 20])
def test_a_referral_page_needs_the_same_queries_however_long_its_history(
    client, coordinator, programme, events, django_assert_max_num_queries
):
    from mentoring.referrals.models import ReferralEvent

    referral = ReferralFactory(programme=programme)
    for _ in range(events):
        ReferralEvent.objects.create(referral=referral, to_status="submitted", by=coordinator)
    client.force_login(coordinator)
    with django_assert_max_num_queries(5):
        response = client.get(referral.get_absolute_url())
    assert response.status_code == 200
