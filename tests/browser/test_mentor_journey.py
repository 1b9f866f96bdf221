"""A peer mentor's whole journey through a real Chromium: a volunteer applies (after
forgetting the consent box), the coordinator screens them, records their checks and training
and makes them active, and the new mentor chooses a password through the link in the
invitation email and sees their training. axe-core checks every page visited."""

import re
from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from core.dates import add_months
from mentoring.recruitment.models import Mentor
from mentoring.training.models import TrainingModule
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_referral_journey import (
    field,
    fill_date,
    follow_nav_link,
    group,
    sign_out,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_NAME = "Moira"
LAST_NAME = "Journeytest"
VOLUNTEER = f"{FIRST_NAME} {LAST_NAME}"
EMAIL = "volunteer.journey@example.org"
NEW_PASSWORD = "a-volunteer-chose-this-42"
REFEREES = ("Rhona Refereeone", "Ruairidh Refereetwo")
ROLE_AND_BOUNDARIES = "Role and boundaries"
RED_FLAGS = "Red flags and when to escalate"
CONSENT = (
    "I agree that the programme may keep these details to consider my application and "
    "contact me about it"
)


# --- Helpers -----------------------------------------------------------------------------------


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def status_line(page: Page) -> Locator:
    return page.get_by_text(re.compile(r"^Status: "))


def expect_saved(page: Page, message: str) -> None:
    """The page after a successful form says so in its success banner, announced at once."""
    expect(page.get_by_role("alert")).to_contain_text(message)
    assert_accessible(page)


def change_status(page: Page, to: str, reason: str) -> None:
    field(group(page, "New status"), to).check()
    field(page, "Reason").fill(reason)
    page.get_by_role("button", name="Change status").click()


def complete_until(day: date) -> str:
    return f"Complete, until {day:%-d %b %Y}"


def fill_application(page: Page, programme_pk: int) -> None:
    """Everything but the consent box, by the labels a sighted volunteer reads."""
    programme = field(page, "Which programme?")
    expect(programme).to_have_value(str(programme_pk))  # the only one: already chosen
    programme.select_option(label="Glenmore programme")
    field(page, "First name").fill(FIRST_NAME)
    field(page, "Last name").fill(LAST_NAME)
    field(page, "Email").fill(EMAIL)
    field(page, "Phone number").fill("07700 900123")
    field(page, "Your postcode").fill("EH3 9DR")
    field(page, "Languages you speak").fill("English, Scots")
    experience = group(page, "Your experience of back pain")
    field(experience, "I live, or have lived, with back pain").check()
    field(page, "Tell us a little about it (optional)").fill("Lower back pain since 2015")
    formats = group(page, "Ways of meeting you can offer")
    field(formats, "Phone").check()
    field(formats, "Walking together").check()
    availability = group(page, "When you are usually free")
    field(availability, "Tuesday morning").check()
    field(availability, "Thursday afternoon").check()


def fill_training_session(page: Page, module: str, method: str, today: date) -> None:
    field(page, "Module").select_option(label=module)
    fill_date(page, "Date", today)
    field(page, "Delivered by").fill("Fiona Trainer")
    field(group(page, "How it was delivered"), method).check()
    field(page, f"{VOLUNTEER} attended").check()


# --- The journey -------------------------------------------------------------------------------


def test_a_volunteer_becomes_an_active_mentor_and_sees_their_training(
    page: Page, live_server, coordinator, programme, settings
):
    settings.SITE_URL = live_server.url  # the invitation link points at this server
    TrainingModule.objects.create(
        programme=programme, name=ROLE_AND_BOUNDARIES, validity_months=24, position=1
    )
    TrainingModule.objects.create(
        programme=programme, name=RED_FLAGS, validity_months=12, pass_mark=80, position=2
    )
    today = timezone.localdate()  # the date the server records training against

    # 1. A volunteer applies, forgetting the consent box the first time.
    page.goto(f"{live_server.url}/volunteer/")
    expect(heading(page)).to_have_text("Become a peer mentor")
    assert_accessible(page)
    fill_application(page, programme.pk)
    page.get_by_role("button", name="Send my application").click()

    problems = page.get_by_role("alert")
    expect(problems).to_contain_text("There is a problem")
    # The error summary around the alert takes focus, so a screen reader announces it first.
    expect(page.locator(":focus")).to_contain_text("There is a problem")
    consent = field(page, CONSENT)
    expect(consent).not_to_be_checked()
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(consent).to_have_accessible_description(
        re.compile("Tick this box so that we can keep your application")
    )
    consent_problem = "Tick this box so that we can keep your application."
    expect(problems.get_by_role("link", name=consent_problem)).to_be_visible()  # in the summary
    expect(page.locator(".govuk-error-message", has_text=consent_problem)).to_be_visible()
    expect(field(page, "Last name")).to_have_value(LAST_NAME)
    expect(field(page, "Email")).to_have_value(EMAIL)
    expect(field(page, "Phone number")).to_have_value("07700 900123")
    expect(field(page, "Your postcode")).to_have_value("EH3 9DR")
    expect(field(page, "Languages you speak")).to_have_value("English, Scots")
    expect(field(page, "I live, or have lived, with back pain")).to_be_checked()
    expect(field(page, "Walking together")).to_be_checked()
    expect(field(page, "Thursday afternoon")).to_be_checked()
    assert_accessible(page)

    consent.check()
    page.get_by_role("button", name="Send my application").click()
    expect(heading(page)).to_have_text("Thank you for offering to help")
    assert_accessible(page)

    # 2. The coordinator finds the applicant and screens them.
    sign_in(page, live_server.url, coordinator.email)
    expect(heading(page)).to_have_text("Coordinator home")
    assert_accessible(page)
    follow_nav_link(page, "Mentors")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=VOLUNTEER))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell")).to_contain_text(["Applied", "EH3"])
    assert_accessible(page)
    row.get_by_role("link", name=VOLUNTEER).click()
    expect(heading(page)).to_have_text(VOLUNTEER)
    expect(status_line(page)).to_have_text("Status: Applied")
    assert_accessible(page)

    change_status(page, "Screening", "Phoned her; interview booked")
    expect_saved(page, f"{VOLUNTEER} is now: screening.")
    expect(status_line(page)).to_have_text("Status: Screening")

    page.get_by_role("link", name="Record an interview").click()
    expect(heading(page)).to_have_text(f"Record an interview with {VOLUNTEER}")
    assert_accessible(page)
    fill_date(page, "Date", today)
    field(group(page, "Outcome"), "Suitable").check()
    page.get_by_role("button", name="Save interview").click()
    expect_saved(page, "Interview recorded.")
    expect(page.get_by_role("region", name="Interview")).to_contain_text(
        f"Suitable, {today:%-d %B %Y}, with {coordinator.display_name}"
    )

    for referee in REFEREES:
        page.get_by_role("link", name="Add a reference").click()
        expect(heading(page)).to_have_text(f"Add a reference for {VOLUNTEER}")
        assert_accessible(page)
        field(page, "Referee name").fill(referee)
        field(page, "Referee's email or phone").fill("07700 900456")
        fill_date(page, "Received on", today)
        field(group(page, "Is the reference satisfactory?"), "Yes").check()
        page.get_by_role("button", name="Save reference").click()
        expect_saved(page, "Reference saved.")
    references = page.get_by_role("region", name="References (2 of 2)")
    expect(references.get_by_role("listitem")).to_have_text(
        [f"{referee}: received {today:%-d %b %Y}, satisfactory" for referee in REFEREES]
    )

    page.get_by_role("link", name="Record a disclosure check").click()
    expect(heading(page)).to_have_text(f"Record a disclosure check for {VOLUNTEER}")
    assert_accessible(page)
    field(group(page, "Scheme"), "PVG (Scotland)").check()
    field(page, "Certificate or membership number").fill("1234 5678 9012 3456")
    fill_date(page, "Issue date", today - timedelta(days=10))
    fill_date(page, "Renewal date", today + timedelta(days=3 * 365))
    field(group(page, "Outcome"), "Clear").check()
    page.get_by_role("button", name="Save check").click()
    expect_saved(page, "Disclosure check recorded.")
    expect(page.get_by_role("region", name="Disclosure checks")).to_contain_text(
        "PVG (Scotland) 1234 5678 9012 3456: clear"
    )

    # Into training: this creates the account and emails the invitation.
    change_status(page, "In training", "Interview, references and PVG all fine")
    expect_saved(page, f"{VOLUNTEER} is now: in training.")
    expect(status_line(page)).to_have_text("Status: In training")
    expect(page.get_by_text("Has an account (invitation not yet used).")).to_be_visible()
    invitations = [m for m in mail.outbox if m.to == [EMAIL] and "choose a password" in m.subject]
    assert len(invitations) == 1, [(m.to, m.subject) for m in mail.outbox]

    # Activation is refused while the training is missing; the reasons are listed.
    reasons = page.get_by_role("region", name="Change status").get_by_role("listitem")
    expected_reasons = [
        f"Training not done: {ROLE_AND_BOUNDARIES}.",
        f"Training not done: {RED_FLAGS}.",
    ]
    expect(reasons).to_have_text(expected_reasons)
    change_status(page, "Active", "Ready to be matched?")
    expect(
        page.get_by_text("This mentor cannot be made active yet: see the reasons.")
    ).to_be_visible()
    expect(page.get_by_text("Cannot be made active yet:", exact=True)).to_be_visible()
    expect(reasons.filter(has_text="Training not done")).to_have_text(expected_reasons)
    expect(status_line(page)).to_have_text("Status: In training")
    expect(field(page, "Reason")).to_have_value("Ready to be matched?")
    assert_accessible(page)

    # 3. The coordinator records the two training sessions from the matrix.
    follow_nav_link(page, "Training")
    mentor_row = page.get_by_role("row").filter(has=page.get_by_role("link", name=VOLUNTEER))
    expect(mentor_row.get_by_role("cell")).to_have_text(["Not done", "Not done"])
    assert_accessible(page)

    page.get_by_role("link", name="Record training").click()
    expect(heading(page)).to_have_text("Record training")
    assert_accessible(page)
    fill_training_session(page, ROLE_AND_BOUNDARIES, "Face to face", today)
    page.get_by_role("button", name="Save training").click()
    expect_saved(page, "Training recorded for 1 person.")
    expect(mentor_row.get_by_role("cell")).to_have_text(
        [complete_until(add_months(today, 24)), "Not done"]
    )

    page.get_by_role("link", name="Record training").click()
    expect(heading(page)).to_have_text("Record training")
    assert_accessible(page)
    fill_training_session(page, RED_FLAGS, "Online", today)
    page.get_by_role("button", name="Save training").click()  # the quiz score forgotten
    score = field(page, f"Quiz score for {VOLUNTEER} (%)")
    expect(score).to_have_attribute("aria-invalid", "true")
    quiz_problem = re.escape(f"This module has a quiz: enter {VOLUNTEER}'s score.")
    # GOV.UK error messages begin with a hidden "Error:".
    expect(score).to_have_accessible_description(re.compile(rf"^\s*Error:\s+{quiz_problem}\s*$"))
    expect(field(page, "Module")).to_have_value(str(TrainingModule.objects.get(name=RED_FLAGS).pk))
    expect(field(page, f"{VOLUNTEER} attended")).to_be_checked()
    expect(field(page, "Online")).to_be_checked()
    assert_accessible(page)
    score.fill("90")
    page.get_by_role("button", name="Save training").click()
    expect_saved(page, "Training recorded for 1 person.")
    expect(mentor_row.get_by_role("cell")).to_have_text(
        [complete_until(add_months(today, 24)), complete_until(add_months(today, 12))]
    )

    # Back on the mentor's page the reasons are gone, and activation succeeds.
    mentor_row.get_by_role("link", name=VOLUNTEER).click()
    expect(heading(page)).to_have_text(VOLUNTEER)
    expect(page.get_by_text("Cannot be made active yet:")).to_have_count(0)
    assert_accessible(page)
    change_status(page, "Active", "Training and PVG complete")
    expect_saved(page, f"{VOLUNTEER} is now: active.")
    expect(status_line(page)).to_have_text("Status: Active")
    assert Mentor.objects.matchable(today=today).filter(email=EMAIL).exists()
    sign_out(page)

    # 4. The new mentor follows the link in the invitation and chooses a password.
    found = re.search(r"https?://\S+/accounts/password/reset/key/\S+", invitations[0].body)
    assert found is not None, invitations[0].body
    assert found.group().startswith(live_server.url), found.group()
    page.goto(found.group())
    expect(heading(page)).to_have_text("Choose your password")
    assert_accessible(page)
    field(page, "New password").fill(NEW_PASSWORD)
    field(page, "New password again").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Save password").click()
    expect(heading(page)).to_have_text("Your password is set")
    expect(page.get_by_role("link", name="Sign in", exact=True)).to_be_visible()
    assert_accessible(page)

    # ...signs in with it, and sees both modules complete in "My training".
    sign_in(page, live_server.url, EMAIL, NEW_PASSWORD)
    expect(heading(page)).to_contain_text("Hello")
    assert_accessible(page)
    follow_nav_link(page, "My training")
    for module, months, last_done in (
        (ROLE_AND_BOUNDARIES, 24, f"{today:%-d %b %Y}"),
        (RED_FLAGS, 12, f"{today:%-d %b %Y}, quiz 90%"),
    ):
        row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name=module))
        expect(row.get_by_role("cell")).to_have_text(
            ["Required", complete_until(add_months(today, months)), last_done]
        )
    expect(page.get_by_role("listitem").filter(has_text="PVG (Scotland): clear")).to_be_visible()
    assert_accessible(page)
