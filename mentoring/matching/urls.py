from django.urls import path

from mentoring.matching import views

app_name = "matching"

urlpatterns = [
    path("matching/mentees/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path("matching/assignment/", views.assignment, name="assignment"),
]
