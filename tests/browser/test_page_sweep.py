"""Every page each persona can reach, through a real Chromium, at 1280x900, at 390x844 (a
phone) and at 200% zoom (a 1280x900 screen at device scale 2: 640x450 CSS px), in its normal state
and, for a page with a form to fill in, after sending that form empty. On each:

- axe-core (WCAG 2.0, 2.1 and 2.2 A and AA) finds nothing;
- nothing scrolls sideways (at 320 CSS px too on the phone pass; a table scrolls inside its
  own `.app-table-scroll` region, which does not widen the page);
- every element the keyboard reaches shows a focus indicator that can be measured: an outline
  of at least 2px, a box-shadow, or a change of background or text colour, on the element or
  on what draws its focus (a GOV.UK radio's or checkbox's label);
- no text a person reads is smaller than 16px (GOV.UK's smallest on a phone).

The personas are someone not signed in (from the sign-in page: password reset, the volunteer
form), each role, and an administrator (the pages outside Django's admin). The pages are found,
not listed: from the persona's home page every same-site link is
followed, breadth first, together with every URL in the URLconf filled with the ids of a
world of objects (tests/test_authorisation.py's), keeping those that answer 200 with HTML.
One page per route pattern: fifty referrals are one referral page. The admin (Django's own),
signing out and downloads are left out. A new page is covered without editing this file.
A page whose main content is the same as one already checked for another persona at the same
size (the account pages, the volunteer form) is checked once: only the header and menu differ,
and each persona's home page checks those.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import axe_playwright_python
import pytest
from django.conf import settings
from django.test import Client
from django.urls import resolve, reverse
from django.urls.exceptions import Resolver404
from playwright.sync_api import Browser, Page

from accounts.models import User
from tests.world import OBJECT_OF, URLS, Side, build_side

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PERSONAS = ("anonymous", "coordinator", "physiotherapist", "mentor", "mentee", "administrator")
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1280, "height": 900}, "device_scale_factor": 1},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 3,
        "is_mobile": True,
        "has_touch": True,
    },
    "zoom200": {"viewport": {"width": 640, "height": 450}, "device_scale_factor": 2},
}
NARROWEST = 320
SMALLEST_TEXT_PX = 16
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
LEFT_OUT = ("/admin/",)  # Django's own admin
NOT_PAGES = {"account_logout"}  # "Sign out?" signs out

# Failures known and not yet fixed: (persona, viewport) -> reason. Each is xfail(strict=True).
KNOWN: dict[tuple[str, str], str] = {}

SUBMIT = "button[type=submit], input[type=submit], button:not([type])"
ERRORS = ".govuk-error-summary, .govuk-error-message, .app-notification-banner--problem"
MESSAGES = ".govuk-error-summary__list li, .govuk-error-message"
# Django's and allauth's stock messages, which say what is wrong but not what to do.
GENERIC = re.compile(
    r"This field is required|Enter a valid|Select a valid choice|This field cannot be"
    r"|Ensure this value|is not a valid|Invalid"
)

# (viewport, fingerprint) of the pages checked so far in this run.
_CHECKED: set[tuple[str, tuple[str, str]]] = set()

# axe-core itself, given to every page of the context before the page's own scripts (as
# Playwright's script, which the Content-Security-Policy does not apply to).
AXE_CORE = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
# Only the violations: asking axe for passes and the rest as well takes twice as long.
AXE_SCRIPT = """
async (tags) => {
  const results = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                           resultTypes: ['violations']});
  return results.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\\n` + v.nodes.map(
    (n) => `  ${n.target.join(' ')}: ${n.failureSummary.replaceAll('\\n', ' ')}`).join('\\n'));
}
"""


# --- Finding the pages -----------------------------------------------------------------------


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _route(path: str) -> str | None:
    """The URL pattern a path resolves to: pages are told apart by this, not by their ids."""
    try:
        match = resolve(path)
    except Resolver404:
        return None
    if match.url_name in NOT_PAGES or match.view_name in NOT_PAGES:
        return None
    return match.route


def _urlconf_paths(side: Side) -> Iterator[str]:
    """Every URL of the URLconf but the admin's, with the world's ids where it names one."""
    for url in URLS:
        if url.route.startswith("admin/"):
            continue
        if url.name in OBJECT_OF:
            yield reverse(url.name, kwargs={"pk": side.objects[OBJECT_OF[url.name]].pk})
        else:
            yield url.sample_path


def _fingerprint(route: str, html: str) -> tuple[str, str]:
    """A page's route and its main content, give or take ids and tokens: another persona's
    page with the same fingerprint differs from it only in the header and menu, which each
    persona's home page checks."""
    main = html[html.find("<main") : html.find("</main>")]
    return route, re.sub(r'\d+|value="[^"]*"', "", main)


def discover(client: Client, side: Side, start: str) -> list[tuple[str, tuple[str, str]]]:
    """The paths a client can open, one per route, breadth first from `start` (home, or the
    sign-in page for someone not signed in), each with its fingerprint."""
    queue = deque([start, *_urlconf_paths(side)])
    seen_routes: set[str] = set()
    pages: list[tuple[str, tuple[str, str]]] = []
    while queue:
        path = queue.popleft()
        route = _route(urlsplit(path).path)
        if route is None or route in seen_routes or path.startswith(LEFT_OUT):
            continue
        seen_routes.add(route)
        response = client.get(path)
        if response.status_code != 200 or not response.get("Content-Type", "").startswith(
            "text/html"
        ):
            continue
        html = response.content.decode()
        pages.append((path, _fingerprint(route, html)))
        links = _Links()
        links.feed(html)
        for href in links.hrefs:
            url = urlsplit(urljoin(f"http://testserver{path}", href))
            if url.scheme in ("http", "https") and url.netloc == "testserver":
                queue.append(url.path + (f"?{url.query}" if url.query else ""))
    return pages


# --- Checking a page -------------------------------------------------------------------------

# Runs in the page: every element the keyboard reaches, focused in turn after a Tab (so
# Chromium treats focus as keyboard focus and :focus-visible applies), compared with itself
# unfocused. Returns a description of each that shows no change.
FOCUS_SCRIPT = """
() => {
  const selector = 'a[href], button, input, select, textarea, summary, [tabindex]';
  const props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow',
                 'background-color', 'color', 'border-color', 'border-width'];
  const snap = (el) => {
    const out = [];
    for (const target of [el, el.nextElementSibling, el.closest('label')]) {
      if (!target) continue;
      for (const pseudo of [null, '::before', '::after']) {
        const style = getComputedStyle(target, pseudo);
        out.push(Object.fromEntries(props.map((p) => [p, style.getPropertyValue(p)])));
      }
    }
    return out;
  };
  const visible = (s) => s['outline-style'] !== 'none' && parseFloat(s['outline-width']) >= 2
      && !/rgba\\(\\d+, \\d+, \\d+, 0\\)/.test(s['outline-color']);
  const shows = (before, after) => before.some((b, i) => {
    const a = after[i];
    if (!a) return false;
    if (visible(a) && !visible(b)) return true;
    if (a['box-shadow'] !== b['box-shadow'] && a['box-shadow'] !== 'none') return true;
    if (a['background-color'] !== b['background-color']) return true;
    if (a['color'] !== b['color'] || a['border-color'] !== b['border-color']) return true;
    if (a['border-width'] !== b['border-width']) return true;
    return false;
  });
  const problems = [];
  for (const el of document.querySelectorAll(selector)) {
    if (el.tabIndex < 0 || el.disabled || el.type === 'hidden') continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    if (el.closest('[hidden], [inert]')) continue;
    const active = document.activeElement;
    if (active && active !== document.body) active.blur();
    const before = snap(el);
    el.focus();
    if (document.activeElement !== el) continue;
    const after = snap(el);
    if (!el.matches(':focus-visible') || !shows(before, after)) {
      const name = (el.innerText || el.value || el.ariaLabel || el.id || '').trim();
      problems.push(`${el.tagName.toLowerCase()} "${name.slice(0, 40)}"`);
    }
  }
  if (document.activeElement) document.activeElement.blur();
  return problems;
}
"""

# Runs in the page: text a person reads (visible, not visually hidden) under 16px.
TEXT_SCRIPT = """
(smallest) => {
  const hidden = new Map();
  const visuallyHidden = (el) => {
    if (!el || el === document.documentElement) return false;
    if (hidden.has(el)) return hidden.get(el);
    const s = getComputedStyle(el);
    const result = s.clipPath === 'inset(50%)' || s.clip === 'rect(0px, 0px, 0px, 0px)'
      || (s.position === 'absolute' && el.clientWidth <= 1 && el.clientHeight <= 1)
      || visuallyHidden(el.parentElement);
    hidden.set(el, result);
    return result;
  };
  const small = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    const el = node.parentElement;
    if (!text || !el || el.closest('script, style, noscript, template')) continue;
    if (!el.checkVisibility({visibilityProperty: true})) continue;
    if (visuallyHidden(el)) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    const tag = el.tagName.toLowerCase();
    if (size < smallest) small.push(`${size}px "${text.slice(0, 40)}" in <${tag} ${el.className}>`);
  }
  return [...new Set(small)];
}
"""

# Runs in the page: the forms to fill in (posted, with a field to type in or choose from),
# but not signing out, nor a one-click button.
FORMS_SCRIPT = """
() => [...document.forms].map((form, index) => ({index, form})).filter(({form}) =>
  form.getAttribute('method')?.toLowerCase() === 'post'
  && !(form.getAttribute('action') || '').includes('/accounts/logout/')
  && [...form.elements].some((el) => el.checkVisibility && el.checkVisibility()
       && (el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
           || (el.tagName === 'INPUT' && !['hidden', 'submit', 'button', 'checkbox', 'radio']
                 .includes(el.type))))
).map(({index}) => index)
"""

EMPTY_SCRIPT = """
(index) => {
  const form = document.forms[index];
  form.noValidate = true;
  for (const el of form.elements) {
    if (el.type === 'hidden' || el.type === 'submit' || el.type === 'button') continue;
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (el.tagName === 'SELECT') el.selectedIndex = -1;
    else el.value = '';
  }
}
"""


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)

    def add(self, where: str, what: str, details: object) -> None:
        self.problems.append(f"{where}: {what}: {details}")


# The header and the menu (closed), at most this share of the screen's height: a fifth on a
# phone (the limit); on a desktop a quarter, as a long name beside "Change password"
# and "Sign out" may take a second line; at 200% zoom (450 CSS px high) the name, the
# account links and the Menu button still need their large targets, so a third.
HEADER_SHARE = {"desktop": 1 / 4, "phone": 1 / 5, "zoom200": 1 / 3}
HEADER_SCRIPT = """
() => Math.max(...['.app-header', '.govuk-service-navigation'].map((selector) => {
  const element = document.querySelector(selector);
  return element ? element.getBoundingClientRect().bottom + window.scrollY : 0;
}))
"""


def check_page(page: Page, where: str, viewport: str, findings: Findings) -> None:
    violations = page.evaluate(AXE_SCRIPT, AXE_TAGS)
    if violations:
        findings.add(where, "axe", "\n".join(violations))
    width = page.viewport_size["width"] if page.viewport_size else 0
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll > width:
        findings.add(where, f"scrolls sideways at {width}px", f"{scroll}px wide")
    if viewport == "phone":
        size = page.viewport_size
        page.set_viewport_size({"width": NARROWEST, "height": 844})
        scroll = page.evaluate("document.documentElement.scrollWidth")
        if scroll > NARROWEST:
            findings.add(where, f"scrolls sideways at {NARROWEST}px", f"{scroll}px wide")
        page.set_viewport_size(size)  # type: ignore[arg-type]
    header = page.evaluate(HEADER_SCRIPT)
    screen = page.viewport_size["height"] if page.viewport_size else 0
    if header > screen * HEADER_SHARE[viewport]:
        findings.add(where, f"header and menu {header:.0f}px of a {screen}px screen", viewport)
    small = page.evaluate(TEXT_SCRIPT, SMALLEST_TEXT_PX)
    if small:
        findings.add(where, f"text under {SMALLEST_TEXT_PX}px", small)
    page.keyboard.press("Tab")  # keyboard focus from now on: :focus-visible applies
    unfocused = page.evaluate(FOCUS_SCRIPT)
    if unfocused:
        findings.add(where, "no visible focus", unfocused)


def _cases() -> Iterator[object]:
    for persona in PERSONAS:
        for viewport in VIEWPORTS:
            marks = []
            if (persona, viewport) in KNOWN:
                marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[persona, viewport]))
            yield pytest.param(persona, viewport, id=f"{persona}-{viewport}", marks=marks)


@pytest.mark.parametrize(("persona", "viewport"), list(_cases()))
def test_every_page_a_persona_reaches_is_accessible(
    browser: Browser, live_server, settings_override, persona: str, viewport: str
) -> None:
    side = build_side("Glenmore programme", "Glenmore")
    client = Client()
    start = reverse("account_login") if persona == "anonymous" else reverse("home")
    if persona == "administrator":
        client.force_login(User.objects.create_superuser(email="admin@example.org"))
    elif persona != "anonymous":
        client.force_login(side.people[persona])
    pages = discover(client, side, start)
    assert pages[0][0] == start

    context = browser.new_context(base_url=live_server.url, **VIEWPORTS[viewport])
    context.add_init_script(AXE_CORE)
    if settings.SESSION_COOKIE_NAME in client.cookies:
        context.add_cookies(
            [
                {
                    "name": settings.SESSION_COOKIE_NAME,
                    "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                    "url": live_server.url,
                }
            ]
        )
    findings = Findings()
    page = context.new_page()
    forms: list[tuple[str, int]] = []
    checked, already, errors_shown = [], [], []
    try:
        for path, fingerprint in pages:
            if (viewport, fingerprint) in _CHECKED:
                already.append(path)  # the same page as another persona's, checked there
                continue
            _CHECKED.add((viewport, fingerprint))
            response = page.goto(path)
            assert response is not None
            assert response.ok, f"{path}: {response.status}"
            check_page(page, path, viewport, findings)
            checked.append(path)
            forms += [(path, index) for index in page.evaluate(FORMS_SCRIPT)]
        # The error state: each form sent empty, once (after every page, as it may change one).
        for path, index in forms:
            page.goto(path)
            page.evaluate(EMPTY_SCRIPT, index)
            submit = page.locator("form").nth(index).locator(SUBMIT).first
            with page.expect_navigation():
                submit.click()
            if page.locator(ERRORS).count():
                errors_shown.append(f"{path} form {index + 1}")
                generic = [
                    text
                    for text in page.locator(MESSAGES).all_inner_texts()
                    if GENERIC.search(text)
                ]
                if generic:
                    findings.add(
                        f"{path} form {index + 1}", "says what is wrong, not what to do", generic
                    )
            check_page(page, f"{path} (form {index + 1} sent empty)", viewport, findings)
    finally:
        context.close()
    print(
        f"\n{persona} at {viewport}: {len(checked)} pages checked {checked}, "
        f"{len(already)} as another persona's {already}; "
        f"{len(forms)} forms sent empty, {len(errors_shown)} showing errors {errors_shown}"
    )
    assert not findings.problems, "\n\n".join(findings.problems)


@pytest.fixture
def settings_override(settings):
    settings.RATELIMIT_ENABLE = False
    settings.ACCOUNT_RATE_LIMITS = False
    return settings
