from django.urls import path

from fireside.surveys import builder_views, goal_views, views

app_name = "surveys"
urlpatterns = [
    path("programs/<int:program_id>/", views.program_surveys, name="program"),
    path("programs/<int:program_id>/new/", builder_views.program_new, name="program_new"),
    path("programs/<int:program_id>/confidence/", views.confidence_check, name="confidence"),
    path(
        "programs/<int:program_id>/confidence/results/",
        views.confidence_results,
        name="confidence_results",
    ),
    path("communities/<int:community_id>/", views.community_surveys, name="community"),
    path("communities/<int:community_id>/new/", builder_views.community_new, name="community_new"),
    path("<int:survey_id>/", views.answer, name="answer"),
    path("<int:survey_id>/results/", views.results, name="results"),
    path("<int:survey_id>/close/", views.close, name="close"),
    path("<int:survey_id>/duplicate/", builder_views.duplicate, name="duplicate"),
    path("<int:survey_id>/edit/", builder_views.edit, name="edit"),
    path("<int:survey_id>/delete/", builder_views.delete, name="delete"),
    path("programs/<int:program_id>/goals/", goal_views.goals, name="goals"),
]
