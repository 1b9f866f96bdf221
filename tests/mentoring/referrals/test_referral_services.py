"""Referral services refuse what the forms might let through: a site of another programme;
and a draft can be withdrawn or closed without ever having been sent."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from mentoring.referrals import services
from mentoring.referrals.models import Referral
from tests.factories import ReferralFactory, SiteFactory

pytestmark = pytest.mark.django_db

SITE_MESSAGE = "Choose a site of the programme you are referring to."


@pytest.fixture
def elsewhere(other_programme):
    """A site of the other programme."""
    return SiteFactory(programme=other_programme, name="Elsewhere Physiotherapy")


@pytest.fixture
def draft(programme, physiotherapist):
    return ReferralFactory(
        programme=programme, referred_by=physiotherapist, status="draft", submitted_at=None
    )


# --- A site of another programme -------------------------------------------------------------


@pytest.mark.parametrize("submit", [False, True])
def test_a_referral_cannot_be_created_with_a_site_of_another_programme(
    programme, physiotherapist, elsewhere, submit
):
    with pytest.raises(ValidationError) as refused:
        services.create_referral(
            by=physiotherapist,
            programme=programme,
            fields={"first_name": "Agnes", "last_name": "Testperson", "site": elsewhere},
            submission_key=uuid.uuid4(),
            submit=submit,
            now=timezone.now(),
        )
    assert refused.value.message_dict == {"site": [SITE_MESSAGE]}
    assert not Referral.objects.exists()


def test_a_referral_may_have_a_site_of_its_own_programme_or_none(programme, physiotherapist):
    for site in (programme.sites.get(), None):
        result = services.create_referral(
            by=physiotherapist,
            programme=programme,
            fields={"first_name": "Agnes", "last_name": "Testperson", "site": site},
            submission_key=uuid.uuid4(),
            submit=False,
            now=timezone.now(),
        )
        assert result.referral.site == site


def test_a_draft_cannot_be_given_a_site_of_another_programme(draft, physiotherapist, elsewhere):
    with pytest.raises(ValidationError) as refused:
        services.update_draft(
            referral=draft, by=physiotherapist, fields={"site": elsewhere}, submit=True,
            now=timezone.now(),
        )  # fmt: skip
    assert refused.value.message_dict == {"site": [SITE_MESSAGE]}
    draft.refresh_from_db()
    assert (draft.site, draft.status) == (None, Referral.Status.DRAFT)


def test_a_draft_moved_to_another_programme_cannot_keep_its_old_site(
    programme, other_programme, draft, physiotherapist
):
    Referral.objects.filter(pk=draft.pk).update(site=programme.sites.get())
    with pytest.raises(ValidationError):
        services.update_draft(
            referral=draft, by=physiotherapist, fields={"programme": other_programme},
            submit=False, now=timezone.now(),
        )  # fmt: skip
    draft.refresh_from_db()
    assert draft.programme == programme


def test_the_form_answers_a_site_of_another_programme_with_a_message(
    client, physiotherapist, other_programme, programme, elsewhere, referral_post
):
    physiotherapist.programmes.add(other_programme)  # so both sites are on offer
    client.force_login(physiotherapist)
    response = client.post(
        reverse("referrals:new"), referral_post(programme=programme.pk, site=elsewhere.pk)
    )
    assert response.status_code == 200
    assert SITE_MESSAGE in response.content.decode()
    assert not Referral.objects.exists()


def test_the_draft_form_answers_a_site_of_another_programme_with_a_message(
    client, physiotherapist, other_programme, programme, elsewhere, draft, referral_post
):
    physiotherapist.programmes.add(other_programme)
    client.force_login(physiotherapist)
    data = referral_post(
        programme=programme.pk, site=elsewhere.pk, submission_key=str(draft.submission_key)
    )
    response = client.post(reverse("referrals:edit", args=[draft.pk]), data)
    assert response.status_code == 200
    assert SITE_MESSAGE in response.content.decode()
    draft.refresh_from_db()
    assert (draft.site, draft.status) == (None, Referral.Status.DRAFT)


# --- Withdrawing or closing a draft ----------------------------------------------------------


def test_the_referrer_withdraws_a_draft(client, physiotherapist, draft):
    client.force_login(physiotherapist)
    response = client.post(
        reverse("referrals:withdraw", args=[draft.pk]), {"note": "Patient changed their mind"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Referral.Status.CLOSED
    assert draft.close_reason == Referral.CloseReason.WITHDRAWN
    assert draft.submitted_at is None
    last = draft.events.last()
    assert (last.from_status, last.to_status, last.by, last.note) == (
        "draft", "closed", physiotherapist, "Patient changed their mind",
    )  # fmt: skip


@pytest.mark.parametrize("complete", [True, False])
@pytest.mark.parametrize("how", ["withdraw", "close"])
def test_closing_a_draft_never_hits_the_database_rules(programme, physiotherapist, complete, how):
    """A draft may be half filled in; it closes all the same, never having been sent."""
    incomplete = {} if complete else {
        "date_of_birth": None, "discharge_date": None, "pain_duration_weeks": None,
        "health_number": "", "phone": "", "postcode": "", "consent_to_contact": False,
    }  # fmt: skip
    draft = ReferralFactory(
        programme=programme, referred_by=physiotherapist, status="draft", submitted_at=None,
        **incomplete,
    )  # fmt: skip
    now = timezone.now()
    if how == "withdraw":
        services.withdraw(referral=draft, by=physiotherapist, note="Not needed", now=now)
    else:
        services.close(referral=draft, reason="declined", by=physiotherapist, now=now)
    draft.refresh_from_db()
    assert draft.status == Referral.Status.CLOSED
    assert list(draft.events.values_list("from_status", "to_status")) == [("draft", "closed")]
