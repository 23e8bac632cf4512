from django.urls import path

from fireside.communities import mentor_views, proposal_views
from fireside.communities import views as community_views
from fireside.programs import faq_views, logo_views, rollover_views, views, word_views

app_name = "programs"
urlpatterns = [
    path("", views.program_list, name="list"),
    path("new/", views.program_create, name="create"),
    path("<int:program_id>/", views.program_detail, name="detail"),
    path("<int:program_id>/edit/", views.program_edit, name="edit"),
    path("<int:program_id>/staff/", views.program_staff, name="staff"),
    path("<int:program_id>/mentors/", mentor_views.program_mentors, name="mentors"),
    path("<int:program_id>/mentors/remove/", mentor_views.unassign_mentor, name="unassign_mentor"),
    path("<int:program_id>/logo/", logo_views.logo, name="logo"),
    path("<int:program_id>/logo/remove/", logo_views.logo_remove, name="logo_remove"),
    path("<int:program_id>/logo/image/", logo_views.logo_image, name="logo_image"),
    path("<int:program_id>/contact/", faq_views.contact_edit, name="contact"),
    path("<int:program_id>/faq/", faq_views.faq_manage, name="faq_manage"),
    path("<int:program_id>/faq/new/", faq_views.faq_entry, name="faq_new"),
    path("<int:program_id>/faq/<int:entry_id>/", faq_views.faq_entry, name="faq_edit"),
    path("<int:program_id>/faq/<int:entry_id>/move/", faq_views.faq_move, name="faq_move"),
    path("<int:program_id>/faq/<int:entry_id>/publish/", faq_views.faq_publish, name="faq_publish"),
    path("<int:program_id>/faq/<int:entry_id>/delete/", faq_views.faq_delete, name="faq_delete"),
    path("<int:program_id>/waitlists/", views.program_waitlists, name="waitlists"),
    path("<int:program_id>/next-year/", rollover_views.program_rollover, name="rollover"),
    path("seats/<int:hold_id>/", rollover_views.seat_hold, name="seat_hold"),
    path("<int:program_id>/propose/", proposal_views.propose, name="propose"),
    path("<int:program_id>/proposals/", proposal_views.proposal_list, name="proposals"),
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
