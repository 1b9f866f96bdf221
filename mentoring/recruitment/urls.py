from django.urls import path

from mentoring.recruitment import views

app_name = "recruitment"

urlpatterns = [
    path("volunteer/", views.volunteer_apply, name="volunteer_apply"),
    path("volunteer/thanks/", views.volunteer_thanks, name="volunteer_thanks"),
    path("mentors/", views.mentor_list, name="mentor_list"),
    path("mentors/<int:pk>/", views.mentor_detail, name="mentor_detail"),
    path("mentors/<int:pk>/status/", views.mentor_status, name="mentor_status"),
    path("mentors/<int:pk>/invite/", views.mentor_invite, name="mentor_invite"),
    path("mentors/<int:pk>/interviews/new/", views.interview_new, name="interview_new"),
    path("mentors/<int:pk>/references/new/", views.reference_new, name="reference_new"),
    path("mentors/references/<int:pk>/", views.reference_edit, name="reference_edit"),
    path("mentors/<int:pk>/checks/new/", views.check_new, name="check_new"),
    path("me/profile/", views.my_profile, name="my_profile"),
]
