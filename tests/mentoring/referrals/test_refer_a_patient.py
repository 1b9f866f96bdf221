"""A physiotherapist refers a patient; bad input is explained beside the field."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.referrals.models import Referral, ReferralEvent
from tests.factories import ReferralFactory, UserFactory

pytestmark = pytest.mark.django_db

NEW = reverse("referrals:new")


def test_a_physiotherapist_sends_a_complete_referral_and_the_coordinator_is_emailed(
    client, physiotherapist, coordinator, programme, referral_post,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    client.force_login(physiotherapist)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(NEW, referral_post())
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response.url == referral.get_absolute_url()
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.programme == programme
    assert referral.referred_by == physiotherapist
    assert referral.health_number == "9434765919"
    assert referral.phone == "+447700900123"
    assert referral.postcode == "EH3 9DR"
    assert referral.preferred_formats == ["phone", "walking"]
    assert referral.availability == ["mon_morning", "wed_afternoon"]
    assert [e.to_status for e in ReferralEvent.objects.all()] == ["draft", "submitted"]

    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [coordinator.email]
    assert referral.reference in email.subject
    assert referral.get_absolute_url() in email.body
    for private in ("Agnes", "Testperson", "9434765919", "Pelvic", "1950"):
        assert private not in email.body + email.subject


def test_a_double_clicked_send_creates_one_referral(client, physiotherapist, referral_post):
    client.force_login(physiotherapist)
    data = referral_post()
    first = client.post(NEW, data)
    second = client.post(NEW, data)
    assert Referral.objects.count() == 1
    assert first.url == second.url


def test_a_draft_needs_only_a_name(client, physiotherapist):
    client.force_login(physiotherapist)
    response = client.post(
        NEW,
        {"submission_key": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "first_name": "Agnes",
         "last_name": "Draft", "health_number_kind": "nhs", "preferred_contact_method": "phone",
         "save_draft": "1"},
    )  # fmt: skip
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert referral.status == Referral.Status.DRAFT
    assert referral.submitted_at is None


def test_a_draft_is_finished_later_and_sent(client, physiotherapist, referral_post):
    client.force_login(physiotherapist)
    data = referral_post(save_draft="1", submit=None, phone="")
    client.post(NEW, data)
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.DRAFT
    edit = reverse("referrals:edit", args=[referral.pk])
    assert client.get(edit).status_code == 200
    response = client.post(edit, {**data, "phone": "0131 496 0000", "submit": "1"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == Referral.Status.SUBMITTED
    assert referral.phone == "+441314960000"
    assert client.get(edit).status_code == 404  # a sent referral is no longer editable


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"health_number": "943 476 5918"}, "health_number", "not valid"),
        ({"health_number": "12345"}, "health_number", "10-digit"),
        ({"date_of_birth": "2090-01-01"}, "date_of_birth", "cannot be in the future"),
        ({"date_of_birth": "0001-01-01"}, "date_of_birth", "Check the year of birth"),
        ({"discharge_date": "2099-01-01"}, "discharge_date", "within the next year"),
        ({"discharge_date": "0001-01-01"}, "discharge_date", "more than five years ago"),
        ({"consent_date": "0001-01-01"}, "consent_date", "on or after 1 January 1990"),
        ({"consent_date": "9999-12-31"}, "consent_date", "cannot be in the future"),
        ({"consent_to_contact": None}, "consent_to_contact", "must agree to be contacted"),
        ({"phone": "not a number"}, "phone", "UK phone number"),
        ({"postcode": "XYZ"}, "postcode", "full UK postcode"),
        ({"consent_date": ""}, "consent_date", "date consent was given"),
        ({"phone": ""}, "phone", "Enter a phone number"),
        ({"address": "x" * 501}, "address", "Enter 500 characters or fewer"),
        ({"plan_notes": "x" * 2001}, "plan_notes", "Enter 2000 characters or fewer"),
        (
            {"safety_information": "x" * 2001},
            "safety_information",
            "Enter 2000 characters or fewer",
        ),
        ({"interests": "x" * 1001}, "interests", "Enter 1000 characters or fewer"),
    ],
)
def test_bad_input_is_explained_beside_the_field_and_everything_else_is_kept(
    client, physiotherapist, referral_post, changes, field, message
):
    client.force_login(physiotherapist)
    response = client.post(NEW, referral_post(**changes))
    assert response.status_code == 200
    form = response.context["form"]
    assert message in " ".join(form.errors[field])
    page = response.content.decode()
    assert f'id="error_1_id_{field}"' in page or f"id_{field}" in page
    assert 'value="Testperson"' in page
    assert "Walk 20 minutes a day" in page
    assert Referral.objects.count() == 0


def test_a_chi_number_must_agree_with_the_date_of_birth(client, physiotherapist, referral_post):
    client.force_login(physiotherapist)
    # 120450 would be 12 April 1950; make the date of birth a different day
    response = client.post(
        NEW,
        referral_post(
            health_number_kind="chi", health_number="1204501238", date_of_birth="1950-04-13"
        ),
    )
    assert "date of birth" in " ".join(response.context["form"].errors["health_number"])


def test_a_patient_outside_the_rules_needs_a_reason_and_the_coordinator_sees_it(
    client, physiotherapist, coordinator, referral_post
):
    client.force_login(physiotherapist)
    young = (timezone.localdate() - timedelta(days=365 * 50)).isoformat()
    data = referral_post(date_of_birth=young, pain_duration_weeks="6")
    response = client.post(NEW, data)
    form = response.context["form"]
    assert "eligibility_exception_reason" in form.errors
    page = response.content.decode()
    assert "the programme takes people aged 60 or over" in page
    assert "12 weeks or more" in page

    data["eligibility_exception_reason"] = "Frail and isolated; would benefit"
    client.post(NEW, data)
    referral = Referral.objects.get()
    assert referral.status == Referral.Status.SUBMITTED
    client.force_login(coordinator)
    detail = client.get(referral.get_absolute_url()).content.decode()
    assert "Frail and isolated; would benefit" in detail
    assert "the programme takes people aged 60 or over" in detail


def test_a_likely_duplicate_is_flagged_before_saving_and_can_be_confirmed(
    client, physiotherapist, programme, referral_post
):
    existing = ReferralFactory(
        programme=programme, referred_by=physiotherapist, health_number="9434765919"
    )
    client.force_login(physiotherapist)
    data = referral_post()
    response = client.post(NEW, data)
    assert "confirm_not_duplicate" in response.context["form"].errors
    assert existing.get_absolute_url() in response.content.decode()
    assert Referral.objects.count() == 1

    client.post(NEW, {**data, "confirm_not_duplicate": "on"})
    assert Referral.objects.count() == 2


def test_the_same_name_and_date_of_birth_is_a_likely_duplicate(
    client, physiotherapist, programme, referral_post
):
    ReferralFactory(
        programme=programme, first_name="agnes", last_name="TESTPERSON",
        date_of_birth="1950-04-12", referred_by=physiotherapist,
    )  # fmt: skip
    client.force_login(physiotherapist)
    response = client.post(NEW, referral_post())
    assert "confirm_not_duplicate" in response.context["form"].errors


def test_a_duplicate_the_user_may_not_see_is_mentioned_without_a_link(
    client, physiotherapist, programme, referral_post
):
    colleague = UserFactory(role=User.Role.PHYSIOTHERAPIST, programmes=[programme])
    theirs = ReferralFactory(programme=programme, referred_by=colleague, health_number="9434765919")
    client.force_login(physiotherapist)
    page = client.post(NEW, referral_post()).content.decode()
    assert "A referral that you cannot open" in page
    assert theirs.get_absolute_url() not in page
    assert theirs.first_name not in page


def test_duplicates_in_another_programme_do_not_count(
    client, physiotherapist, other_programme, referral_post
):
    ReferralFactory(programme=other_programme, health_number="9434765919")
    client.force_login(physiotherapist)
    response = client.post(NEW, referral_post())
    assert response.status_code == 302


def test_a_coordinator_enters_a_paper_referral_marked_as_such(client, coordinator, referral_post):
    client.force_login(coordinator)
    response = client.post(NEW, referral_post(source="paper"))
    assert response.status_code == 302
    referral = Referral.objects.get()
    assert referral.source == Referral.Source.PAPER
    assert referral.referred_by == coordinator
    inbox = client.get(reverse("referrals:inbox")).content.decode()
    assert "on paper" in inbox


def test_a_paper_referral_must_say_how_it_came(client, coordinator, referral_post):
    client.force_login(coordinator)
    response = client.post(NEW, referral_post())
    assert "source" in response.context["form"].errors


def test_only_answers_that_can_be_left_blank_are_labelled_optional(client, physiotherapist):
    client.force_login(physiotherapist)
    form = client.get(NEW).context["form"]
    optional = {name for name, field in form.fields.items() if "(optional)" in str(field.label)}
    assert {"email", "plan_exercises", "interests", "site"} <= optional
    assert not optional & {"consent_date", "consent_method", "phone", "health_number"}


def test_the_referral_page_gives_each_form_field_its_own_id(client, coordinator, programme):
    referral = ReferralFactory(programme=programme)
    client.force_login(coordinator)
    page = client.get(referral.get_absolute_url()).content.decode()
    assert page.count('id="advance_note"') == 1
    assert page.count('id="close_note"') == 1
    assert 'id="id_note"' not in page
