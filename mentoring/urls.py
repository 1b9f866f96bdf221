from django.urls import path

from mentoring import views

app_name = "mentoring"

urlpatterns = [
    path("referrals/new/", views.referral_new, name="referral_new"),
    path("referrals/mine/", views.my_referrals, name="my_referrals"),
    path("referrals/inbox/", views.referral_inbox, name="referral_inbox"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/edit/", views.referral_edit, name="referral_edit"),
    path("referrals/<int:pk>/advance/", views.referral_advance, name="referral_advance"),
    path("referrals/<int:pk>/close/", views.referral_close, name="referral_close"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="referral_withdraw"),
]
