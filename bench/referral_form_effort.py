"""How much effort the referral form takes a keyboard user, measured in a real Chromium.

Counts the referral form's controls, the page's height at 1280x900, and the clicks and Tab
presses from the sign-in page to "Referral R-... sent" when only what is needed to send is
filled in. Every key press and click goes through `Effort`, which counts them; focus moves
only by Tab (never by locator.focus()), so the Tab count is what a keyboard user presses.
"Clicks" are activations: Enter or Space on a link, button, checkbox, radio or <summary>.

Run against a server with the demo data (see README / `manage.py load_demo`):
    .venv/bin/python bench/referral_form_effort.py [http://127.0.0.1:8124]
"""

from __future__ import annotations

import random
import re
import string
import sys
from datetime import date, timedelta

from playwright.sync_api import Page, sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8124"
EMAIL = "physio1@example.org"
PASSWORD = "demo-mentoring-2026"
MAX_TABS = 400

CONTROLS = (
    "form.referral-form input:not([type=hidden]), form.referral-form select, "
    "form.referral-form textarea, form.referral-form button, form.referral-form summary"
)


class Effort:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.tabs = 0
        self.clicks = 0
        self.typed = 0

    def focused(self) -> dict:
        return self.page.evaluate(
            """() => { const e = document.activeElement;
              return {id: e.id || '', tag: e.tagName, text: (e.innerText || '').trim(),
                      value: e.value || ''}; }"""
        )

    def tab_to(self, test) -> dict:
        """Press Tab until the focused element passes `test`."""
        for _ in range(MAX_TABS):
            self.page.keyboard.press("Tab")
            self.tabs += 1
            now = self.focused()
            if test(now):
                return now
        raise AssertionError("Tabbed all the way round without finding the control")

    def tab_to_id(self, element_id: str) -> None:
        self.tab_to(lambda f: f["id"] == element_id)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.typed += 1

    def activate(self, key: str = "Enter", *, navigates: bool = False) -> None:
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press(key)
        else:
            self.page.keyboard.press(key)
        self.clicks += 1

    def tab_and_type(self, element_id: str, text: str) -> None:
        self.tab_to_id(element_id)
        self.type(text)

    def tab_and_tick(self, element_id: str) -> None:
        self.tab_to_id(element_id)
        self.activate("Space")


def fresh_nhs_number() -> str:
    """A valid NHS number (mod 11 check digit) not used before, so no duplicate warning."""
    while True:
        digits = [random.randint(0, 9) for _ in range(9)]
        check = 11 - sum(d * (10 - i) for i, d in enumerate(digits)) % 11
        if check == 11:
            check = 0
        if check != 10:
            return "".join(map(str, digits)) + str(check)


def type_date(effort: Effort, element_id: str, day: date) -> None:
    """Into <input type=date> (one control, typed in the order the browser shows:
    mm dd yyyy in en-US Chromium; the segments move on by themselves); or, if the form
    has three boxes (id_x_0/1/2 or id_x_day/...), Tab into each."""
    page = effort.page
    if page.locator(f"#{element_id}").count():
        effort.tab_to_id(element_id)
        effort.type(f"{day:%m%d%Y}")
        return
    boxes = page.locator(f"[id^='{element_id}']").evaluate_all("els => els.map(e => e.id)")
    for box, part in zip(boxes, (day.day, day.month, day.year), strict=False):
        effort.tab_and_type(box, str(part))


def measure() -> dict[str, object]:
    today = date.today()
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        )
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-US")
        effort = Effort(page)

        # Sign in.
        page.goto(f"{BASE}/")
        effort.tab_to(lambda f: f["tag"] == "INPUT")  # the email address
        effort.type(EMAIL)
        effort.tab_to(lambda f: f["tag"] == "INPUT")  # the password
        effort.type(PASSWORD)
        effort.tab_to(lambda f: f["tag"] == "BUTTON" and f["text"] == "Sign in")
        effort.activate(navigates=True)

        # To the form, by the main navigation.
        effort.tab_to(lambda f: f["tag"] == "A" and f["text"] == "Refer a patient")
        effort.activate(navigates=True)

        controls = page.locator(CONTROLS).count()
        shown = page.locator(CONTROLS).filter(visible=True).count()
        site = page.locator("#id_site option:checked").inner_text()
        height = page.evaluate("document.documentElement.scrollHeight")

        # Only what is needed to send, in the order the page asks for it.
        order = page.locator(CONTROLS).evaluate_all("els => els.map(e => e.id)")
        wanted = {
            "id_first_name": "Effort",
            "id_last_name": "Bench" + "".join(random.choices(string.ascii_lowercase, k=8)),
            "id_health_number": fresh_nhs_number(),
            "id_phone": "07700 900123",
            "id_address": "1 Bench Road",
            "id_postcode": "EH3 9DR",
            "id_pain_duration_weeks": "30",
        }
        dates = {
            "id_date_of_birth": date(1948, 5, random.randint(1, 28)),
            "id_discharge_date": today - timedelta(days=3),
            "id_consent_date": today,
        }
        ticks = {"id_consent_to_contact", "id_consent_method_1"}
        steps = [i for i in order if i in wanted or i in ticks]
        steps += [d for d in dates if d not in order]  # three-box dates found by prefix
        # Keep page order: dates sit where their first box (or the input) is.
        position = {i: n for n, i in enumerate(order)}

        def place(element_id: str) -> int:
            if element_id in position:
                return position[element_id]
            return min(n for i, n in position.items() if i.startswith(element_id))

        for element_id in sorted({*steps, *dates}, key=place):
            if element_id in dates:
                type_date(effort, element_id, dates[element_id])
            elif element_id in ticks:
                effort.tab_and_tick(element_id)
            else:
                effort.tab_and_type(element_id, wanted[element_id])

        effort.tab_to(lambda f: f["tag"] == "BUTTON" and f["text"] == "Send referral")
        effort.activate(navigates=True)
        alert = page.get_by_role("alert").first.inner_text()
        if not re.search(r"Referral R-\d+ sent", alert):
            problems = page.locator(".govuk-error-summary").inner_text()
            raise AssertionError(f"Not sent: {alert}\n{problems}")
        browser.close()
    return {
        "controls in the form": controls,
        "controls shown before opening anything": shown,
        "site already chosen": site,
        "page height (px)": height,
        "clicks": effort.clicks,
        "tab presses": effort.tabs,
        "fields typed into": effort.typed,
    }


if __name__ == "__main__":
    for name, value in measure().items():
        print(f"{name}: {value}")
