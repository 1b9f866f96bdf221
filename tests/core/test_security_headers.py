"""Pages with health data are not kept by the browser, run only our own scripts and
styles, and may not use the camera, microphone, location and the like."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    parts = [part.split() for part in policy.split(";") if part.strip()]
    return {part[0]: part[1:] for part in parts}


@pytest.fixture
def signed_in_page(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response


def test_a_signed_in_page_is_not_stored_by_the_browser(signed_in_page):
    cache_control = signed_in_page["Cache-Control"]
    assert "no-store" in cache_control
    assert "private" in cache_control


def test_a_signed_in_page_has_a_content_security_policy_without_inline_code(signed_in_page):
    policy = directives(signed_in_page)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["form-action"] == ["'self'"]
    assert "'unsafe-inline'" not in signed_in_page["Content-Security-Policy"]
    assert "'unsafe-eval'" not in signed_in_page["Content-Security-Policy"]


def test_a_signed_in_page_turns_off_device_features(signed_in_page):
    permissions = signed_in_page["Permissions-Policy"]
    for feature in ("camera", "microphone", "geolocation", "payment", "usb"):
        assert f"{feature}=()" in permissions


def test_the_public_pages_have_the_policies_too(client, db):
    response = client.get(reverse("account_login"))
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "camera=()" in response["Permissions-Policy"]


def test_a_page_after_signing_in_is_not_stored_either(client, coordinator):
    from tests.factories import TEST_PASSWORD

    response = client.post(
        reverse("account_login"), {"login": coordinator.email, "password": TEST_PASSWORD}
    )
    assert "no-store" in response["Cache-Control"]
