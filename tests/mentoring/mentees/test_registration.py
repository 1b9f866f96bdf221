"""Registering a mentee from a consented referral: nothing retyped, the referral moves on to
"awaiting match", a person referred twice stays one mentee, and bad answers are explained
beside the field with nothing saved."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.mentees import services
from mentoring.mentees.forms import EMAIL_NEEDED, MOBILE_NEEDED, NOT_A_MOBILE
from mentoring.mentees.models import Mentee, MenteeReferral
from mentoring.referrals.models import Referral
from tests.factories import MenteeFactory, ReferralFactory, RelationshipFactory, SiteFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral(programme, physiotherapist):
    return ReferralFactory(
        programme=programme,
        referred_by=physiotherapist,
        site=programme.sites.first(),
        status="consented",
        first_name="Agnes",
        last_name="Testperson",
        date_of_birth=date(1950, 4, 12),
        phone="+447700900123",
        email="agnes@example.org",
        postcode="EH3 9DR",
        preferred_formats=["phone", "walking"],
        availability=["tue_morning"],
        mentor_gender_preference="woman",
        interests="Gardening and the radio",
        plan_activity_goals="Walk to the shops three times a week",
        consent_to_share_with_mentor=True,
        preferred_contact_method="email",
    )


def register_url(referral):
    return reverse("mentees:register", args=[referral.pk])


def answers(**changes):
    """What a coordinator ticks and types on the registration page."""
    data = {
        "phone": "07700 900123",
        "email": "agnes@example.org",
        "reminder_channel": "email",
        "interests": ["gardening", "music"],
        "languages": "English, Scots",
        "needs_large_print": "on",
        "interpreter_language": "",
        "helper_name": "Her son, David",
        "helper_phone": "07700 900456",
        "other_needs": "",
        "shared_goals": "Walk to the shops three times a week",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


# --- Carried over from the referral ----------------------------------------------------------


def test_the_registration_page_starts_from_the_referral(client, coordinator, referral):
    client.force_login(coordinator)
    response = client.get(register_url(referral))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Register Agnes Testperson as a mentee" in page
    assert "EH3 9DR (area EH3)" in page
    assert "Phone, Walking together" in page
    assert "A woman" in page
    assert "The referral says: Gardening and the radio" in page  # beside the checkboxes
    form = response.context["form"]
    assert form["email"].value() == "agnes@example.org"
    assert form["reminder_channel"].value() == "email"  # from "contact by email"
    assert form["shared_goals"].value() == "Walk to the shops three times a week"
    assert referral.health_number not in page.replace(" ", "")


def test_goals_are_not_copied_when_the_patient_did_not_agree_to_share(
    client, coordinator, referral
):
    Referral.objects.filter(pk=referral.pk).update(consent_to_share_with_mentor=False)
    client.force_login(coordinator)
    response = client.get(register_url(referral))
    assert response.context["form"]["shared_goals"].value() in ("", None)
    assert "did not agree to share their referral with a mentor" in response.content.decode()


def test_registering_carries_the_referral_over_and_moves_it_on(client, coordinator, referral):
    client.force_login(coordinator)
    response = client.post(register_url(referral), answers())
    mentee = Mentee.objects.get()
    assert response.status_code == 302
    assert response.url == mentee.get_absolute_url()
    assert (mentee.first_name, mentee.last_name) == ("Agnes", "Testperson")
    assert (mentee.phone, mentee.email) == ("+447700900123", "agnes@example.org")
    assert (mentee.postcode, mentee.area) == ("EH3 9DR", "EH3")
    assert mentee.preferred_formats == ["phone", "walking"]
    assert mentee.availability == ["tue_morning"]
    assert mentee.mentor_gender_preference == "woman"
    assert mentee.interests == ["gardening", "music"]
    assert mentee.languages == "English, Scots"
    assert (mentee.needs_large_print, mentee.needs_hearing_support) == (True, False)
    assert (mentee.helper_name, mentee.helper_phone) == ("Her son, David", "+447700900456")
    assert mentee.reminder_channel == Mentee.Channel.EMAIL
    assert mentee.shared_goals == "Walk to the shops three times a week"
    assert mentee.programme == referral.programme
    assert mentee.waiting_since is not None
    assert mentee.registered_by == coordinator
    assert mentee.user is None  # an account is optional
    assert MenteeReferral.objects.get().referral == referral
    referral.refresh_from_db()
    assert referral.status == Referral.Status.AWAITING_MATCH
    step = referral.events.last()
    assert (step.from_status, step.to_status, step.by) == (
        "consented",
        "awaiting_match",
        coordinator,
    )
    assert step.note == services.REGISTERED_NOTE
    page = client.get(response.url).content.decode()
    assert "is registered and waiting for a mentor" in page
    assert "Waiting for a mentor" in page


def test_the_referral_page_offers_registration_only_for_a_consented_referral(
    client, coordinator, physiotherapist, referral, programme
):
    client.force_login(coordinator)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert register_url(referral) in page
    assert "Mark as awaiting match" not in page  # registering is the way on
    submitted = ReferralFactory(programme=programme)
    assert register_url(submitted) not in client.get(submitted.get_absolute_url()).content.decode()
    client.force_login(physiotherapist)
    assert register_url(referral) not in client.get(referral.get_absolute_url()).content.decode()


def test_a_registered_referral_links_to_its_mentee(client, coordinator, referral):
    services.register(referral=referral, by=coordinator, fields={}, now=timezone.now())
    client.force_login(coordinator)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert Mentee.objects.get().get_absolute_url() in page


# --- Only a consented referral, once --------------------------------------------------------


@pytest.mark.parametrize("status", ["submitted", "contacted", "awaiting_match", "matched"])
def test_only_a_consented_referral_is_registered(client, coordinator, programme, status):
    referral = ReferralFactory(programme=programme, status=status)
    with pytest.raises(ValidationError) as refused:
        services.register(referral=referral, by=coordinator, fields={}, now=timezone.now())
    assert "Only a referral whose patient has consented" in refused.value.messages[0]
    client.force_login(coordinator)
    response = client.post(register_url(referral), answers(), follow=True)
    assert "Only a referral whose patient has consented" in response.content.decode()
    assert not Mentee.objects.exists()
    referral.refresh_from_db()
    assert referral.status == status


def test_a_referral_that_stopped_being_consented_meanwhile_is_explained(
    client, coordinator, referral
):
    """The page was opened while it was consented; someone closed it before the click."""
    client.force_login(coordinator)
    client.get(register_url(referral))
    stale = Referral.objects.get(pk=referral.pk)
    Referral.objects.filter(pk=referral.pk).update(status="closed", close_reason="declined")
    with pytest.raises(ValidationError):
        services.register(referral=stale, by=coordinator, fields={}, now=timezone.now())
    assert not Mentee.objects.exists()


def test_a_second_click_does_not_register_twice(client, coordinator, referral):
    client.force_login(coordinator)
    client.post(register_url(referral), answers())
    response = client.post(register_url(referral), answers(), follow=True)
    assert Mentee.objects.count() == 1
    assert MenteeReferral.objects.count() == 1
    assert "already registered as a mentee" in response.content.decode()


def test_another_programmes_coordinator_cannot_register(client, outsider, referral):
    client.force_login(outsider)
    assert client.get(register_url(referral)).status_code == 404
    assert client.post(register_url(referral), answers()).status_code == 404
    assert not Mentee.objects.exists()


# --- One person, however many referrals ---------------------------------------------------


def second_referral(first, **changes):
    fields = {
        "programme": first.programme,
        "status": "consented",
        "first_name": first.first_name,
        "last_name": first.last_name,
        "date_of_birth": first.date_of_birth,
        "health_number": first.health_number,
    }
    fields.update(changes)
    return ReferralFactory(**fields)


@pytest.mark.parametrize(
    "same",
    [
        pytest.param({"first_name": "Someone", "last_name": "Else"}, id="same NHS number"),
        pytest.param({"health_number": "9434765870"}, id="same name and date of birth"),
    ],
)
def test_a_person_referred_twice_is_one_mentee(client, coordinator, referral, same):
    first = services.register(
        referral=referral, by=coordinator, fields={"reminder_channel": "phone"}, now=timezone.now()
    ).mentee
    again = second_referral(referral, **same)
    client.force_login(coordinator)
    page = client.get(register_url(again)).content.decode()
    assert "is already a mentee of this programme" in page
    assert f"Add this referral to {first.first_name}'s record" in page
    assert "stays on the waiting list" in page
    response = client.post(register_url(again), {})
    assert response.status_code == 302
    assert response.url == first.get_absolute_url()
    assert Mentee.objects.count() == 1
    assert set(first.registrations.values_list("referral", flat=True)) == {referral.pk, again.pk}
    again.refresh_from_db()
    assert again.status == Referral.Status.AWAITING_MATCH
    assert again.events.last().note == services.LINKED_NOTE
    first_waiting = first.waiting_since
    first.refresh_from_db()
    assert first.waiting_since == first_waiting  # still waiting from the first time


def test_a_mentee_of_another_programme_is_not_the_same_mentee(
    coordinator, referral, other_programme
):
    MenteeFactory(
        programme=other_programme,
        from_referral=second_referral(referral, programme=other_programme),
    )
    result = services.register(referral=referral, by=coordinator, fields={}, now=timezone.now())
    assert result.created


def test_someone_in_a_current_relationship_is_said_to_be_so(
    client, coordinator, programme, referral
):
    relationship = RelationshipFactory(programme=programme)
    earlier = relationship.mentee.registrations.get().referral
    again = second_referral(earlier)
    client.force_login(coordinator)
    page = client.get(register_url(again)).content.decode()
    assert "has a mentor proposed or is working with one now" in page
    result = services.register(referral=again, by=coordinator, fields={}, now=timezone.now())
    assert not result.created
    result.mentee.refresh_from_db()
    assert result.mentee.waiting_since is None  # matched: not back on the waiting list


def test_someone_whose_mentoring_ended_goes_back_on_the_waiting_list(
    client, coordinator, programme
):
    relationship = RelationshipFactory(
        programme=programme, status="completed", ended_on=timezone.localdate()
    )
    again = second_referral(relationship.mentee.registrations.get().referral)
    client.force_login(coordinator)
    assert "go back on the waiting list" in client.get(register_url(again)).content.decode()
    now = timezone.now()
    result = services.register(referral=again, by=coordinator, fields={}, now=now)
    assert result.mentee == relationship.mentee
    result.mentee.refresh_from_db()
    assert result.mentee.waiting_since == now


def test_a_closed_earlier_referral_still_finds_the_person(coordinator, referral):
    first = services.register(referral=referral, by=coordinator, fields={}, now=timezone.now())
    Referral.objects.filter(pk=referral.pk).update(status="closed", close_reason="withdrawn")
    again = second_referral(referral)
    result = services.register(referral=again, by=coordinator, fields={}, now=timezone.now())
    assert result.mentee == first.mentee


# --- Bad answers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"reminder_channel": "email", "email": ""}, "email", EMAIL_NEEDED),
        ({"reminder_channel": "text", "phone": ""}, "phone", MOBILE_NEEDED),
        ({"reminder_channel": "text", "phone": "0131 496 0000"}, "phone", NOT_A_MOBILE),
        ({"email": "not an address"}, "email", "Enter an email address in the correct format"),
        ({"phone": "12"}, "phone", "phone number"),
        ({"helper_phone": "call me"}, "helper_phone", "phone number"),
        ({"reminder_channel": None}, "reminder_channel", "Choose how they would like"),
        ({"reminder_channel": "pigeon"}, "reminder_channel", "Choose one of the options"),
        ({"interests": ["knitting-marathons"]}, "interests", "Choose one of the options"),
        ({"languages": ""}, "languages", "Enter the languages they speak"),
        ({"shared_goals": "x" * 5000}, "shared_goals", "characters or fewer"),
    ],
)
def test_a_bad_answer_is_explained_beside_it_and_nothing_is_saved(
    client, coordinator, referral, changes, field, message
):
    client.force_login(coordinator)
    response = client.post(register_url(referral), answers(**changes))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert list(errors) == [field]
    assert message in " ".join(errors[field])
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Her son, David" in page  # everything typed is kept
    assert not Mentee.objects.exists()
    referral.refresh_from_db()
    assert referral.status == Referral.Status.CONSENTED


def test_text_reminders_with_a_mobile_are_accepted(client, coordinator, referral):
    client.force_login(coordinator)
    client.post(register_url(referral), answers(reminder_channel="text", email=""))
    mentee = Mentee.objects.get()
    assert (mentee.reminder_channel, mentee.email) == ("text", "")


@pytest.mark.parametrize("value", ["\x00", "x" * 20_000, "9" * 30])
def test_garbage_in_every_field_is_refused_without_an_error_page(
    client, coordinator, referral, value
):
    client.force_login(coordinator)
    data = dict.fromkeys(answers(), value)
    response = client.post(register_url(referral), data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert not Mentee.objects.exists()


def test_the_database_refuses_email_reminders_without_an_email(programme):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        MenteeFactory(programme=programme, email="", reminder_channel="email")


def test_an_odd_postcode_on_an_old_referral_does_not_stop_registration(coordinator, programme):
    referral = ReferralFactory(programme=programme, status="consented")
    Referral.objects.filter(pk=referral.pk).update(postcode="eh3")
    referral.refresh_from_db()
    mentee = services.register(
        referral=referral, by=coordinator, fields={}, now=timezone.now()
    ).mentee
    assert mentee.area == "EH3"


def test_the_site_comes_from_the_latest_referral(coordinator, programme, referral):
    services.register(referral=referral, by=coordinator, fields={}, now=timezone.now())
    kirkton = SiteFactory(programme=programme, name="Kirkton")
    again = second_referral(referral, site=kirkton)
    services.register(
        referral=again, by=coordinator, fields={}, now=timezone.now() + timedelta(minutes=1)
    )
    assert Mentee.objects.with_site_name().get().site_name == "Kirkton"
