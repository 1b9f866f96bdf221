"""Referral lifecycle: create, submit, move on, close, withdraw; and who is told.

Every change is one transaction that also writes a ReferralEvent, and emails are
enqueued only once that transaction has committed.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Programme, User
from mentoring import tasks
from mentoring.dates import age_on
from mentoring.models import Referral, ReferralEvent

logger = logging.getLogger(__name__)


# --- Eligibility --------------------------------------------------------------------------


def eligibility_problems(
    *,
    programme: Programme,
    date_of_birth: date | None,
    pain_duration_weeks: int | None,
    discharge_date: date | None,
    consent_to_contact: bool,
    today: date,
) -> list[str]:
    """Plain reasons why a patient falls outside the programme's rules; empty when none."""
    problems = []
    if date_of_birth is not None:
        age = age_on(date_of_birth, today)
        if age < programme.eligibility_min_age:
            problems.append(
                f"Aged {age}: the programme takes people aged "
                f"{programme.eligibility_min_age} or over."
            )
    if (
        pain_duration_weeks is not None
        and pain_duration_weeks < programme.eligibility_min_pain_weeks
    ):
        problems.append(
            f"Back pain for {pain_duration_weeks} weeks: the programme takes people who have "
            f"had back pain for {programme.eligibility_min_pain_weeks} weeks or more."
        )
    if discharge_date is not None and discharge_date > today:
        problems.append(
            f"Not discharged yet (discharge date {discharge_date:%-d %B %Y}): the programme "
            "takes people once they are discharged from physiotherapy."
        )
    if not consent_to_contact:
        problems.append("The patient has not agreed to be contacted by the programme.")
    return problems


# --- Creating and submitting --------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    referral: Referral
    created: bool


def _record(
    referral: Referral, *, from_status: str, by: User, now: datetime, note: str = ""
) -> None:
    ReferralEvent.objects.create(
        referral=referral,
        from_status=from_status,
        to_status=referral.status,
        by=by,
        at=now,
        note=note,
    )


def _submit(referral: Referral, *, by: User, now: datetime) -> None:
    from_status = referral.status
    referral.status = Referral.Status.SUBMITTED
    referral.submitted_at = now
    referral.status_changed_at = now
    referral.save()
    _record(referral, from_status=from_status, by=by, now=now)
    tasks.notify_new_referral.delay_on_commit(referral.pk)  # type: ignore[attr-defined]


def create_referral(
    *,
    by: User,
    programme: Programme,
    fields: dict[str, Any],
    submission_key: uuid.UUID,
    submit: bool,
    source: str = Referral.Source.ONLINE,
    now: datetime,
) -> SaveResult:
    """Create a referral once per submission key: a second post of the same form (a
    double click, a resent request) returns the first referral instead of a copy."""
    existing = Referral.objects.filter(submission_key=submission_key).first()
    if existing is not None:
        return SaveResult(existing, created=False)
    try:
        with transaction.atomic():
            referral = Referral(
                **fields,
                programme=programme,
                referred_by=by,
                source=source,
                submission_key=submission_key,
                status=Referral.Status.DRAFT,
                status_changed_at=now,
            )
            referral.save()
            _record(referral, from_status="", by=by, now=now)
            if submit:
                _submit(referral, by=by, now=now)
    except IntegrityError:
        existing = Referral.objects.filter(submission_key=submission_key).first()
        if existing is None:
            raise
        return SaveResult(existing, created=False)
    logger.info("referral %s created (submitted=%s)", referral.reference, submit)
    return SaveResult(referral, created=True)


@transaction.atomic
def update_draft(
    *, referral: Referral, by: User, fields: dict[str, Any], submit: bool, now: datetime
) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if referral.status != Referral.Status.DRAFT:
        raise ValidationError(
            "This referral has already been sent, so it can no longer be changed."
        )
    for name, value in fields.items():
        setattr(referral, name, value)
    referral.save()
    if submit:
        _submit(referral, by=by, now=now)
    return referral


# --- Moving on, closing, withdrawing ------------------------------------------------------


@transaction.atomic
def advance(
    *, referral: Referral, to_status: str, by: User, now: datetime, note: str = ""
) -> Referral:
    """Move a referral one step along: contacted, consented, awaiting match, matched."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if to_status not in referral.next_statuses():
        raise ValidationError(
            f"A referral that is {referral.get_status_display().lower()} cannot be moved to "
            f"{Referral.Status(to_status).label.lower()}."
        )
    from_status = referral.status
    referral.status = to_status
    referral.status_changed_at = now
    if to_status == Referral.Status.CONTACTED and referral.contacted_at is None:
        referral.contacted_at = now
    if referral.handled_by_id is None:
        referral.handled_by = by
    referral.save()
    _record(referral, from_status=from_status, by=by, now=now, note=note)
    if to_status == Referral.Status.MATCHED:
        tasks.notify_referral_outcome.delay_on_commit(referral.pk, to_status)  # type: ignore[attr-defined]
    return referral


@transaction.atomic
def close(*, referral: Referral, reason: str, by: User, now: datetime, note: str = "") -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.can_close():
        raise ValidationError("This referral has already ended.")
    from_status = referral.status
    referral.status = Referral.Status.CLOSED
    referral.close_reason = reason
    referral.close_note = note
    referral.status_changed_at = now
    if referral.handled_by_id is None and by != referral.referred_by:
        referral.handled_by = by
    referral.save()
    _record(referral, from_status=from_status, by=by, now=now, note=note)
    if by != referral.referred_by and from_status != Referral.Status.DRAFT:
        tasks.notify_referral_outcome.delay_on_commit(referral.pk, Referral.Status.CLOSED)  # type: ignore[attr-defined]
    return referral


def withdraw(*, referral: Referral, by: User, note: str, now: datetime) -> Referral:
    """The referrer takes their referral back, saying why."""
    return close(
        referral=referral, reason=Referral.CloseReason.WITHDRAWN, by=by, note=note, now=now
    )


# --- Notifications (called by tasks) --------------------------------------------------------


def notify_new_referral(*, referral_id: int, now: datetime) -> int:
    """Email each coordinator of the programme: a reference and a link, no clinical detail."""
    referral = Referral.objects.select_related("programme").get(pk=referral_id)
    coordinators = User.objects.filter(
        role=User.Role.COORDINATOR, is_active=True, memberships__programme=referral.programme
    ).distinct()
    sent = 0
    for coordinator in coordinators:
        body = render_to_string(
            "mentoring/email/new_referral.txt",
            {
                "referral": referral,
                "recipient": coordinator,
                "link": account_services.absolute_url(referral.get_absolute_url()),
            },
        )
        sent += account_services.send_email(
            key=account_services.email_key("referral-new", referral.pk, coordinator.pk),
            subject=f"New referral waiting: {referral.reference}",
            body=body,
            to=[coordinator.email],
            now=now,
        )
    return sent


def notify_referral_outcome(*, referral_id: int, status: str, now: datetime) -> bool:
    """Tell the referring physiotherapist that their referral was matched or closed."""
    referral = Referral.objects.select_related("referred_by").get(pk=referral_id)
    referrer = referral.referred_by
    if not referrer.is_active or not referrer.is_physiotherapist:
        return False
    body = render_to_string(
        "mentoring/email/referral_outcome.txt",
        {
            "referral": referral,
            "status": Referral.Status(status),
            "recipient": referrer,
            "link": account_services.absolute_url(
                reverse("mentoring:referral_detail", args=[referral.pk])
            ),
        },
    )
    return account_services.send_email(
        key=account_services.email_key("referral-outcome", referral.pk, status),
        subject=f"Referral {referral.reference}: {Referral.Status(status).label.lower()}",
        body=body,
        to=[referrer.email],
        now=now,
    )
