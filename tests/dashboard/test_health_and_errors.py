import pytest
from django.test import Client, override_settings
from django.urls import include, path


def test_the_health_check_is_public_and_says_ok(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "redis": "ok"}


def test_an_unknown_page_shows_a_friendly_404_without_details(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Traceback" not in page
    assert "no-such-page" not in page


def boom(request):
    raise RuntimeError("secret internal detail")


urlpatterns = [path("boom/", boom), path("", include("config.urls"))]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
def test_a_crash_shows_a_friendly_500_that_leaks_nothing(db, coordinator):
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)
    response = client.get("/boom/")
    assert response.status_code == 500
    page = response.content.decode()
    assert "Sorry, something went wrong" in page
    assert "secret internal detail" not in page
    assert "Traceback" not in page


@pytest.mark.django_db
def test_an_expired_form_gets_a_plain_explanation_not_a_technical_one(coordinator):
    client = Client(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post("/accounts/password/change/", {"oldpassword": "x"})
    assert response.status_code == 403
    page = response.content.decode()
    assert "Please try again" in page
    assert "CSRF" not in page


def forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied("internal reason")


urlpatterns.insert(0, path("forbidden/", forbidden))


@override_settings(ROOT_URLCONF=__name__)
def test_a_refusal_shows_a_friendly_403_without_the_reason(db, coordinator):
    client = Client()
    client.force_login(coordinator)
    response = client.get("/forbidden/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot open this page" in page
    assert "internal reason" not in page
