"""Each role signs in through a real Chromium; axe-core checks every page visited."""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("coordinator", "Coordinator home"),
        ("physiotherapist", "Physiotherapist home"),
        ("mentor", "Hello,"),
        ("mentee", "Hello,"),
    ],
)
def test_each_role_signs_in_sees_their_home_and_signs_out(
    page: Page, live_server, personas, persona, heading
):
    user = personas[persona]
    sign_in(page, live_server.url, user.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
    expect(page.get_by_text(f"Signed in as {user.display_name}", exact=True)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Change password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change your password")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_accessible(page)


def test_an_administrator_signs_in_and_reaches_the_admin(page: Page, live_server, administrator):
    sign_in(page, live_server.url, administrator.email, "x-admin-password-1")
    expect(page.get_by_role("heading", level=1)).to_have_text("Administrator home")
    assert_accessible(page)
    page.get_by_role("link", name="Administration", exact=True).click()
    expect(page.get_by_text("Site administration")).to_be_visible()


def test_a_wrong_password_is_explained_and_the_email_kept(page: Page, live_server, coordinator):
    sign_in(page, live_server.url, coordinator.email, "not-the-password")
    # In the error summary at the top (linked to the form) and again beside the form.
    summary = page.locator(".govuk-error-summary")
    expect(summary.get_by_role("link", name=re.compile("not correct"))).to_be_visible()
    expect(page.locator("form").get_by_text("not correct")).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value(coordinator.email)
    assert_accessible(page)


def test_the_password_reset_pages_are_accessible(page: Page, live_server, mentor):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_role("link", name="Forgotten your password?").click()
    assert_accessible(page)
    page.get_by_label("Email").fill(mentor.email)
    page.get_by_role("button", name="Send me the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)


def test_the_skip_link_moves_keyboard_users_to_the_main_content(
    page: Page, live_server, coordinator
):
    sign_in(page, live_server.url, coordinator.email)
    expect(page.get_by_role("heading", level=1)).to_have_text("Coordinator home")
    page.goto(f"{live_server.url}/")  # a fresh page: focus starts at the top
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()
