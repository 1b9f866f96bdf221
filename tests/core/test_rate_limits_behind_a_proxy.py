"""Behind a reverse proxy every request comes from the proxy's address; the rate limits
must count each person's own address instead, or one person's mistakes lock out all."""

import pytest
from django.test import Client
from django.urls import reverse

from mentoring.recruitment.models import Mentor
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"


@pytest.fixture(autouse=True)
def _one_proxy_in_front(settings):
    settings.TRUSTED_PROXY_COUNT = 1


def from_client(address: str) -> Client:
    """A browser at `address`, reaching us through our proxy (which adds the header)."""
    return Client(REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=address)


def sign_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_wrong_passwords_from_many_people_do_not_lock_out_someone_else(coordinator):
    for number in range(12):
        sign_in(from_client(f"203.0.113.{number}"), f"person{number}@example.org", "wrong-one")
    response = sign_in(from_client("198.51.100.20"), "coordinator@example.org", TEST_PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_one_address_is_still_limited_however_it_pretends_to_be_forwarded(coordinator):
    for number in range(12):
        spoofed = f"192.0.2.{number}, 203.0.113.9"  # the client made up the first part
        sign_in(from_client(spoofed), f"person{number}@example.org", "wrong-one")
    response = sign_in(from_client("203.0.113.9"), "coordinator@example.org", TEST_PASSWORD)
    assert response.status_code != 302
    assert "_auth_user_id" not in response.client.session


def test_the_limit_on_one_account_holds_whichever_addresses_the_attempts_come_from(coordinator):
    for number in range(6):
        sign_in(from_client(f"203.0.113.{number}"), "coordinator@example.org", "wrong-one")
    response = sign_in(from_client("198.51.100.20"), "coordinator@example.org", TEST_PASSWORD)
    assert response.status_code != 302
    assert "_auth_user_id" not in response.client.session


def test_volunteer_applications_are_counted_per_person_not_per_proxy(programme):
    def application(number: int) -> dict[str, object]:
        return {
            "programme": programme.pk,
            "first_name": "Moira",
            "last_name": "Volunteer",
            "email": f"moira{number}@example.org",
            "phone": "07700 900123",
            "area": "eh3 9dr",
            "languages": "English",
            "lived_experience": "own",
            "lived_experience_summary": "Twenty years of back pain",
            "motivation": "To help others keep going",
            "formats": ["phone"],
            "availability": ["mon_morning"],
            "consent_to_store": "on",
            "website": "",
        }

    url = reverse("recruitment:volunteer_apply")
    for number in range(7):
        response = from_client(f"203.0.113.{number}").post(url, application(number))
        assert response.status_code == 302
    same_person = from_client("203.0.113.100")
    for number in range(5):
        same_person.post(url, application(100 + number))
    assert same_person.post(url, application(200)).status_code == 429
    assert Mentor.objects.count() == 12
