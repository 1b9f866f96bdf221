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
# Says only "this browser was signed in" (no name, no session key): kept while signed in
# and removed on signing out, so a request without a sign-in that still carries it means
# the sign-in ran out, and the sign-in page can say why.
WAS_SIGNED_IN_COOKIE = "was_signed_in"


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
        had_cookie = bool(request.COOKIES.get(WAS_SIGNED_IN_COOKIE))
        if request.user.is_authenticated:
            self.check(request, now=time.time())
        elif had_cookie:  # the session ended without "Sign out": it was idle too long
            idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
            messages.info(
                request,
                f"You were signed out because you had not done anything for {_minutes(idle)}. "
                "Sign in again to carry on.",
            )
        response = self.get_response(request)
        # After the sign-in view request.user is the person; after signing out, anonymous.
        if request.user.is_authenticated and not had_cookie:
            browser_session = request.session.get_expire_at_browser_close()
            response.set_cookie(
                WAS_SIGNED_IN_COOKIE,
                "1",
                max_age=None
                if browser_session
                else int(settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds()),
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif had_cookie and not request.user.is_authenticated:
            response.delete_cookie(WAS_SIGNED_IN_COOKIE, samesite="Lax")
        return response

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


def seconds_left(request: HttpRequest, *, now: float | None = None) -> dict[str, int]:
    """For the timeout warning: seconds until the sign-in ends if nothing more is opened
    (`idle_left`), and until it ends however busy (`absolute_left`)."""
    now = time.time() if now is None else now
    session = request.session
    signed_in_at = session.get(SIGNED_IN_AT, now)
    last_seen_at = session.get(LAST_SEEN_AT, signed_in_at)
    idle = settings.SESSION_IDLE_TIMEOUT.total_seconds()
    absolute_left = settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() - (now - signed_in_at)
    return {
        "idle": int(idle),
        "idle_left": max(0, int(min(idle - (now - last_seen_at), absolute_left))),
        "absolute_left": max(0, int(absolute_left)),
    }


def _minutes(seconds: float) -> str:
    minutes = round(seconds / 60)
    return "1 minute" if minutes == 1 else f"{minutes} minutes"


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
