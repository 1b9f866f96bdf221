"""How django-allauth behaves here: no open sign-up, and email goes out through Celery."""

from __future__ import annotations

import uuid
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from accounts import tasks
from core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts come from a coordinator or an invitation, never from sign-up."""
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address sign-in limits count: the client's, behind our proxies too."""
        return client_ip(request) or super().get_client_ip(request)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Render now, send from a worker once the request's transaction has committed."""
        message = self.render_mail(template_prefix, email, context)
        html_body = next(
            (
                content
                for content, mimetype in getattr(message, "alternatives", [])
                if mimetype == "text/html"
            ),
            None,
        )
        tasks.send_email.delay_on_commit(  # type: ignore[attr-defined]
            key=str(uuid.uuid4()),
            subject=str(message.subject),
            body=str(message.body),
            to=list(message.to),
            from_email=message.from_email,
            html_body=str(html_body) if html_body else None,
        )
