from django.urls import path

from sessions_log.reminders import views

app_name = "reminders"

urlpatterns = [
    path("me/reminders/", views.my_reminders, name="mine"),
    path("me/summary-email/", views.my_summary_email, name="summary_email"),
    path("mentees/<int:pk>/reminders/", views.mentee_reminders, name="mentee"),
    path("reminders/calls/", views.call_list, name="calls"),
    path("reminders/calls/<int:pk>/made/", views.call_made, name="call_made"),
    path("reminders/letters/", views.letters, name="letters"),
]
