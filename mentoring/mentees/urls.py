from django.urls import path

from mentoring.mentees import views

app_name = "mentees"

urlpatterns = [
    path("mentees/waiting/", views.waiting_list, name="waiting"),
    path("mentees/<int:pk>/", views.mentee_detail, name="detail"),
    path("mentees/<int:pk>/edit/", views.mentee_edit, name="edit"),
    path("mentees/<int:pk>/invite/", views.mentee_invite, name="invite"),
    # pk: the consented referral the mentee is registered from
    path("referrals/<int:pk>/register/", views.register, name="register"),
]
