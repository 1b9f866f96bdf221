from django.urls import path

from mentoring.referrals import views

app_name = "referrals"

urlpatterns = [
    path("referrals/new/", views.referral_new, name="new"),
    path("referrals/mine/", views.my_referrals, name="mine"),
    path("referrals/inbox/", views.referral_inbox, name="inbox"),
    path("referrals/<int:pk>/", views.referral_detail, name="detail"),
    path("referrals/<int:pk>/edit/", views.referral_edit, name="edit"),
    path("referrals/<int:pk>/advance/", views.referral_advance, name="advance"),
    path("referrals/<int:pk>/close/", views.referral_close, name="close"),
    path("referrals/<int:pk>/withdraw/", views.referral_withdraw, name="withdraw"),
]
