"""Middleware of our own: how long a sign-in lasts; signed-in pages are not kept."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers

SIGNED_IN_AT = "signed_in_at"
LAST_SEEN_AT = "last_seen_at"
# The end of a sign-in is moved on at most once a minute, so most pages write nothing.
EXTEND_AFTER_SECONDS = 60


def record_sign_in_time(sender: Any, request: HttpRequest, user: Any, **kwargs: Any) -> None:
    """On `user_logged_in` (connected in accounts.apps): the absolute limit counts from here."""
    if request is not None and hasattr(request, "session"):
        request.session[SIGNED_IN_AT] = request.session[LAST_SEEN_AT] = time.time()


class SessionTimeoutMiddleware:
    """Ends a sign-in after SESSION_IDLE_TIMEOUT without a page, or SESSION_ABSOLUTE_TIMEOUT
    after signing in however busy.

    Idle: the session expires SESSION_COOKIE_AGE (the idle time) after it was last saved,
    and this saves it again when a page is opened more than a minute after the last save,
    which moves the end on (cheaper than SESSION_SAVE_EVERY_REQUEST, a write per page).
    Absolute: past the limit it signs the person out and says why; LoginRequiredMiddleware
    (whose check runs after every middleware's own) then sends them to the sign-in page.
    Goes after AuthenticationMiddleware and MessageMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            self.check(request, now=time.time())
        return self.get_response(request)

    def check(self, request: HttpRequest, *, now: float) -> None:
        session = request.session
        signed_in_at = session.get(SIGNED_IN_AT)
        if signed_in_at is None:  # signed in before this rule: count from now
            session[SIGNED_IN_AT] = session[LAST_SEEN_AT] = now
            return
        limit = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()
        if now - signed_in_at >= limit:
            logout(request)
            messages.info(
                request,
                f"You were signed out because you had been signed in for {_hours(limit)}. "
                "Please sign in again.",
            )
            return
        if now - session.get(LAST_SEEN_AT, signed_in_at) >= EXTEND_AFTER_SECONDS:
            session[LAST_SEEN_AT] = now


def _hours(seconds: float) -> str:
    hours = round(seconds / 3600)
    return "1 hour" if hours == 1 else f"{hours} hours"


class NoStoreWhenSignedInMiddleware:
    """Every response to a signed-in person says `Cache-Control: no-store, private`, so
    pages with health data are neither kept on the computer nor shown again with the
    Back button after signing out. Goes after AuthenticationMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            add_never_cache_headers(response)
        return response
