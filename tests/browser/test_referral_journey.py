"""A referral's whole journey through a real Chromium: the physiotherapist sends it (after
correcting a mistyped NHS number), the coordinator moves it on and registers the patient
as a mentee (so it is "awaiting match"), and the physiotherapist sees where it has got to.
axe-core checks every page visited."""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_NAME = "Morag"
LAST_NAME = "Journeytest"
PATIENT = f"{FIRST_NAME} {LAST_NAME}"
WRONG_NHS_NUMBER = "943 476 5918"
RIGHT_NHS_NUMBER = "943 476 5919"


# --- Helpers -----------------------------------------------------------------------------------


def follow_nav_link(page: Page, name: str) -> None:
    """Click a link in the main navigation (the dashboards have buttons with the same names)."""
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("link", name=name, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)


def named(text: str) -> re.Pattern[str]:
    """Exactly this label or legend, give or take the marker the form adds: an asterisk on
    fields the browser requires, "(optional)" on those that may be left blank."""
    return re.compile(rf"^\s*{re.escape(text)}(?:\*| \(optional\))?\s*$")


def field(scope: Page | Locator, label: str) -> Locator:
    return scope.get_by_label(named(label))


def group(page: Page, legend: str) -> Locator:
    """A fieldset (section of the form, or a set of radio buttons or checkboxes) by legend."""
    return page.get_by_role("group", name=named(legend))


def open_section(page: Page, summary: str) -> None:
    """Open an optional section, folded away in a GOV.UK details component, by its summary
    (the keyboard way: focus it and press Enter), and check it opened."""
    section = page.locator("details.govuk-details").filter(
        has=page.locator("summary", has_text=named(summary))
    )
    expect(section).to_have_count(1)
    expect(section).not_to_have_attribute("open", re.compile(".*"))
    section.locator("summary").press("Enter")
    expect(section).to_have_attribute("open", "")


def fill_date(scope: Page | Locator, legend: str, day: date) -> None:
    """A date typed into its three boxes (Day, Month, Year), inside its group by legend."""
    boxes = scope.get_by_role("group", name=named(legend))
    boxes.get_by_label("Day", exact=True).fill(str(day.day))
    boxes.get_by_label("Month", exact=True).fill(str(day.month))
    boxes.get_by_label("Year", exact=True).fill(str(day.year))


def status_line(page: Page) -> Locator:
    return page.get_by_text(re.compile(r"^Status: "))


def fill_referral_form(page: Page) -> None:
    """Every section of the referral form, by the labels a sighted user reads. Radio buttons
    and checkboxes are found inside their own group, so "Phone" is the way of meeting."""
    today = timezone.localdate()  # the date the server checks the form against

    patient = group(page, "The patient")
    field(patient, "First name").fill(FIRST_NAME)
    field(patient, "Last name").fill(LAST_NAME)
    fill_date(patient, "Date of birth", date(1948, 5, 20))
    field(group(page, "Type of number"), "NHS number (England, Wales, Isle of Man)").check()
    field(patient, "NHS or CHI number").fill(WRONG_NHS_NUMBER)

    contact = group(page, "How to contact them")
    field(contact, "Phone number").fill("07700 900123")
    field(contact, "Address").fill("12 Example Terrace\nGlenmore")
    field(contact, "Postcode").fill("eh3 9dr")
    field(group(page, "Best way to contact them"), "Phone call").check()
    field(contact, "Best times to contact them (optional)").fill("Weekday mornings")

    discharge = group(page, "Discharge and back pain")
    field(discharge, "Physiotherapy department or venue").select_option(
        label="Glenmore Physiotherapy"
    )
    fill_date(discharge, "Discharge date", today - timedelta(days=3))
    field(discharge, "How long has the back pain lasted, in weeks?").fill("30")

    open_section(page, "Self-management plan given at discharge")
    plan = group(page, "Self-management plan given at discharge")
    field(plan, "Exercises").fill("Pelvic tilts and knee rolls, twice a day")
    field(plan, "Activity goals").fill("Walk to the shops and back")
    field(plan, "Other self-management advice").fill("Pace activities")

    open_section(page, "What they would like from mentoring")
    wishes = group(page, "What they would like from mentoring")
    formats = group(page, "Ways of meeting they would like")
    field(formats, "Phone").check()
    field(formats, "Walking together").check()
    availability = group(page, "When they are usually free")
    field(availability, "Tuesday morning").check()
    field(availability, "Thursday afternoon").check()
    field(group(page, "Would they prefer a mentor who is"), "No preference").check()
    field(wishes, "Interests and hobbies (optional)").fill("Gardening, crosswords")

    open_section(page, "Communication and access needs")
    needs = group(page, "Communication and access needs")
    field(needs, "Hearing").fill("Hard of hearing in the left ear")

    consent = group(page, "Consent")
    field(consent, "The patient agrees to be contacted by the programme").check()
    field(
        consent,
        "The patient agrees that their first name, contact details and preferences may be "
        "shared with their peer mentor",
    ).check()
    fill_date(consent, "Date consent was given", today)
    field(group(page, "How consent was given"), "Spoken, in person").check()


def advance_to(page: Page, label: str) -> None:
    """The coordinator moves the referral on one step and the page says so."""
    page.get_by_role("button", name=f"Mark as {label.lower()}", exact=True).click()
    expect(page.get_by_role("alert").filter(has_text=f"is now: {label}.")).to_be_visible()
    expect(status_line(page)).to_contain_text(f"Status: {label}")
    assert_accessible(page)


def register_as_mentee(page: Page, reference: str) -> None:
    """The coordinator registers the consented patient as a mentee, typing nothing the
    referral holds, and comes back to the referral, now awaiting a match."""
    page.get_by_role("link", name="Register as a mentee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Register {PATIENT} as a mentee")
    expect(page.get_by_role("region", name="From the referral")).to_contain_text("EH3")
    expect(field(page, "Phone number")).to_have_value("07700 900123")
    expect(field(page, "A phone call from the coordinator")).to_be_checked()
    expect(field(page, "Goals to share with the mentor")).to_have_value(
        "Walk to the shops and back"
    )
    assert_accessible(page)
    field(group(page, "What do they enjoy?"), "Gardening").check()
    page.get_by_role("button", name="Register as a mentee").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(PATIENT)
    expect(page.get_by_role("alert")).to_contain_text("is registered and waiting for a mentor")
    assert_accessible(page)
    page.get_by_role("link", name=reference).click()


def expect_my_referral_status(page: Page, status: str) -> None:
    follow_nav_link(page, "My referrals")
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=PATIENT, exact=True))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(1)).to_have_text(status)
    assert_accessible(page)


# --- The journey -------------------------------------------------------------------------------


def test_a_referral_goes_from_the_physiotherapist_to_awaiting_match(
    page: Page, live_server, physiotherapist, coordinator
):
    # 1. The physiotherapist fills in the whole form, mistyping the NHS number.
    sign_in(page, live_server.url, physiotherapist.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Physiotherapist home")
    assert_accessible(page)
    follow_nav_link(page, "Refer a patient")
    assert_accessible(page)
    fill_referral_form(page)

    # 2. The wrong number is explained beside the field; nothing typed is lost.
    page.get_by_role("button", name="Send referral").click()
    summary = page.locator(".govuk-error-summary")
    problems = summary.get_by_role("alert")
    expect(problems).to_contain_text("There is a problem")
    expect(problems.get_by_role("listitem")).to_have_count(1)  # 1 answer needs attention
    expect(
        problems.get_by_role("link", name=re.compile("This NHS number is not valid"))
    ).to_have_attribute("href", "#id_health_number")
    expect(summary).to_be_focused()  # so a screen reader announces it first
    number = field(page, "NHS or CHI number")
    expect(number).to_have_value(WRONG_NHS_NUMBER)
    expect(number).to_have_attribute("aria-invalid", "true")
    expect(number).to_have_accessible_description(re.compile("This NHS number is not valid"))
    expect(
        page.locator(".govuk-error-message").filter(has_text="This NHS number is not valid")
    ).to_be_visible()
    expect(field(page, "Last name")).to_have_value(LAST_NAME)
    expect(field(page, "Postcode")).to_have_value("eh3 9dr")
    expect(field(page, "Walking together")).to_be_checked()
    expect(field(page, "Spoken, in person")).to_be_checked()
    assert_accessible(page)

    # 3. Corrected, the referral is sent.
    number.fill(RIGHT_NHS_NUMBER)
    page.get_by_role("button", name="Send referral").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(PATIENT)
    expect(page.get_by_role("alert")).to_contain_text("sent. The coordinator has been told.")
    expect(status_line(page)).to_contain_text("Status: Submitted")
    expect(page.get_by_role("region", name="The patient")).to_contain_text(
        re.compile(r"943 ?476 ?5919")
    )
    assert_accessible(page)
    reference = re.search(r"R-\d{6}", page.get_by_role("heading", level=1).inner_text())
    assert reference is not None

    # 4. It is listed in "My referrals".
    expect_my_referral_status(page, "Submitted")
    sign_out(page)

    # 5. The coordinator finds it in the inbox and moves it on, step by step.
    sign_in(page, live_server.url, coordinator.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator home")
    assert_accessible(page)
    follow_nav_link(page, "Referral inbox")
    assert_accessible(page)
    page.get_by_label("Name or NHS/CHI number").fill(LAST_NAME)
    page.get_by_role("button", name="Show referrals").click()
    expect(page.get_by_label("Name or NHS/CHI number")).to_have_value(LAST_NAME)
    expect(page.get_by_role("table")).to_contain_text("1 referral, oldest first")
    assert_accessible(page)
    page.get_by_role("link", name=PATIENT, exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Referral {reference.group()}: {PATIENT}"
    )
    expect(status_line(page)).to_contain_text("Status: Submitted")
    assert_accessible(page)

    advance_to(page, "Contacted")
    advance_to(page, "Consented")
    register_as_mentee(page, reference.group())
    expect(status_line(page)).to_contain_text("Status: Awaiting match")
    expect(page.get_by_role("button", name=re.compile(r"^Mark as"))).to_have_count(0)
    # The history lists each step in order (creating the referral may add a "Draft" step).
    history = page.get_by_role("region", name="History").get_by_role("listitem")
    expect(history).to_contain_text(["Submitted", "Contacted", "Consented", "Awaiting match"])
    expect(history.filter(has_text="Submitted")).to_contain_text(
        f"by {physiotherapist.display_name}"
    )
    expect(history.last).to_contain_text("Awaiting match")
    expect(history.last).to_contain_text(f"by {coordinator.display_name}")
    sign_out(page)

    # 6. The physiotherapist sees how far it has got.
    sign_in(page, live_server.url, physiotherapist.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Physiotherapist home")
    expect_my_referral_status(page, "Awaiting match")
