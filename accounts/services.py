"""Changes to accounts and memberships."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import datetime

from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import Membership, Programme, User

logger = logging.getLogger(__name__)


@transaction.atomic
def add_to_programme(*, user: User, programme: Programme) -> Membership:
    """Add `user` to `programme`. Mentors and mentees may belong to one programme only."""
    membership = Membership(user=user, programme=programme)
    membership.clean()
    membership, _ = Membership.objects.get_or_create(user=user, programme=programme)
    return membership


@transaction.atomic
def create_account(
    *,
    email: str,
    first_name: str,
    last_name: str,
    role: str,
    programmes: Iterable[Programme],
    password: str | None = None,
) -> User:
    """Create a person's account and their programme memberships, all or nothing.

    Without a password the account cannot sign in until the person sets one through a
    password reset (or, later, an invitation) link.
    """
    programmes = list(programmes)
    if not programmes:
        raise ValidationError("Everyone except administrators belongs to a programme.")
    if role in User.SINGLE_PROGRAMME_ROLES and len(programmes) > 1:
        raise ValidationError("A mentor or mentee belongs to one programme only.")
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name, role=role
    )
    for programme in programmes:
        add_to_programme(user=user, programme=programme)
    return user


def clear_expired_sessions(*, now: datetime) -> int:
    """Remove expired sign-in sessions. Safe to repeat."""
    sessions, _ = Session.objects.filter(expire_date__lt=now).delete()
    return sessions
