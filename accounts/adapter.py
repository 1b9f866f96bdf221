"""How django-allauth behaves here: no open sign-up.

Its emails leave through `notifications.allauth.DeliveryAccountAdapter`, which extends this
one (settings.ACCOUNT_ADAPTER), so they are recorded and sent like every other message.
"""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest

from core.http import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        """Accounts come from a coordinator or an invitation, never from sign-up."""
        return False

    def get_client_ip(self, request: HttpRequest) -> str:
        """The address sign-in limits count: the client's, behind our proxies too."""
        return client_ip(request) or super().get_client_ip(request)
