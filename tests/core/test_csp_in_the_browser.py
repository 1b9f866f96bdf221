"""With the Content-Security-Policy on, Chromium refuses nothing on our pages, and the
scripts that moved out of the templates still do their work."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import sign_in
from tests.factories import TrainingModuleFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def refusals(page: Page) -> list[str]:
    """Every Content-Security-Policy violation the browser reports on any page."""
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => "
        "console.error('Content Security Policy: ' + e.violatedDirective + ' ' + e.blockedURI))"
    )
    return found


def visit(page: Page, url: str) -> None:
    response = page.goto(url)
    assert response is not None
    assert response.status == 200, url
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]


def test_a_coordinators_pages_break_no_rule(page: Page, live_server, coordinator, refusals):
    TrainingModuleFactory(programme=coordinator.programmes.first())
    sign_in(page, live_server.url, coordinator.email)
    expect(page.get_by_role("heading", level=1)).to_contain_text("Coordinator home")
    for path in [
        "/",
        "/referrals/new/",
        "/referrals/inbox/",
        "/mentors/",
        "/training/modules/",
        "/training/modules/new/",
        "/training/sessions/new/",
        "/training/matrix/",
        "/accounts/password/change/",
        "/accounts/email/",
    ]:
        visit(page, f"{live_server.url}{path}")
    assert refusals == []


def test_the_admin_breaks_no_rule(page: Page, live_server, administrator, refusals):
    sign_in(page, live_server.url, administrator.email, "x-admin-password-1")
    for path in ["/admin/", "/admin/accounts/user/", "/admin/accounts/user/add/"]:
        visit(page, f"{live_server.url}{path}")
    assert refusals == []


def test_the_public_pages_break_no_rule(page: Page, live_server, programme, refusals):
    for path in ["/accounts/login/", "/accounts/password/reset/", "/volunteer/"]:
        visit(page, f"{live_server.url}{path}")
    page.get_by_role("button", name="Send my application").click()
    expect(page.locator(".govuk-error-summary")).to_be_focused()  # the focus script ran
    assert refusals == []


def test_the_referral_form_is_sent_only_once_however_often_it_is_clicked(
    page: Page, live_server, physiotherapist, refusals
):
    sign_in(page, live_server.url, physiotherapist.email)
    visit(page, f"{live_server.url}/referrals/new/")
    first, second = page.evaluate(
        """() => {
            const form = document.querySelector("form.referral-form");
            const send = () => form.dispatchEvent(new Event("submit", {cancelable: true}));
            return [send(), send()];
        }"""
    )
    assert (first, second) == (True, False)
    assert refusals == []
