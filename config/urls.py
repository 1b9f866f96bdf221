from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path

from accounts import views as accounts_views

# The admin signs in through the same page as everyone else (and so, later, through
# the same two-factor and lockout rules).
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Back pain peer mentoring: administration"
admin.site.site_title = "Peer mentoring admin"

urlpatterns = [
    path("admin/", admin.site.urls),
    # Before allauth's own: sign-in email addresses are changed by coordinators only.
    path("accounts/email/", accounts_views.email_addresses, name="account_email"),
    path("accounts/", include("allauth.urls")),
    path("", include("mentoring.referrals.urls")),
    path("", include("mentoring.recruitment.urls")),
    path("", include("mentoring.training.urls")),
    path("", include("notifications.urls")),
    path("", include("dashboard.urls")),
]
