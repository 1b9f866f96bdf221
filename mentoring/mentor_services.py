"""Mentor recruitment, screening, training and status: every change in one transaction,
emails enqueued after commit."""

from __future__ import annotations

import logging
import uuid
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, datetime
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import services as account_services
from accounts.models import Programme, User
from mentoring import tasks
from mentoring.dates import add_months
from mentoring.models import (
    DisclosureCheck,
    Mentor,
    MentorStatusChange,
    TrainingModule,
    TrainingRecord,
)

logger = logging.getLogger(__name__)


def expiry_for(*, module: TrainingModule, completed_on: date) -> date | None:
    """The day after which a completion no longer counts; None if it never expires."""
    if module.validity_months is None:
        return None
    return add_months(completed_on, module.validity_months)


# --- Applying ---------------------------------------------------------------------------------


@transaction.atomic
def apply(*, programme: Programme, fields: dict[str, Any], now: datetime) -> Mentor:
    """A volunteer's application from the public page."""
    mentor = Mentor.objects.create(
        **fields,
        programme=programme,
        capacity=programme.default_mentor_capacity,
        status=Mentor.Status.APPLIED,
        applied_at=now,
        status_changed_at=now,
    )
    MentorStatusChange.objects.create(mentor=mentor, to_status=mentor.status, at=now)
    tasks.confirm_mentor_application.delay_on_commit(mentor.pk)  # type: ignore[attr-defined]
    logger.info("mentor application %s received", mentor.pk)
    return mentor


def send_application_confirmation(*, mentor_id: int, now: datetime) -> bool:
    mentor = Mentor.objects.select_related("programme").get(pk=mentor_id)
    return account_services.send_email(
        key=account_services.email_key("mentor-applied", mentor.pk),
        subject="Thank you for offering to be a peer mentor",
        body=render_to_string("mentoring/email/mentor_applied.txt", {"mentor": mentor}),
        to=[mentor.email],
        now=now,
    )


# --- Status -----------------------------------------------------------------------------------


def activation_problems(*, mentor: Mentor, today: date) -> list[str]:
    """Why a mentor cannot be made active today, in plain words; empty when they can."""
    problems = []
    records = TrainingRecord.objects.filter(mentor=mentor).select_related("module")
    best: dict[int, TrainingRecord] = {}
    for record in records:
        if record.passed and (record.expires_on is None or record.expires_on >= today):
            best[record.module_id] = record
    latest: dict[int, TrainingRecord] = {}
    for record in records:
        latest.setdefault(record.module_id, record)
    required = TrainingModule.objects.filter(
        programme=mentor.programme_id, required=True, is_active=True
    )
    for module in required:
        if module.pk in best:
            continue
        last = latest.get(module.pk)
        if last is None:
            problems.append(f"Training not done: {module.name}.")
        elif not last.passed:
            problems.append(
                f"Quiz not passed: {module.name} (scored {last.quiz_score or 0}%, "
                f"pass mark {module.pass_mark}%)."
            )
        else:
            problems.append(
                f"Training out of date: {module.name} (expired {last.expires_on:%-d %B %Y})."
            )
    if not DisclosureCheck.objects.in_date(today=today).filter(mentor=mentor).exists():
        problems.append("No disclosure check (PVG, DBS or AccessNI) that is clear and in date.")
    return problems


@transaction.atomic
def change_status(
    *, mentor: Mentor, to_status: str, by: User, reason: str, now: datetime, today: date
) -> Mentor:
    mentor = Mentor.objects.select_for_update().get(pk=mentor.pk)
    if to_status not in mentor.next_statuses():
        raise ValidationError(
            f"A mentor who is {mentor.get_status_display().lower()} cannot become "
            f"{Mentor.Status(to_status).label.lower()}."
        )
    if to_status == Mentor.Status.ACTIVE:
        problems = activation_problems(mentor=mentor, today=today)
        if problems:
            raise ValidationError(["This mentor cannot be made active yet:", *problems])
    from_status = mentor.status
    mentor.status = to_status
    mentor.status_changed_at = now
    mentor.save(update_fields=["status", "status_changed_at", "updated_at"])
    MentorStatusChange.objects.create(
        mentor=mentor, from_status=from_status, to_status=to_status, by=by, at=now, reason=reason
    )
    if to_status == Mentor.Status.IN_TRAINING:
        invite(mentor=mentor, by=by)
    return mentor


@transaction.atomic
def invite(*, mentor: Mentor, by: User) -> User:
    """Give an accepted applicant an account and email them a one-time link to choose a
    password. Calling it again sends a fresh link (the old one stops working once used)."""
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
    # The key is fixed now, so a retried or repeated task sends this invitation only once.
    tasks.send_mentor_invitation.delay_on_commit(mentor.pk, str(uuid.uuid4()))  # type: ignore[attr-defined]
    return user


def invitation_link(user: User) -> str:
    """allauth's password-reset link: it works once, and for PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return account_services.absolute_url(path)


def send_invitation(*, mentor_id: int, invitation_key: str, now: datetime) -> bool:
    mentor = Mentor.objects.select_related("user", "programme").get(pk=mentor_id)
    if mentor.user is None or mentor.user.has_usable_password():
        return False  # already signed up: nothing to invite to
    body = render_to_string(
        "mentoring/email/mentor_invitation.txt",
        {"mentor": mentor, "link": invitation_link(mentor.user)},
    )
    return account_services.send_email(
        key=account_services.email_key("mentor-invite", mentor.pk, invitation_key),
        subject="Your peer mentor account: choose a password",
        body=body,
        to=[mentor.user.email],
        now=now,
    )


# --- Training ---------------------------------------------------------------------------------


@transaction.atomic
def record_training(
    *,
    mentors: Iterable[Mentor],
    module: TrainingModule,
    completed_on: date,
    delivered_by: str,
    method: str,
    scores: dict[int, int | None],
    notes: str,
    by: User,
    now: datetime,
) -> list[TrainingRecord]:
    """One training session, recorded for every mentor who attended."""
    expires_on = expiry_for(module=module, completed_on=completed_on)
    return TrainingRecord.objects.bulk_create(
        TrainingRecord(
            mentor=mentor,
            module=module,
            completed_on=completed_on,
            delivered_by=delivered_by,
            method=method,
            quiz_score=scores.get(mentor.pk),
            notes=notes,
            expires_on=expires_on,
            recorded_by=by,
            recorded_at=now,
        )
        for mentor in mentors
    )


@transaction.atomic
def save_module(*, module: TrainingModule) -> TrainingModule:
    """Save a module; when its validity changed, every record's expiry follows."""
    module.save()
    by_date: dict[date, list[int]] = defaultdict(list)
    for pk, completed_on in module.records.values_list("pk", "completed_on"):
        by_date[completed_on].append(pk)
    for completed_on, pks in by_date.items():
        TrainingRecord.objects.filter(pk__in=pks).update(
            expires_on=expiry_for(module=module, completed_on=completed_on)
        )
    return module


# --- Training status, for the matrix and "My training" -----------------------------------------


COMPLETE, EXPIRING, EXPIRED, NOT_PASSED, MISSING = (
    "complete",
    "expiring",
    "expired",
    "not_passed",
    "missing",
)


def training_status(
    *, module: TrainingModule, records: list[TrainingRecord], today: date, warning_days: int
) -> tuple[str, str]:
    """A mentor's standing on one module, as a code and in words (never colour alone).
    `records` are that mentor's records of that module, in any order."""
    passed = [r for r in records if r.passed]
    if not passed:
        if records:
            return NOT_PASSED, "Quiz not passed"
        return MISSING, "Not done"
    never_expires = [r for r in passed if r.expires_on is None]
    if never_expires:
        return COMPLETE, "Complete"
    latest = max(passed, key=lambda r: r.expires_on or date.max)
    assert latest.expires_on is not None
    if latest.expires_on < today:
        return EXPIRED, f"Expired {latest.expires_on:%-d %b %Y}"
    if (latest.expires_on - today).days <= warning_days:
        return EXPIRING, f"Expires {latest.expires_on:%-d %b %Y}"
    return COMPLETE, f"Complete, until {latest.expires_on:%-d %b %Y}"
