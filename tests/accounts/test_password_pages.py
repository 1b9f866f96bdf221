"""Signing in, a forgotten password and choosing one from an invitation: in the app's own
words and layout, with the GOV.UK error summary above each form's heading."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.allauth import password_reset_link
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

SERVICE = "Back pain peer mentoring"


def page(response) -> str:
    return response.content.decode()


def heading(html: str) -> str:
    found = re.search(r"<h1[^>]*>(.*?)</h1>", html, re.S)
    assert found, html
    return found.group(1).strip()


def summary_above_heading(html: str) -> bool:
    return 0 <= html.find('data-module="govuk-error-summary"') < html.find("<h1")


def test_forgotten_password_asks_for_the_email_in_plain_words(client):
    html = page(client.get(reverse("account_reset_password")))
    assert heading(html) == "Forgotten your password?"
    assert f"<title>Forgotten your password? | {SERVICE}</title>" in html
    assert "Password Reset" not in html

    html = page(client.post(reverse("account_reset_password"), {"email": ""}))
    assert "<title>Error: Forgotten your password?" in html
    assert summary_above_heading(html)
    assert "Enter your email address" in html
    assert "This field is required." not in html

    html = page(client.post(reverse("account_reset_password"), {"email": "not-an-email"}))
    assert "Enter an email address in the correct format, like name@example.com" in html


def test_after_asking_for_a_link_the_page_says_check_your_email(client, mentor):
    response = client.post(reverse("account_reset_password"), {"email": mentor.email}, follow=True)
    assert heading(page(response)) == "Check your email"


def test_an_invitation_link_leads_to_choose_your_password_then_a_sign_in_button(client, mentor):
    response = client.get(password_reset_link(mentor), follow=True)
    html = page(response)
    assert heading(html) == "Choose your password"
    assert "Change Password" not in html
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else None

    html = page(client.post(form_url, {"password1": "", "password2": ""}))
    assert summary_above_heading(html)
    assert "Enter a new password" in html
    assert "This field is required." not in html

    response = client.post(
        form_url,
        {"password1": "teapot-garden-river", "password2": "teapot-garden-river"},
        follow=True,
    )
    html = page(response)
    assert heading(html) == "Your password is set"
    assert re.search(rf'<a class="govuk-button"[^>]*href="{reverse("account_login")}"', html)
    assert ">Sign in</a>" in html


def test_a_used_link_says_so_and_offers_sign_in_or_a_new_link(client, mentor):
    link = password_reset_link(mentor)
    form_url = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(form_url, {"password1": "teapot-garden-river", "password2": "teapot-garden-river"})
    html = page(client.get(link, follow=True))
    assert heading(html) == "This link has already been used"
    assert "Bad Token" not in html
    assert "If you chose your password" in html
    assert reverse("account_login") in html
    assert "ask your coordinator for a new link" in html


def test_change_password_is_plain_and_explains_missing_answers(client, physiotherapist):
    client.force_login(physiotherapist)
    html = page(client.get(reverse("account_change_password")))
    assert heading(html) == "Change your password"
    html = page(client.post(reverse("account_change_password"), {}))
    assert summary_above_heading(html)
    assert "Enter your current password" in html
    assert "Enter the new password again" in html
    assert "This field is required." not in html


def test_sign_in_says_what_to_do_when_answers_are_missing(client):
    html = page(client.post(reverse("account_login"), {"login": "", "password": ""}))
    assert summary_above_heading(html)
    assert "Enter your email address" in html
    assert "Enter your password" in html
    assert "This field is required." not in html


def test_a_wrong_password_is_still_explained(client, coordinator):
    html = page(
        client.post(reverse("account_login"), {"login": coordinator.email, "password": "x"})
    )
    assert "not correct" in html
    assert TEST_PASSWORD not in html


@pytest.mark.parametrize(
    "template",
    sorted(
        str(path.relative_to(Path(settings.BASE_DIR) / "templates"))
        for path in (Path(settings.BASE_DIR) / "templates").glob("**/email/*.txt")
    ),
)
def test_every_email_names_the_service_and_never_says_hello_from_nobody(template):
    body = render_to_string(template, {})
    assert SERVICE in body
    assert "Hello from" not in body


def test_every_email_subject_names_the_service(mentor, django_capture_on_commit_callbacks):
    from django.test import Client

    with django_capture_on_commit_callbacks(execute=True):
        Client().post(reverse("account_reset_password"), {"email": mentor.email})
        Client().post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert message.subject.startswith(f"{SERVICE}: "), message.subject
        assert SERVICE in message.body
        assert "Hello from" not in message.body


# --- every form page: the error summary comes before the heading ------------------------


def form_page_templates() -> list[Path]:
    root = Path(settings.BASE_DIR) / "templates"
    return sorted(
        path
        for path in root.glob("**/*.html")
        if "<form" in path.read_text() and "{{ form" in path.read_text()
    )


@pytest.mark.parametrize("path", form_page_templates(), ids=lambda path: path.name)
def test_every_form_page_puts_the_error_summary_above_its_heading(path):
    text = path.read_text()
    assert "_form_problems.html" in text or "allauth/elements" in str(path), path
    if "<h1" in text:  # the form's heading is the last (a page may have another branch)
        assert text.index("_form_problems.html") < text.rindex("<h1"), path


def test_the_error_summary_takes_focus_through_govuk_frontend():
    text = (Path(settings.BASE_DIR) / "templates" / "_form_problems.html").read_text()
    assert 'data-module="govuk-error-summary"' in text  # GOV.UK Frontend focuses it on load
