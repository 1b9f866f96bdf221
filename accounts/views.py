"""Pages of our own that stand in for allauth's."""

import time

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_POST

from core.middleware import LAST_SEEN_AT


@require_http_methods(["GET", "HEAD", "POST"])
def email_addresses(request: HttpRequest) -> HttpResponse:
    """Instead of allauth's email management: nobody changes their own sign-in address
    (it would let whoever has the session take over the account), so this only says who
    does. A form sent to it, from an old page or by hand, changes nothing."""
    return render(request, "account/email_changed_by_coordinator.html")


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """ "Stay signed in" in the timeout warning: the sign-in's idle time starts again now.
    Someone no longer signed in is sent to the sign-in page (LoginRequiredMiddleware), and
    past the absolute limit SessionTimeoutMiddleware has already signed them out."""
    request.session[LAST_SEEN_AT] = time.time()  # saving the session moves its end on
    return HttpResponse(status=204)
