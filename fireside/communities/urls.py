from django.urls import path

from fireside.communities import cover_views, member_views, my_groups, proposal_views, views

app_name = "communities"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("mine/", my_groups.my_groups, name="mine"),
    path("<int:community_id>/", views.community_detail, name="detail"),
    path("<int:community_id>/join/", views.community_join, name="join"),
    path("offers/<str:offer_token>/", views.seat_offer, name="offer"),
    # Proposed groups: their proposer's, the program's coordinators' and staff's.
    path("proposals/<int:proposal_id>/", proposal_views.proposal_detail, name="proposal"),
    path(
        "proposals/<int:proposal_id>/approve/",
        proposal_views.proposal_approve,
        name="proposal_approve",
    ),
    path(
        "proposals/<int:proposal_id>/decline/",
        proposal_views.proposal_decline,
        name="proposal_decline",
    ),
    path(
        "proposals/<int:proposal_id>/withdraw/",
        proposal_views.proposal_withdraw,
        name="proposal_withdraw",
    ),
    path(
        "proposals/<int:proposal_id>/facilitate/",
        proposal_views.proposal_facilitate,
        name="proposal_facilitate",
    ),
    # Public, like the directory card that shows it.
    path("<int:community_id>/cover/<int:width>/", cover_views.cover_image, name="cover_image"),
    # Inside a community: every view below goes through views.community_view.
    path("<int:community_id>/home/", views.community_home, name="home"),
    path("<int:community_id>/leave/", views.community_leave, name="leave"),
    path("<int:community_id>/agreement/", views.community_agreement, name="agreement"),
    path("<int:community_id>/edit/", views.community_edit, name="edit"),
    path("<int:community_id>/cover/", cover_views.cover, name="cover"),
    path("<int:community_id>/cover/remove/", cover_views.cover_remove, name="cover_remove"),
    path(
        "<int:community_id>/agreement/edit/",
        views.community_agreement_edit,
        name="agreement_edit",
    ),
    path("<int:community_id>/members/", member_views.community_members, name="members"),
    path(
        "<int:community_id>/members/<int:user_id>/remove/",
        member_views.community_remove_member,
        name="remove_member",
    ),
    path(
        "<int:community_id>/waitlist/<int:membership_id>/offer/",
        member_views.community_offer_seat,
        name="offer_seat",
    ),
    path("<int:community_id>/members/add/", member_views.community_add_member, name="add_member"),
    path("<int:community_id>/roles/", member_views.community_assign_role, name="assign_role"),
    path(
        "<int:community_id>/roles/volunteer/",
        member_views.community_volunteer_role,
        name="volunteer_role",
    ),
    path(
        "<int:community_id>/roles/<int:role_id>/confirm/",
        member_views.community_confirm_role,
        name="confirm_role",
    ),
    path(
        "<int:community_id>/roles/<int:role_id>/decline/",
        member_views.community_decline_role,
        name="decline_role",
    ),
    path(
        "<int:community_id>/roles/<int:role_id>/remove/",
        member_views.community_remove_role,
        name="remove_role",
    ),
]
