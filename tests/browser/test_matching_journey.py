"""A mentee's match through a real Chromium, on a wide screen and a phone: the coordinator
registers a consented referral as a mentee, proposes the top suggested mentor, records both
agreements, starts the mentoring and checks the printable letter; the mentor signs in and
sees their new mentee without any clinical identifier; the physiotherapist sees the referral
"Matched". axe-core checks every page visited."""

import re
from datetime import date
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Browser, Locator, Page, expect

from accounts.models import Programme, User
from mentoring.recruitment.models import Mentor
from mentoring.training.models import TrainingModule
from tests.browser.conftest import assert_accessible, sign_in
from tests.browser.test_referral_journey import field, fill_date, group
from tests.factories import (
    DisclosureCheckFactory,
    MentorFactory,
    PostcodeDistrictFactory,
    ReferralFactory,
    TrainingModuleFactory,
    TrainingRecordFactory,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FIRST_NAME = "Morag"
LAST_NAME = "Matchjourneytest"
PATIENT = f"{FIRST_NAME} {LAST_NAME}"
NHS_NUMBER = "9434765919"
DATE_OF_BIRTH = date(1948, 5, 20)
MENTEE_EMAIL = "morag.mentee@example.org"

MENTOR_FIRST, MENTOR_LAST = "Isla", "Bestmentorsurname"
MENTOR = f"{MENTOR_FIRST} {MENTOR_LAST}"
MENTOR_EMAIL = "isla.mentor@example.org"
OTHER_MENTOR = "Hamish Fartherawaysurname"

VIEWPORTS = {
    "desktop": {"width": 1280, "height": 900},
    "phone": {"width": 390, "height": 844},
}


# --- Helpers -----------------------------------------------------------------------------------


def heading(page: Page) -> Locator:
    return page.get_by_role("heading", level=1)


def done(page: Page, message: str) -> None:
    """The success banner says so, announced at once; then the page is checked."""
    expect(page.get_by_role("alert")).to_contain_text(message)
    assert_accessible(page)


def follow_menu(page: Page, name: str, *, narrow: bool) -> None:
    """Click a link in the main navigation; on a phone it is folded under "Menu" first."""
    nav = page.get_by_role("navigation", name="Main")
    toggle = nav.get_by_role("button", name="Menu")
    link = nav.get_by_role("link", name=name, exact=True)
    if narrow:
        expect(toggle).to_be_visible()
        expect(link).to_be_hidden()
        toggle.click()
        expect(toggle).to_have_attribute("aria-expanded", "true")
        assert_accessible(page)  # the open menu too
    else:
        expect(toggle).to_be_hidden()
    link.click()
    expect(heading(page)).to_contain_text(name)
    assert_accessible(page)


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(heading(page)).to_have_text("Sign in")
    assert_accessible(page)


def health_number_spellings(number: str) -> list[str]:
    """The NHS number run together, in threes-threes-four with spaces or hyphens."""
    parts = (number[:3], number[3:6], number[6:])
    return [number, " ".join(parts), "-".join(parts), "\u00a0".join(parts)]


def date_spellings(day: date) -> list[str]:
    return [
        day.isoformat(),
        f"{day:%d/%m/%Y}",
        f"{day.day}/{day.month}/{day.year}",
        f"{day:%d-%m-%Y}",
        f"{day.day} {day:%B %Y}",
        f"{day.day} {day:%b %Y}",
        f"{day:%B} {day.day}, {day.year}",
        f"{day:%d.%m.%Y}",
        f"{day:%d/%m/%y}",
    ]


def assert_no_health_identifier(text: str) -> None:
    for secret in [*health_number_spellings(NHS_NUMBER), *date_spellings(DATE_OF_BIRTH)]:
        assert secret not in text, secret


def assert_no_clinical_identifier(text: str) -> None:
    """For what the mentor sees: not even the mentee's surname."""
    assert_no_health_identifier(text)
    assert LAST_NAME not in text


def matchable_mentor(programme: Programme, module: TrainingModule, **fields: Any) -> Mentor:
    """Active, the required training in date and a disclosure check in date."""
    mentor = MentorFactory(programme=programme, status="active", capacity=2, **fields)
    TrainingRecordFactory(mentor=mentor, module=module)
    DisclosureCheckFactory(mentor=mentor)
    return mentor


@pytest.fixture
def world(programme: Programme, physiotherapist: User) -> dict[str, Any]:
    """A consented referral, a mentor who suits the patient well and one who suits less."""
    PostcodeDistrictFactory(district="EH3", latitude="55.95000", longitude="-3.20000")
    PostcodeDistrictFactory(district="G1", latitude="55.86000", longitude="-4.25000")
    module = TrainingModuleFactory(programme=programme, name="Role and boundaries")
    best = matchable_mentor(
        programme, module, first_name=MENTOR_FIRST, last_name=MENTOR_LAST, email=MENTOR_EMAIL,
        area="EH3", formats=["phone", "walking"], availability=["tue_morning", "thu_afternoon"],
        interests=["gardening", "walking"], with_account=True,
    )  # fmt: skip
    farther = matchable_mentor(
        programme, module, first_name="Hamish", last_name="Fartherawaysurname",
        area="G1", formats=["phone"], availability=["mon_evening"], interests=["sport"],
    )  # fmt: skip
    referral = ReferralFactory(
        programme=programme, referred_by=physiotherapist, status="consented",
        first_name=FIRST_NAME, last_name=LAST_NAME, date_of_birth=DATE_OF_BIRTH,
        health_number=NHS_NUMBER, phone="+447700900123", email=MENTEE_EMAIL,
        postcode="EH3 9DR", preferred_formats=["phone", "walking"],
        availability=["tue_morning", "thu_afternoon"], interests="Gardening",
        plan_activity_goals="Walk to the shops and back", plan_notes="Sciatica on the left",
    )  # fmt: skip
    return {"best": best, "farther": farther, "referral": referral}


# --- The journey -------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_a_referral_is_matched_and_the_mentor_sees_only_what_a_mentor_needs(
    browser: Browser, live_server, settings, world, coordinator, physiotherapist, viewport
):
    settings.SITE_URL = live_server.url
    narrow = viewport == "phone"
    context = browser.new_context(viewport=VIEWPORTS[viewport])
    page = context.new_page()
    try:
        journey(page, live_server.url, world, coordinator, physiotherapist, narrow=narrow)
    finally:
        context.close()


def journey(
    page: Page,
    url: str,
    world: dict[str, Any],
    coordinator: User,
    physiotherapist: User,
    *,
    narrow: bool,
) -> None:
    reference = world["referral"].reference
    today = timezone.localdate()

    # 1. The coordinator finds the consented referral in the inbox.
    sign_in(page, url, coordinator.email)
    expect(heading(page)).to_have_text("Coordinator home")
    assert_accessible(page)
    follow_menu(page, "Referral inbox", narrow=narrow)
    page.get_by_label("Name or NHS/CHI number").fill(LAST_NAME)
    page.get_by_role("button", name="Show referrals").click()
    expect(page.get_by_label("Name or NHS/CHI number")).to_have_value(LAST_NAME)
    assert_accessible(page)
    page.get_by_role("link", name=PATIENT, exact=True).click()
    expect(heading(page)).to_have_text(f"Referral {reference}: {PATIENT}")
    assert_accessible(page)

    # 2. ...and registers the patient as a mentee, typing only what the referral lacks.
    page.get_by_role("link", name="Register as a mentee").click()
    expect(heading(page)).to_have_text(f"Register {PATIENT} as a mentee")
    expect(page.get_by_role("region", name="From the referral")).to_contain_text("EH3")
    expect(field(page, "Phone number")).to_have_value(re.compile(r"07700 ?900 ?123|\+447700900123"))
    expect(field(page, "Goals to share with the mentor")).to_have_value(
        "Walk to the shops and back"
    )
    assert_accessible(page)
    field(group(page, "What do they enjoy?"), "Gardening").check()
    page.get_by_role("button", name="Register as a mentee").click()
    expect(heading(page)).to_have_text(PATIENT)
    done(page, "is registered and waiting for a mentor")

    # 3. The suggestions: the better mentor first, every part of the score in words.
    page.get_by_role("link", name=f"Find a mentor for {FIRST_NAME}").click()
    expect(heading(page)).to_have_text(f"Suggested mentors for {PATIENT}")
    assert_accessible(page)
    cards = page.locator("section.app-panel").filter(has=page.get_by_role("heading", level=3))
    expect(cards).to_have_count(2)
    top = cards.first
    expect(top.get_by_role("heading", level=3)).to_contain_text(
        re.compile(rf"^{MENTOR}: \d+ out of 100$")
    )
    expect(cards.nth(1).get_by_role("heading", level=3)).to_contain_text(OTHER_MENTOR)
    scores = [
        int(re.search(r"(\d+) out of 100", text).group(1))  # type: ignore[union-attr]
        for text in cards.get_by_role("heading", level=3).all_inner_texts()
    ]
    assert scores[0] > scores[1], scores
    expect(top).to_contain_text("Both happy to meet by phone or walking together")
    expect(top).to_contain_text("Both can meet on Tuesday mornings and Thursday afternoons")
    expect(top).to_contain_text("Both enjoy gardening")
    expect(top).to_contain_text(re.compile(r"(Under 1 km apart|Both in EH3)"))
    expect(cards.nth(1)).to_contain_text("No time of the week when both are free")
    expect(cards.nth(1)).to_contain_text("further than the")
    top.get_by_role("button", name=f"Propose this match with {MENTOR}").click()

    # 4. The relationship page: both agreements, then the start with the plan.
    expect(heading(page)).to_have_text(f"{PATIENT} with {MENTOR}")
    done(page, f"Match proposed: {MENTOR} and {PATIENT}. Next, record that both agree.")
    expect(page.get_by_text("Status: Proposed")).to_be_visible()
    expect(page.get_by_text("The mentoring can start once both have agreed.")).to_be_visible()
    page.get_by_role("button", name=f"Record that {FIRST_NAME} agreed").click()
    done(page, f"{FIRST_NAME}'s agreement is recorded.")
    expect(page.get_by_role("button", name=f"Record that {FIRST_NAME} agreed")).to_have_count(0)
    page.get_by_role("button", name=f"Record that {MENTOR_FIRST} agreed").click()
    done(page, f"{MENTOR_FIRST}'s agreement is recorded.")
    assert not [m for m in mail.outbox if MENTOR_EMAIL in m.to]  # nothing before the start

    page.get_by_role("link", name="Start the mentoring").click()
    expect(heading(page)).to_have_text("Start the mentoring")
    assert_accessible(page)
    fill_date(page, "Start date", today)
    formats = group(page, "Ways of meeting")
    field(formats, "Phone").check()
    field(formats, "Walking together").check()
    field(page, "Planned sessions").fill("6")
    field(page, "Days between sessions").fill("14")
    field(page, "Length of the mentoring (weeks)").fill("12")
    field(page, "Coordinator review after session").fill("2")
    page.get_by_role("button", name="Start the mentoring").click()
    expect(heading(page)).to_have_text(f"{PATIENT} with {MENTOR}")
    done(page, "The mentoring has started. The introductions are on their way.")
    expect(page.get_by_text("Status: Active")).to_be_visible()
    expect(page.get_by_role("region", name="The plan")).to_contain_text("6, 14 days apart")

    # The introduction reached the mentor, with the mentee's first name only and no
    # clinical identifier.
    to_mentor = [m for m in mail.outbox if MENTOR_EMAIL in m.to]
    assert len(to_mentor) == 1, [(m.to, m.subject) for m in mail.outbox]
    assert to_mentor[0].subject.endswith(f"Your new mentee: {FIRST_NAME}")
    assert FIRST_NAME in to_mentor[0].body
    assert_no_clinical_identifier(f"{to_mentor[0].subject}\n{to_mentor[0].body}")
    assert "Sciatica" not in to_mentor[0].body

    # 5. The printable letter: the mentor by first name only, and a button to print it.
    page.get_by_role("link", name=f"Print the introduction letter for {FIRST_NAME}").click()
    expect(heading(page)).to_have_text(f"Introduction letter for {PATIENT}")
    letter = page.get_by_role("article", name="The letter")
    expect(letter).to_contain_text(f"Dear {FIRST_NAME},")
    expect(letter).to_contain_text(f"Your peer mentor is {MENTOR_FIRST}")
    expect(letter).to_contain_text(f"{today.day} {today:%B %Y}")
    expect(letter).not_to_contain_text(MENTOR_LAST)
    # addressed to the mentee for a window envelope (their own name and address), and
    # nothing from their health record
    address = letter.locator(".app-letter__to")
    expect(address).to_contain_text(PATIENT)
    expect(address).to_contain_text("1 Example Street, Glenmore")
    assert_no_health_identifier(letter.inner_text())
    expect(page.get_by_role("button", name="Print this letter")).to_be_visible()
    assert_accessible(page)
    page.emulate_media(media="print")  # on paper: the letter alone
    expect(letter).to_be_visible()
    expect(heading(page)).to_be_hidden()
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    page.emulate_media(media="screen")
    page.get_by_role("link", name="Back to the relationship").click()
    expect(heading(page)).to_have_text(f"{PATIENT} with {MENTOR}")
    assert_accessible(page)
    sign_out(page)

    # 6. The mentor sees the new mentee and how to reach them, and nothing clinical.
    sign_in(page, url, MENTOR_EMAIL)
    expect(heading(page)).to_contain_text("Hello")
    assert_accessible(page)
    follow_menu(page, "My mentees", narrow=narrow)
    mentee = page.get_by_role("region", name=FIRST_NAME, exact=True)
    expect(mentee).to_be_visible()
    expect(mentee.get_by_role("link", name="07700 900123")).to_have_attribute(
        "href", "tel:+447700900123"
    )
    expect(mentee.get_by_role("link", name=MENTEE_EMAIL)).to_have_attribute(
        "href", f"mailto:{MENTEE_EMAIL}"
    )
    expect(mentee).to_contain_text("Walk to the shops and back")
    expect(mentee).to_contain_text("Phone, Walking together")
    assert_no_clinical_identifier(page.content())
    assert_no_clinical_identifier(page.locator("body").inner_text())
    assert "Sciatica" not in page.content()
    sign_out(page)

    # 7. The physiotherapist sees the referral matched.
    sign_in(page, url, physiotherapist.email)
    expect(heading(page)).to_have_text("Physiotherapist home")
    assert_accessible(page)
    follow_menu(page, "My referrals", narrow=narrow)
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=PATIENT, exact=True))
    expect(row).to_have_count(1)
    expect(row.get_by_role("cell").nth(1)).to_have_text("Matched")
    world["referral"].refresh_from_db()
    assert world["referral"].status == "matched"
