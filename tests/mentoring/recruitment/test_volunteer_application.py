"""The public "Become a peer mentor" page."""

import pytest
from django.core import mail
from django.urls import reverse

from mentoring.recruitment.models import Mentor, RecruitmentSettings

pytestmark = pytest.mark.django_db

APPLY = reverse("recruitment:volunteer_apply")


def test_anyone_can_open_the_page_without_signing_in(client, programme):
    response = client.get(APPLY)
    assert response.status_code == 200
    assert "Become a peer mentor" in response.content.decode()


def test_a_volunteer_applies_and_gets_a_confirmation_page_and_email(
    client, application, programme, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(APPLY, application())
    assert response.status_code == 302
    assert response.url == reverse("recruitment:volunteer_thanks")
    mentor = Mentor.objects.get()
    assert mentor.status == Mentor.Status.APPLIED
    assert mentor.area == "EH3"  # only the district is kept
    assert mentor.phone == "+447700900123"
    assert mentor.capacity == RecruitmentSettings.for_programme(programme).default_mentor_capacity
    assert mentor.status_changes.get().to_status == "applied"
    assert [m.to for m in mail.outbox] == [["moira@example.org"]]
    assert "Thank you" in client.get(response.url).content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"consent_to_store": None}, "consent_to_store"),
        ({"phone": "12"}, "phone"),
        ({"area": "nowhere"}, "area"),
        ({"email": "not-an-email"}, "email"),
        ({"lived_experience": None}, "lived_experience"),
        ({"lived_experience_summary": "x" * 2001}, "lived_experience_summary"),
    ],
)
def test_bad_answers_are_explained_beside_the_field_and_the_rest_is_kept(
    client, application, changes, field
):
    response = client.post(APPLY, application(**changes))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    page = response.content.decode()
    assert 'value="Volunteer"' in page
    assert "To help others keep going" in page
    assert not Mentor.objects.exists()


def test_a_robot_that_fills_the_hidden_field_is_thanked_but_nothing_is_saved(client, application):
    response = client.post(APPLY, application(website="http://spam.example"))
    assert response.status_code == 302
    assert not Mentor.objects.exists()
    assert mail.outbox == []


def test_too_many_applications_from_one_address_are_refused_kindly(client, application):
    for number in range(5):
        client.post(APPLY, application(email=f"person{number}@example.org"))
    response = client.post(APPLY, application(email="sixth@example.org"))
    assert response.status_code == 429
    assert "try again later" in response.content.decode()
    assert 'value="sixth@example.org"' in response.content.decode()
    assert Mentor.objects.count() == 5


# --- Gender and interests (issue 10) ------------------------------------------------------


def test_a_volunteer_may_say_their_gender_and_interests_and_is_told_why(
    client, application, programme
):
    page = client.get(APPLY).content.decode()
    assert "so we can meet a mentee's wish for a man or a woman" in page
    assert "Prefer not to say" in page
    assert "Gardening" in page
    client.post(APPLY, application(gender="woman", interests=["gardening", "music"]))
    mentor = Mentor.objects.get()
    assert (mentor.gender, mentor.interests) == ("woman", ["gardening", "music"])


def test_gender_and_interests_are_optional(client, application):
    client.post(APPLY, application())  # neither posted
    mentor = Mentor.objects.get()
    assert (mentor.gender, mentor.interests) == ("", [])


def test_an_unknown_gender_or_interest_is_explained(client, application):
    response = client.post(APPLY, application(gender="robot", interests=["flying"]))
    assert set(response.context["form"].errors) == {"gender", "interests"}
    assert not Mentor.objects.exists()


def test_the_coordinator_and_the_mentor_see_gender_and_interests(client, coordinator, mentor):
    from django.urls import reverse as url

    record = mentor.mentor
    record.gender, record.interests = "man", ["walking", "puzzles"]
    record.save()
    for person, address in (
        (coordinator, url("recruitment:mentor_detail", args=[record.pk])),
        (mentor, url("recruitment:my_profile")),
    ):
        client.force_login(person)
        page = client.get(address).content.decode()
        assert "A man" in page
        assert "Walking, Puzzles, cards or games" in page
