from django.urls import path

from fireside.communities import mentor_views
from fireside.communities import views as community_views
from fireside.programs import views, word_views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("<int:program_id>/edit/", views.program_edit, name="edit"),
    path("<int:program_id>/staff/", views.program_staff, name="staff"),
    path("<int:program_id>/mentors/", mentor_views.program_mentors, name="mentors"),
    path("<int:program_id>/mentors/remove/", mentor_views.unassign_mentor, name="unassign_mentor"),
    path("<int:program_id>/waitlists/", views.program_waitlists, name="waitlists"),
    path("<int:program_id>/words/", word_views.program_words, name="words"),
    path("<int:program_id>/words/role-types/", word_views.role_type_add, name="role_type_add"),
    path(
        "<int:program_id>/words/role-types/<slug:role_code>/",
        word_views.role_type_change,
        name="role_type_change",
    ),
    path("<int:program_id>/role-changes/", word_views.program_role_changes, name="role_changes"),
    path(
        "<int:program_id>/role-changes/<int:user_id>/",
        word_views.role_change_decide,
        name="role_change_decide",
    ),
    path(
        "<int:program_id>/communities/new/",
        community_views.community_create,
        name="community_create",
    ),
]
