"""allauth's emails leave like every other message: recorded as a delivery, written and
sent by a worker. The reset link is made in the worker, so no key sits in the broker."""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.adapter import AccountAdapter
from accounts.models import User
from notifications import kinds, services
from notifications.models import Delivery

logger = logging.getLogger(__name__)

PASSWORD_RESET = "password_reset"
UNKNOWN_ACCOUNT = "unknown_account"


class DeliveryAccountAdapter(AccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        now = timezone.now()
        user = context.get("user")
        if template_prefix == "account/email/password_reset_key" and isinstance(user, User):
            services.record(
                kind=PASSWORD_RESET,
                recipient=user,
                recipient_key=services.user_key(user),
                programme=user.programmes.first(),
                subject_key="password",
                due_on=timezone.localdate(now),
                now=now,
                send_again=True,  # they asked again: the first may not have arrived
            )
        elif template_prefix == "account/email/unknown_account":
            services.record(
                kind=UNKNOWN_ACCOUNT,
                recipient_key=services.address_key(email),
                address=email,
                subject_key="password",
                due_on=timezone.localdate(now),
                now=now,
            )
        else:  # no other allauth email is switched on here (no sign-up, no verification)
            logger.warning("allauth email %s is not sent by this app", template_prefix)


def password_reset_link(user: User) -> str:
    """allauth's reset link: it works once, and for PASSWORD_RESET_TIMEOUT."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return services.absolute_url(path)


@kinds.register(PASSWORD_RESET, "Link to choose a new password")
def password_reset(delivery: Delivery) -> kinds.Message | None:
    user = delivery.recipient
    if user is None or not user.is_active:
        return None
    body = render_to_string(
        "notifications/email/password_reset.txt",
        {"user": user, "link": password_reset_link(user)},
    )
    return kinds.Message(to=[user.email], subject="Choose a new password", body=body)


@kinds.register(UNKNOWN_ACCOUNT, "Password reset asked for an address with no account")
def unknown_account(delivery: Delivery) -> kinds.Message | None:
    if not delivery.address:
        return None
    body = render_to_string("notifications/email/unknown_account.txt", {})
    return kinds.Message(
        to=[delivery.address], subject="About your request to reset a password", body=body
    )
