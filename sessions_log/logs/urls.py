from django.urls import path

from sessions_log.logs import plan_views, views

app_name = "logs"

urlpatterns = [
    path("log/", views.choose, name="choose"),
    path("relationships/<int:pk>/log/", views.new, name="new"),
    path("relationships/<int:pk>/story/", views.story, name="story"),
    path("logs/<int:pk>/", views.detail, name="detail"),
    path("logs/<int:pk>/correct/", views.correct, name="correct"),
    path("concerns/", views.concerns, name="concerns"),
    path("concerns/<int:pk>/", views.concern, name="concern"),
    path("concerns/<int:pk>/take/", views.take, name="take"),
    path("concerns/<int:pk>/close/", views.close, name="close"),
    path("session-plan/", plan_views.plan, name="plan"),
    path("session-plan/suggested/", plan_views.use_suggested, name="plan_suggested"),
    path("session-plan/add/", plan_views.add_step, name="plan_add"),
    path("session-plan/<int:pk>/", plan_views.edit_step, name="plan_step"),
    path("session-plan/<int:pk>/remove/", plan_views.remove_step, name="plan_remove"),
]
