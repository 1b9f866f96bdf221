"""Pages of our own that stand in for allauth's."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods


@require_http_methods(["GET", "HEAD", "POST"])
def email_addresses(request: HttpRequest) -> HttpResponse:
    """Instead of allauth's email management: nobody changes their own sign-in address
    (it would let whoever has the session take over the account), so this only says who
    does. A form sent to it, from an old page or by hand, changes nothing."""
    return render(request, "account/email_changed_by_coordinator.html")
