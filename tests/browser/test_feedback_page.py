"""The mentee's public check-in page in a real Chromium: reached from the link in the email
without signing in, answered with the large radio buttons by their words, and accessible
(axe-core) empty, with a problem, and after answering."""

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from sessions_log.monitoring import services
from sessions_log.monitoring.models import Feedback
from tests.browser.conftest import assert_accessible
from tests.factories import FeedbackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_mentee_answers_through_the_link(page: Page, live_server) -> None:
    feedback = FeedbackFactory(rating=None, answered_at=None)
    link = reverse("monitoring:feedback", args=[services.feedback_token(feedback)])
    page.goto(f"{live_server.url}{link}")
    expect(page.get_by_role("heading", level=1)).to_have_text("How is your mentoring going?")
    assert_accessible(page)
    page.get_by_label("Anything you would like to tell us?").fill("She is very kind")
    page.get_by_role("button", name="Send my answer").click()
    expect(
        page.get_by_text("Choose how your mentoring is going, from 1 to 5").first
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("4: Well").check()
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert_accessible(page)
    feedback = Feedback.objects.get(pk=feedback.pk)
    assert (feedback.rating, feedback.comment) == (4, "She is very kind")
