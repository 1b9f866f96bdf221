"""Nothing typed is lost when a sign-in runs out, in a real Chromium: a warning comes first,
with "Stay signed in"; if the sign-in still ends, the sign-in page says why and leads back
to the form with everything typed put back. axe-core checks every page visited.

The server's time passes by moving the session's stored times back; the browser's by
Playwright's clock."""

import re
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone
from playwright.sync_api import Page, expect

from core.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_referral_journey import field, follow_nav_link, group, open_section
from tests.factories import TEST_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

KEPT_NOTICE = (
    "We have put back what you typed before you were signed out. Check it and send it again."
)


def session_of(page: Page) -> Session:
    key = next(c["value"] for c in page.context.cookies() if c["name"] == "sessionid")
    return Session.objects.get(session_key=key)


def server_time_passes(page: Page, *, minutes: float) -> None:
    session = session_of(page)
    session.expire_date -= timedelta(minutes=minutes)
    data = session.get_decoded()
    for stored_time in (SIGNED_IN_AT, LAST_SEEN_AT):
        data[stored_time] -= minutes * 60
    session.session_data = Session.objects.encode(data)
    session.save()


def test_a_referral_typed_before_the_sign_in_ran_out_is_put_back(
    page: Page, live_server, physiotherapist
):
    sign_in(page, live_server.url, physiotherapist.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Physiotherapist home")
    follow_nav_link(page, "Refer a patient")
    assert_accessible(page)

    # Part of the form, then an hour and more at the phone.
    patient = group(page, "The patient")
    field(patient, "First name").fill("Morag")
    field(patient, "Last name").fill("Keptform")
    field(group(page, "Type of number"), "NHS number (England, Wales, Isle of Man)").check()
    open_section(page, "Self-management plan given at discharge")
    plan = group(page, "Self-management plan given at discharge")
    field(plan, "Exercises").fill("Pelvic tilts and knee rolls,\ntwice a day")
    open_section(page, "What they would like from mentoring")
    field(group(page, "When they are usually free"), "Tuesday morning").check()
    server_time_passes(page, minutes=61)

    # "Send" finds the sign-in over: the sign-in page says why, and that the typing is kept.
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    expect(page.get_by_role("region", name="Important").first).to_contain_text(
        "You were signed out because you had not done anything for 60 minutes."
    )
    expect(page.get_by_text("What you typed has been kept.")).to_be_visible()
    assert "Keptform" not in page.url
    assert "Morag" not in page.url
    assert_accessible(page)

    # Signing in leads back to the form, with everything typed.
    page.get_by_label("Email address").fill(physiotherapist.email)
    page.get_by_label("Password").fill(TEST_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Refer a patient")
    notice = page.locator("[data-kept-notice]")
    expect(notice).to_contain_text(KEPT_NOTICE)
    expect(notice).to_be_focused()
    patient = group(page, "The patient")
    expect(field(patient, "First name")).to_have_value("Morag")
    expect(field(patient, "Last name")).to_have_value("Keptform")
    expect(
        field(group(page, "Type of number"), "NHS number (England, Wales, Isle of Man)")
    ).to_be_checked()
    expect(
        field(group(page, "Self-management plan given at discharge"), "Exercises")
    ).to_have_value("Pelvic tilts and knee rolls,\ntwice a day")
    expect(field(group(page, "When they are usually free"), "Tuesday morning")).to_be_checked()
    assert_accessible(page)

    # Once sent (here as a draft), the browser keeps no copy.
    page.get_by_role("button", name="Save as draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Morag Keptform")
    assert_accessible(page)
    kept = page.evaluate(
        "Object.keys(sessionStorage).filter(function (k) { return k.indexOf('keep') === 0; })"
    )
    assert kept == []


def test_the_warning_comes_before_the_end_and_stay_signed_in_keeps_the_sign_in(
    page: Page, live_server, physiotherapist
):
    page.clock.install()
    sign_in(page, live_server.url, physiotherapist.email)
    follow_nav_link(page, "Refer a patient")
    field(group(page, "The patient"), "First name").focus()
    dialog = page.get_by_role("dialog", name="You will be signed out soon")
    expect(dialog).to_be_hidden()

    # 58 minutes later, in the browser and on the server: the warning.
    server_time_passes(page, minutes=58)
    page.clock.fast_forward("58:00")
    expect(dialog).to_be_visible()
    expect(dialog.locator("#timeout-warning-time")).to_have_text(
        re.compile(r"^You will be signed out in (2 minutes|1 minute 5\d seconds)\.$")
    )
    stay = dialog.get_by_role("button", name="Stay signed in")
    expect(stay).to_be_focused()
    expect(dialog.get_by_role("button", name="Sign out")).to_be_visible()
    assert_accessible(page)
    old_end = session_of(page).expire_date
    assert old_end < timezone.now() + timedelta(minutes=3)

    # "Stay signed in": the dialog closes, focus goes back, the sign-in lasts another hour.
    with page.expect_response(lambda r: r.url.endswith("/accounts/keep-alive/")) as answer:
        stay.click()
    assert answer.value.status == 204
    expect(dialog).to_be_hidden()
    expect(field(group(page, "The patient"), "First name")).to_be_focused()
    new_end = session_of(page).expire_date
    assert abs(new_end - (timezone.now() + timedelta(hours=1))) < timedelta(minutes=1)

    # Past the old end, still signed in.
    server_time_passes(page, minutes=5)
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Physiotherapist home")
