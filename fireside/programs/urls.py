from django.urls import path

from fireside.communities import mentor_views
from fireside.communities import views as community_views
from fireside.programs import rollover_views, views

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
    path("<int:program_id>/next-year/", rollover_views.program_rollover, name="rollover"),
    path("seats/<int:hold_id>/", rollover_views.seat_hold, name="seat_hold"),
    path(
        "<int:program_id>/communities/new/",
        community_views.community_create,
        name="community_create",
    ),
]
