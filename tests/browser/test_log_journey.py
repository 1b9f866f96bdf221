"""A mentor logs contacts on a phone (390x844) and at 200% zoom, in a real Chromium: a held
contact, then one with a clinical red flag (the programme's instructions show at once); the
coordinator sees the escalation first on their home, the physiotherapist on theirs; the
network is cut while the mentor types, and nothing is lost when it comes back. axe-core
checks every page visited."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from sessions_log.logs import services
from sessions_log.logs.models import Concern, SessionLog
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_referral_journey import field, group, sign_out
from tests.factories import MenteeFactory, ReferralFactory, RelationshipFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

VIEWPORTS = {
    "phone": {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3},
    "zoom200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
SIGN = "New weakness in one or both legs, or legs giving way"
RED_FLAG = "Signs that need a doctor soon (clinical red flag)"
PRIVATE = "Her grandson is staying this week"


@pytest.fixture
def pair(programme, mentor, physiotherapist):
    services.use_suggested_plan(programme_id=programme.pk)
    referral = ReferralFactory(
        programme=programme, referred_by=physiotherapist, status="matched",
        first_name="Agnes", last_name="Journeytest",
    )  # fmt: skip
    mentee = MenteeFactory(
        programme=programme, first_name="Agnes", last_name="Journeytest", waiting_since=None,
        from_referral=referral,
    )  # fmt: skip
    return RelationshipFactory(
        programme=programme, mentor=mentor.mentor, mentee=mentee, referral=referral,
        started_on=timezone.localdate() - timedelta(days=10), formats=["phone", "walking"],
    )  # fmt: skip


def heading(page: Page):
    return page.get_by_role("heading", level=1)


def open_the_log_form(page: Page) -> None:
    """From the mentor's home: the one large "Log a contact" (one mentee: straight in)."""
    page.get_by_role("link", name="Log a contact", exact=True).click()
    expect(heading(page)).to_have_text("Log a contact with Agnes")
    assert_accessible(page)


def choose(page: Page, legend: str, label: str) -> None:
    group(page, legend).get_by_label(label, exact=True).check()


def score(page: Page, legend: str, value: int) -> None:
    """A 0-10 scale: the number's box is pressed, as a finger would."""
    scale = group(page, legend)
    scale.get_by_label(str(value), exact=True).click()
    expect(scale.get_by_label(str(value), exact=True)).to_be_checked()


def fill_held_contact(page: Page, *, minutes: str, action_plan: str) -> None:
    choose(page, "Did it go ahead?", "It went ahead")
    choose(page, "How were you in touch, or how did you plan to be?", "Phone")
    field(page, "How long was it, in minutes?").fill(minutes)
    group(page, "What did you talk about?").get_by_label(
        "Pacing: spreading jobs out, with rests"
    ).check()
    score(page, "Their pain today", 6)
    score(page, "How sure they feel about managing their pain", 4)
    field(page, "What did you agree they will do before the next contact?").fill(action_plan)


def save(page: Page) -> None:
    page.get_by_role("button", name="Save the log").click()


@pytest.mark.parametrize("size", list(VIEWPORTS))
def test_a_mentor_logs_contacts_and_a_red_flag_reaches_the_professionals(
    browser: Browser, live_server, settings, pair, mentor, coordinator, physiotherapist, size
):
    settings.SITE_URL = live_server.url
    context = browser.new_context(**VIEWPORTS[size])
    page = context.new_page()
    try:
        journey(page, context, live_server.url, pair, mentor, coordinator, physiotherapist)
    finally:
        context.close()


def journey(page, context, url, pair, mentor, coordinator, physiotherapist) -> None:
    # 1. The mentor's home: Agnes, her next contact and the plan for the first session.
    sign_in(page, url, mentor.email)
    expect(heading(page)).to_contain_text("Hello")
    expect(page.get_by_role("heading", name="Agnes")).to_be_visible()
    expect(page.get_by_text("Session 1: Getting to know each other")).to_be_visible()
    assert_accessible(page)

    # 2. A held contact: the questions about the session appear once it went ahead.
    open_the_log_form(page)
    about = page.get_by_role("heading", name="About the session")
    expect(about).to_be_hidden()
    fill_held_contact(page, minutes="45", action_plan="Walk to the shop twice")
    expect(about).to_be_visible()
    assert_accessible(page)
    save(page)
    expect(page.get_by_role("alert")).to_contain_text("Thank you. The contact is logged.")
    expect(heading(page)).to_contain_text("Contact on")
    assert_accessible(page)
    log = SessionLog.objects.get()
    assert (log.outcome, log.minutes, log.pain, log.confidence) == ("held", 45, 6, 4)

    # 3. A contact with a clinical red flag: the signs appear, and after saving the
    #    programme's instructions on what to tell the mentee now.
    page.get_by_role("link", name="Back to your home page").click()
    open_the_log_form(page)
    fill_held_contact(page, minutes="30", action_plan="Phone the GP surgery today")
    signs = group(page, "Which of these signs did they mention?")
    expect(signs).to_be_hidden()
    choose(page, "Are you worried about anything?", RED_FLAG)
    expect(signs).to_be_visible()
    signs.get_by_label(SIGN).check()
    field(page, "What did you notice?").fill("Her left leg gave way on the stairs")
    field(page, "Private notes").fill(PRIVATE)
    assert_accessible(page)
    save(page)
    advice = page.get_by_role("region", name="What to do now")
    expect(advice).to_contain_text("cauda equina")
    expect(advice).to_contain_text("call 999")
    assert_accessible(page)
    concern = Concern.objects.get()
    assert concern.urgent
    assert concern.kind == "red_flag"
    told = {address for message in mail.outbox for address in message.to}
    assert {coordinator.email, physiotherapist.email} <= told

    # 4. The signal drops while the mentor types: sending is stopped with a message and
    #    nothing is lost; when it comes back, reopening the page puts it all back.
    page.get_by_role("link", name="Back to your home page").click()
    open_the_log_form(page)
    choose(page, "Did it go ahead?", "It went ahead")
    context.set_offline(True)
    choose(page, "How were you in touch, or how did you plan to be?", "Walking together")
    field(page, "How long was it, in minutes?").fill("70")
    field(page, "What did you agree they will do before the next contact?").fill(
        "Walk to the park bench and back"
    )
    save(page)
    offline = page.get_by_role("alert").filter(has_text="Not sent yet")
    expect(offline).to_be_visible()
    assert SessionLog.objects.count() == 2
    assert_accessible(page)
    context.set_offline(False)
    expect(page.get_by_text("Connected again")).to_be_visible()
    page.reload()
    expect(page.get_by_role("region", name="Your log so far")).to_be_visible()
    expect(field(page, "How long was it, in minutes?")).to_have_value("70")
    expect(field(page, "What did you agree they will do before the next contact?")).to_have_value(
        "Walk to the park bench and back"
    )
    expect(group(page, "How were you in touch, or how did you plan to be?").get_by_label(
        "Walking together", exact=True)).to_be_checked()  # fmt: skip
    assert_accessible(page)
    save(page)
    expect(page.get_by_role("alert")).to_contain_text("Thank you. The contact is logged.")
    assert SessionLog.objects.count() == 3
    latest = SessionLog.objects.order_by("-created_at").first()
    assert (latest.format, latest.minutes) == ("walking", 70)
    assert latest.action_plan == "Walk to the park bench and back"
    # The copy kept on the device went once the log was stored.
    kept = page.evaluate(
        "Object.keys(localStorage).filter(function (k) { return k.indexOf('draft:') === 0; })"
    )
    assert kept == []
    sign_out(page)

    # 5. The coordinator sees the escalation first on their home.
    sign_in(page, url, coordinator.email)
    concerns = page.get_by_role("region", name="Concerns to deal with (1)")
    expect(concerns).to_contain_text("Urgent")
    expect(concerns).to_contain_text("Agnes Journeytest")
    assert page.content().index("Concerns to deal with") < page.content().index("Referrals waiting")
    assert_accessible(page)
    concerns.get_by_role("link", name=RED_FLAG).click()
    expect(heading(page)).to_contain_text(RED_FLAG)
    expect(page.get_by_text(SIGN)).to_be_visible()
    assert_accessible(page)
    sign_out(page)

    # 6. The physiotherapist sees it on theirs: the signs, never the session notes.
    sign_in(page, url, physiotherapist.email)
    mine = page.get_by_role("region", name="Concerns about your patients (1)")
    expect(mine).to_contain_text("Agnes Journeytest")
    assert_accessible(page)
    mine.get_by_role("link", name=RED_FLAG).click()
    expect(page.get_by_text(SIGN)).to_be_visible()
    assert PRIVATE not in page.content()
    assert "Phone the GP surgery today" not in page.content()
    assert_accessible(page)
    sign_out(page)


def test_after_the_sign_in_runs_out_the_mentor_finds_the_log_as_they_left_it(
    page: Page, live_server, pair, mentor
):
    from tests.browser.test_session_timeout_journey import server_time_passes
    from tests.factories import TEST_PASSWORD

    sign_in(page, live_server.url, mentor.email)
    open_the_log_form(page)
    fill_held_contact(page, minutes="55", action_plan="Try the pacing diary")
    server_time_passes(page, minutes=61)

    save(page)
    expect(heading(page)).to_have_text("Sign in")
    expect(page.get_by_text("Your log has been kept on this device.")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Email address").fill(mentor.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    expect(heading(page)).to_have_text("Log a contact with Agnes")
    expect(page.get_by_role("region", name="Your log so far")).to_be_visible()
    expect(field(page, "How long was it, in minutes?")).to_have_value("55")
    expect(group(page, "Their pain today").get_by_label("6", exact=True)).to_be_checked()
    assert_accessible(page)
    assert not SessionLog.objects.exists()
    save(page)
    expect(page.get_by_role("alert")).to_contain_text("Thank you. The contact is logged.")
    log = SessionLog.objects.get()
    assert (log.minutes, log.action_plan) == (55, "Try the pacing diary")
