"""The inbox stays fast with tens of thousands of referrals because its queries can use an
index: the page of open referrals oldest first (a partial index, so nothing is sorted) and
name search (trigram indexes on UPPER(name), which is what a case-blind "contains"
compiles to). The tables here are
small, so the planner is told to avoid scans and sorts; the test is that it then can."""

import pytest
from django.db import connection

from mentoring.referrals.filters import ReferralInboxFilter
from mentoring.referrals.models import Referral
from tests.factories import ReferralFactory

pytestmark = pytest.mark.django_db


def plan_of(queryset, *switched_off):
    with connection.cursor() as cursor:
        for setting in switched_off:
            cursor.execute(f"SET LOCAL {setting} = off")
    return queryset.explain()


def inbox(user, **data):
    queryset = Referral.objects.visible_to(user).exclude(status=Referral.Status.DRAFT)
    return ReferralInboxFilter(
        {"status": "open", **data}, queryset=queryset.order_by("submitted_at", "pk"), user=user
    ).qs


def test_the_open_queue_index_lists_exactly_the_open_statuses():
    index = next(i for i in Referral._meta.indexes if i.name == "referral_open_queue")
    assert set(dict(index.condition.children)["status__in"]) == set(Referral.OPEN)
    assert set(Referral.OPEN) == set(Referral.Status) - {Referral.Status.DRAFT, *Referral.ENDED}


def test_the_inbox_page_is_read_in_order_from_the_open_queue_index(coordinator, programme):
    ReferralFactory.create_batch(3, programme=programme)
    plan = plan_of(inbox(coordinator)[:25], "enable_seqscan", "enable_sort")
    assert "referral_open_queue" in plan
    assert "Sort" not in plan


@pytest.mark.parametrize("search", ["findme", "isla findme"])
def test_the_inbox_name_search_can_use_the_trigram_indexes(coordinator, programme, search):
    ReferralFactory(programme=programme, first_name="Isla", last_name="Findme")
    inbox_filter = ReferralInboxFilter({}, queryset=Referral.objects.all(), user=coordinator)
    searched = inbox_filter.filter_search(Referral.objects.order_by(), "q", search)
    plan = plan_of(searched, "enable_seqscan")
    assert "referral_first_name_trgm" in plan
    assert "referral_last_name_trgm" in plan
