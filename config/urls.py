from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import include, path

from accounts import views as accounts_views


@login_required
def admin_sign_in(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
    """The admin signs in through the same page as everyone else (and so through the same
    lockout and, later, two-factor rules). Its own password form is never shown: to someone
    signed in without admin rights it would offer to sign in again as another account,
    with no lockout after wrong passwords."""
    if not admin.site.has_permission(request):
        raise PermissionDenied
    return redirect("admin:index")


admin.site.login = admin_sign_in  # type: ignore[method-assign]
admin.site.site_header = "Back pain peer mentoring: administration"
admin.site.site_title = "Peer mentoring admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before allauth's own: sign-in email addresses are changed by coordinators only.
    path("accounts/email/", accounts_views.email_addresses, name="account_email"),
    path("accounts/keep-alive/", accounts_views.keep_alive, name="account_keep_alive"),
    path("accounts/", include("allauth.urls")),
    path("", include("mentoring.referrals.urls")),
    path("", include("mentoring.recruitment.urls")),
    path("", include("mentoring.training.urls")),
    path("", include("mentoring.mentees.urls")),
    path("", include("mentoring.matching.urls")),
    path("", include("sessions_log.logs.urls")),
    path("", include("sessions_log.monitoring.urls")),
    path("", include("sessions_log.reminders.urls")),
    path("", include("notifications.urls")),
    path("", include("dashboard.urls")),
]

if settings.BENCH_BASELINES:  # the benchmark's floor and admin changelists (bench/README.md)
    from demo import baselines

    urlpatterns += baselines.urlpatterns
