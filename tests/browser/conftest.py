import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

from tests.factories import TEST_PASSWORD

_axe = Axe()


def assert_accessible(page: Page) -> None:
    """axe-core (WCAG 2.2 A and AA, and best practice) finds nothing on this page."""
    results = _axe.run(page)
    assert results.violations_count == 0, f"{page.url}\n{results.generate_report()}"


def sign_in(page: Page, base_url: str, email: str, password: str = TEST_PASSWORD) -> None:
    page.goto(f"{base_url}/")
    assert_accessible(page)
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


@pytest.fixture
def accessible():
    return assert_accessible
