"""Mentor recruitment, screening and status: every change in one transaction, messages
recorded in it (sent after commit). A mentor's account works only while they are in
training or active (Mentor.SIGN_IN_STATUSES): status changes keep it so."""

from __future__ import annotations

import logging
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Programme, User
from core.lifecycle import record_start, transition
from mentoring.recruitment import messages
from mentoring.recruitment.models import (
    DisclosureCheck,
    Mentor,
    MentorStatusChange,
    RecruitmentSettings,
)
from mentoring.training.services import training_problems

logger = logging.getLogger(__name__)


# --- Applying ---------------------------------------------------------------------------------


@transaction.atomic
def apply(*, programme: Programme, fields: dict[str, Any], now: datetime) -> Mentor:
    """A volunteer's application from the public page."""
    mentor = Mentor.objects.create(
        **fields,
        programme=programme,
        capacity=RecruitmentSettings.for_programme(programme).default_mentor_capacity,
        status=Mentor.Status.APPLIED,
        applied_at=now,
        status_changed_at=now,
    )
    record_start(mentor, history=MentorStatusChange, by=None, now=now)
    messages.application_received(mentor=mentor, now=now)
    logger.info("mentor application %s received", mentor.pk)
    return mentor


# --- Status -----------------------------------------------------------------------------------


def activation_problems(*, mentor: Mentor, today: date) -> list[str]:
    """Why a mentor cannot be made active today, in plain words; empty when they can."""
    problems = training_problems(mentor=mentor, today=today)
    if not DisclosureCheck.objects.in_date(today=today).filter(mentor=mentor).exists():
        problems.append("No disclosure check (PVG, DBS or AccessNI) that is clear and in date.")
    return problems


def _locked(mentor: Mentor) -> Mentor:
    """The mentor's row, locked until the transaction ends. Their account is read after the
    lock, not joined to it: a join would keep showing "no account" to a caller that waited
    for the lock while another created one (PostgreSQL re-reads only the locked row)."""
    return Mentor.objects.select_for_update().get(pk=mentor.pk)


@transaction.atomic
def change_status(
    *, mentor: Mentor, to_status: str, by: User, reason: str, now: datetime, today: date
) -> Mentor:
    mentor = _locked(mentor)
    if to_status == Mentor.Status.ACTIVE and to_status in mentor.next_statuses():
        problems = activation_problems(mentor=mentor, today=today)
        if problems:
            raise ValidationError(["This mentor cannot be made active yet:", *problems])
    transition(mentor, to_status=to_status, history=MentorStatusChange, by=by, now=now, note=reason)
    _sync_sign_in(mentor)
    if to_status == Mentor.Status.IN_TRAINING:
        _invite(mentor=mentor, now=now)
    return mentor


def _sync_sign_in(mentor: Mentor) -> None:
    """Open or close the mentor's account to match their status."""
    user = mentor.user
    if user is not None and user.is_active != mentor.may_sign_in:
        user.is_active = mentor.may_sign_in
        user.save(update_fields=["is_active"])
        logger.info("mentor %s account %s", mentor.pk, "opened" if user.is_active else "closed")


@transaction.atomic
def invite(*, mentor: Mentor, by: User) -> User:
    """Email a mentor in training or active a one-time link to choose a password. Calling it
    again sends a fresh link (the old one stops working once used)."""
    return _invite(mentor=_locked(mentor), now=timezone.now(), send_again=True)


def _invite(*, mentor: Mentor, now: datetime, send_again: bool = False) -> User:
    """Give an accepted applicant an account (once: the caller holds the row lock) and
    record the invitation."""
    if not mentor.may_sign_in:
        raise ValidationError(
            "Only mentors in training or active can be invited to sign in. This person is "
            f"{mentor.get_status_display().lower()}."
        )
    user = mentor.user
    if user is None:
        if User.objects.filter(email__iexact=mentor.email).exists():
            raise ValidationError(
                "Someone already has an account with this email address. Ask an "
                "administrator to link it."
            )
        user = account_services.create_account(
            email=mentor.email,
            first_name=mentor.first_name,
            last_name=mentor.last_name,
            role=User.Role.MENTOR,
            programmes=[mentor.programme],
        )
        mentor.user = user
        mentor.save(update_fields=["user", "updated_at"])
    elif user.has_usable_password():
        raise ValidationError(
            "This mentor has already chosen a password. If they have forgotten it, they "
            "can use 'Forgotten your password?' on the sign-in page."
        )
    messages.invitation(mentor=mentor, user=user, now=now, send_again=send_again)
    return user
