"""The pages under /programs/ that are built from the program's groups: its page, mentors,
waiting lists, next year, seats kept, proposed groups, changes of role and new groups.
fireside/urls.py joins them with fireside/programs/urls.py in the `programs` namespace."""

from django.urls import path

from fireside.communities import mentor_views, program_views, proposal_views, rollover_views
from fireside.communities import views as community_views

urlpatterns = [
    path("<int:program_id>/", program_views.program_detail, name="detail"),
    path("<int:program_id>/mentors/", mentor_views.program_mentors, name="mentors"),
    path("<int:program_id>/mentors/remove/", mentor_views.unassign_mentor, name="unassign_mentor"),
    path("<int:program_id>/waitlists/", program_views.program_waitlists, name="waitlists"),
    path("<int:program_id>/next-year/", rollover_views.program_rollover, name="rollover"),
    path("seats/<int:hold_id>/", rollover_views.seat_hold, name="seat_hold"),
    path("<int:program_id>/propose/", proposal_views.propose, name="propose"),
    path("<int:program_id>/proposals/", proposal_views.proposal_list, name="proposals"),
    path("<int:program_id>/role-changes/", program_views.program_role_changes, name="role_changes"),
    path(
        "<int:program_id>/role-changes/<int:user_id>/",
        program_views.role_change_decide,
        name="role_change_decide",
    ),
    path(
        "<int:program_id>/communities/new/",
        community_views.community_create,
        name="community_create",
    ),
]
