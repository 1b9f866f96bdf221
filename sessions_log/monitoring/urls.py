from django.urls import path

from sessions_log.monitoring import views

app_name = "monitoring"

urlpatterns = [
    path("monitoring/", views.flags, name="flags"),
    path("monitoring/flags/<int:pk>/", views.flag, name="flag"),
    path("monitoring/flags/<int:pk>/seen/", views.acknowledge, name="acknowledge"),
    path("monitoring/flags/<int:pk>/resolve/", views.resolve, name="resolve"),
    path(
        "relationships/<int:pk>/feedback/",
        views.relationship_feedback,
        name="relationship_feedback",
    ),
    path("feedback/<str:token>/", views.answer, name="feedback"),
]
