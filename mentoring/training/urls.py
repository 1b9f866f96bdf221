from django.urls import path

from mentoring.training import views

app_name = "training"

urlpatterns = [
    path("training/modules/", views.module_list, name="module_list"),
    path("training/modules/new/", views.module_edit, name="module_new"),
    path("training/modules/<int:pk>/", views.module_edit, name="module_edit"),
    path("training/sessions/new/", views.training_session_new, name="training_session_new"),
    path("training/matrix/", views.training_matrix, name="training_matrix"),
    path("me/training/", views.my_training, name="my_training"),
]
