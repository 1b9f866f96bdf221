from django.urls import path

from mentoring import mentor_views, views

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
    path("volunteer/", mentor_views.volunteer_apply, name="volunteer_apply"),
    path("volunteer/thanks/", mentor_views.volunteer_thanks, name="volunteer_thanks"),
    path("mentors/", mentor_views.mentor_list, name="mentor_list"),
    path("mentors/<int:pk>/", mentor_views.mentor_detail, name="mentor_detail"),
    path("mentors/<int:pk>/status/", mentor_views.mentor_status, name="mentor_status"),
    path("mentors/<int:pk>/invite/", mentor_views.mentor_invite, name="mentor_invite"),
    path("mentors/<int:pk>/interviews/new/", mentor_views.interview_new, name="interview_new"),
    path("mentors/<int:pk>/references/new/", mentor_views.reference_new, name="reference_new"),
    path("mentors/references/<int:pk>/", mentor_views.reference_edit, name="reference_edit"),
    path("mentors/<int:pk>/checks/new/", mentor_views.check_new, name="check_new"),
    path("training/modules/", mentor_views.module_list, name="module_list"),
    path("training/modules/new/", mentor_views.module_edit, name="module_new"),
    path("training/modules/<int:pk>/", mentor_views.module_edit, name="module_edit"),
    path("training/sessions/new/", mentor_views.training_session_new, name="training_session_new"),
    path("training/matrix/", mentor_views.training_matrix, name="training_matrix"),
    path("me/profile/", mentor_views.my_profile, name="my_profile"),
    path("me/training/", mentor_views.my_training, name="my_training"),
]
