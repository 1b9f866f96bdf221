"""Mentees: registering one from a consented referral, changing their details, and an
optional account. Every change is one transaction; messages go out after it commits.

A mentee is one person however many times they are referred: registering a referral of
someone who is already a mentee (same NHS/CHI number, or same name and date of birth)
links the referral to that mentee instead of making a second one."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts import services as account_services
from accounts.models import Programme, User
from core.validators import postcode_district
from mentoring.mentees import messages
from mentoring.mentees.models import Mentee, MenteeReferral
from mentoring.referrals import services as referral_services
from mentoring.referrals.models import Referral

logger = logging.getLogger(__name__)

NOT_CONSENTED = (
    "Only a referral whose patient has consented can be registered as a mentee. This "
    "referral is {status}."
)
ALREADY_REGISTERED = "This referral has already been registered as a mentee."
REGISTERED_NOTE = "Registered as a mentee"
LINKED_NOTE = "Added to the record of an existing mentee"


@dataclass(frozen=True)
class Registration:
    mentee: Mentee
    created: bool  # False: the referral was linked to someone already a mentee


def existing_mentee(referral: Referral) -> Mentee | None:
    """The mentee this referral's patient already is, if any (the first registered)."""
    return Mentee.objects.same_person_as(referral).order_by("registered_at", "pk").first()


def area_of(postcode: str) -> str:
    """The postcode district ("EH3" of "EH3 9DR"); a postcode that does not read as one
    gives its first part, so a registration never fails on an old paper referral."""
    if not postcode:
        return ""
    try:
        return postcode_district(postcode)
    except ValidationError:
        return postcode.split()[0][:4].upper()


@transaction.atomic
def register(
    *, referral: Referral, by: User, fields: dict[str, Any], now: datetime
) -> Registration:
    """Register the patient of a consented referral as a mentee, or link the referral to
    the mentee they already are; either way the referral moves on to "awaiting match".

    `fields` are what the referral does not hold (RegistrationForm.mentee_fields); they are
    not used when the person is already a mentee (their record is changed on its own page).
    Registrations in a programme take turns (a lock on the programme's row that does not
    stop anyone adding records to it), so two referrals of one person registered at the
    same moment still make one mentee.
    """
    Programme.objects.select_for_update(no_key=True).get(pk=referral.programme_id)
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.CONSENTED:
        raise ValidationError(
            NOT_CONSENTED.format(status=referral.get_status_display().lower()),
            code="not_consented",
        )
    if MenteeReferral.objects.filter(referral=referral).exists():
        raise ValidationError(ALREADY_REGISTERED, code="already_registered")
    mentee = existing_mentee(referral)
    created = mentee is None
    if mentee is None:
        mentee = Mentee.objects.create(
            **fields,
            programme_id=referral.programme_id,
            first_name=referral.first_name,
            last_name=referral.last_name,
            postcode=referral.postcode,
            area=area_of(referral.postcode),
            preferred_formats=list(referral.preferred_formats),
            availability=list(referral.availability),
            mentor_gender_preference=referral.mentor_gender_preference,
            waiting_since=now,
            registered_at=now,
            registered_by=by,
        )
    else:
        mentee = Mentee.objects.select_for_update().get(pk=mentee.pk)
        back_on_the_list = (
            mentee.waiting_since is None
            and not Mentee.objects.filter(pk=mentee.pk).in_current_relationship().exists()
        )
        if back_on_the_list:  # their earlier mentoring has ended: they wait again
            mentee.waiting_since = now
            mentee.save(update_fields=["waiting_since", "updated_at"])
    MenteeReferral.objects.create(
        mentee=mentee, referral=referral, registered_at=now, registered_by=by
    )
    referral_services.advance(
        referral=referral,
        to_status=Referral.Status.AWAITING_MATCH,
        by=by,
        now=now,
        note=REGISTERED_NOTE if created else LINKED_NOTE,
    )
    logger.info(
        "referral %s registered as mentee %s (new=%s)", referral.reference, mentee.pk, created
    )
    return Registration(mentee=mentee, created=created)


@transaction.atomic
def update(*, mentee: Mentee, fields: dict[str, Any]) -> Mentee:
    """Change a mentee's details (MenteeForm.mentee_fields)."""
    mentee = Mentee.objects.select_for_update().get(pk=mentee.pk)
    for name, value in fields.items():
        setattr(mentee, name, value)
    mentee.save()
    return mentee


# --- An optional account ------------------------------------------------------------------


@transaction.atomic
def invite(*, mentee: Mentee, by: User, now: datetime) -> User:
    """Email a mentee a one-time link to choose a password, making their account the first
    time (role mentee, a member of the mentee's programme). Calling it again sends a fresh
    link. An account is optional: a coordinator can do everything for a mentee."""
    mentee = Mentee.objects.select_for_update().get(pk=mentee.pk)
    user = mentee.user
    if user is None:
        if not mentee.email:
            raise ValidationError(
                "Add an email address to this mentee's details first: the invitation is "
                "sent by email.",
                code="no_email",
            )
        if User.objects.filter(email__iexact=mentee.email).exists():
            raise ValidationError(
                "Someone already has an account with this email address. Ask an "
                "administrator to link it.",
                code="email_taken",
            )
        user = account_services.create_account(
            email=mentee.email,
            first_name=mentee.first_name,
            last_name=mentee.last_name,
            role=User.Role.MENTEE,
            programmes=[mentee.programme],
        )
        mentee.user = user
        mentee.save(update_fields=["user", "updated_at"])
    elif user.has_usable_password():
        raise ValidationError(
            "This mentee has already chosen a password. If they have forgotten it, they "
            "can use 'Forgotten your password?' on the sign-in page.",
            code="already_signed_up",
        )
    elif not user.is_active:
        raise ValidationError(
            "This mentee's account is closed. Ask an administrator to open it again.",
            code="closed",
        )
    messages.invitation(mentee=mentee, user=user, now=now)
    logger.info("mentee %s invited to choose a password", mentee.pk)
    return user
