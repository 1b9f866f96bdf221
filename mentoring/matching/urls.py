from django.urls import path

from mentoring.matching import suggestion_views, views

app_name = "matching"

# --- Suggestions and the cohort assignment (mentoring/matching/suggestion_views.py) ----------
urlpatterns = [
    path(
        "matching/mentees/<int:pk>/suggestions/", suggestion_views.suggestions, name="suggestions"
    ),
    path("matching/assignment/", suggestion_views.assignment, name="assignment"),
]

# --- Relationships after the proposal (mentoring/matching/views.py) -------------------------
urlpatterns += [
    path("relationships/", views.relationship_list, name="relationships"),
    path("relationships/<int:pk>/", views.relationship_detail, name="relationship"),
    path("relationships/<int:pk>/agree/", views.relationship_agree, name="agree"),
    path("relationships/<int:pk>/start/", views.relationship_start, name="start"),
    path("relationships/<int:pk>/plan/", views.relationship_plan, name="plan"),
    path("relationships/<int:pk>/pause/", views.relationship_pause, name="pause"),
    path("relationships/<int:pk>/resume/", views.relationship_resume, name="resume"),
    path("relationships/<int:pk>/complete/", views.relationship_complete, name="complete"),
    path("relationships/<int:pk>/end-early/", views.relationship_end_early, name="end_early"),
    path(
        "relationships/<int:pk>/did-not-go-ahead/",
        views.relationship_not_started,
        name="not_started",
    ),
    path("relationships/<int:pk>/letter/", views.relationship_letter, name="letter"),
    path("my-mentees/", views.my_mentees, name="my_mentees"),
    path("my-mentoring/", views.my_mentoring, name="my_mentoring"),
]
