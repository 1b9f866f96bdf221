from django.urls import path

from notifications import views

app_name = "notifications"

urlpatterns = [
    path("messages/problems/", views.delivery_problems, name="problems"),
    path("messages/<int:pk>/send-again/", views.delivery_send_again, name="send_again"),
]
