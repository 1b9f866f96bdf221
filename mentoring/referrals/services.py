"""Referral lifecycle: create, submit, move on, close, withdraw; and who is told.

Every change is one transaction that also writes a ReferralEvent (core.lifecycle) and
records the messages it decides (notifications), which go out after it commits.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import Programme, Site, User
from core.lifecycle import record_start, transition
from mentoring.referrals import messages
from mentoring.referrals.models import Referral, ReferralEvent

logger = logging.getLogger(__name__)


# --- Creating and submitting --------------------------------------------------------------


@dataclass(frozen=True)
class SaveResult:
    referral: Referral
    created: bool


def _check_site(*, programme: Programme, site: Site | None) -> None:
    """A referral's site must belong to the referral's programme."""
    if site is not None and site.programme_id != programme.pk:
        raise ValidationError({"site": "Choose a site of the programme you are referring to."})


def _submit(referral: Referral, *, by: User, now: datetime) -> None:
    referral.submitted_at = now
    transition(
        referral,
        to_status=Referral.Status.SUBMITTED,
        history=ReferralEvent,
        by=by,
        now=now,
        also_save=["submitted_at"],
    )
    messages.new_referral(referral=referral, now=now)


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
    _check_site(programme=programme, site=fields.get("site"))
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
            record_start(referral, history=ReferralEvent, by=by, now=now)
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
    _check_site(programme=referral.programme, site=referral.site)
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
    if to_status not in referral.next_steps():
        raise ValidationError(
            f"A referral that is {referral.get_status_display().lower()} cannot be moved to "
            f"{referral.status_label(to_status).lower()}."
        )
    also_save = []
    if to_status == Referral.Status.CONTACTED and referral.contacted_at is None:
        referral.contacted_at = now
        also_save.append("contacted_at")
    if referral.handled_by_id is None:
        referral.handled_by = by
        also_save.append("handled_by")
    transition(
        referral,
        to_status=to_status,
        history=ReferralEvent,
        by=by,
        now=now,
        note=note,
        also_save=also_save,
    )
    if to_status == Referral.Status.MATCHED:
        messages.referral_outcome(referral=referral, status=to_status, now=now)
    return referral


@transaction.atomic
def close(*, referral: Referral, reason: str, by: User, now: datetime, note: str = "") -> Referral:
    """Close a referral with a reason; a draft closes without ever having been sent."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    if not referral.can_close():
        raise ValidationError("This referral has already ended.")
    from_status = referral.status
    referral.close_reason = reason
    referral.close_note = note
    also_save = ["close_reason", "close_note"]
    if referral.handled_by_id is None and by != referral.referred_by:
        referral.handled_by = by
        also_save.append("handled_by")
    transition(
        referral,
        to_status=Referral.Status.CLOSED,
        history=ReferralEvent,
        by=by,
        now=now,
        note=note,
        also_save=also_save,
    )
    if by != referral.referred_by and from_status != Referral.Status.DRAFT:
        messages.referral_outcome(referral=referral, status=Referral.Status.CLOSED, now=now)
    return referral


def withdraw(*, referral: Referral, by: User, note: str, now: datetime) -> Referral:
    """The referrer takes their referral back, saying why."""
    return close(
        referral=referral, reason=Referral.CloseReason.WITHDRAWN, by=by, note=note, now=now
    )
