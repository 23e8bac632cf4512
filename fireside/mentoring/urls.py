from django.urls import path

from fireside.mentoring import (
    pair_editor,
    pair_message_views,
    pair_space_views,
    partner_views,
    questionnaire_views,
    reflection_views,
    review_views,
    views,
)

app_name = "mentoring"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("community/<int:community_id>/pairs/", views.pairings, name="pairings"),
    path("community/<int:community_id>/pairs/suggest/", views.suggest, name="suggest"),
    path("community/<int:community_id>/pairs/accept/", views.accept, name="accept"),
    path("pairs/<int:pairing_id>/", views.pair, name="pair"),
    path("pairs/<int:pairing_id>/end/", views.end, name="end"),
    path("pairs/<int:pairing_id>/messages/", pair_message_views.thread, name="messages"),
    path(
        "pairs/<int:pairing_id>/messages/read/",
        pair_message_views.mark_read,
        name="mark_messages_read",
    ),
    path(
        "pairs/<int:pairing_id>/messages/preview/",
        pair_editor.preview,
        name="message_preview",
    ),
    path("pairs/<int:pairing_id>/messages/draft/", pair_editor.draft, name="message_draft"),
    path(
        "pair-messages/<int:message_id>/delete/",
        pair_message_views.delete,
        name="delete_message",
    ),
    path("pairs/<int:pairing_id>/catch-up/", pair_space_views.set_catch_up, name="set_catch_up"),
    path(
        "pairs/<int:pairing_id>/catch-up/cancel/",
        pair_space_views.cancel_catch_up,
        name="cancel_catch_up",
    ),
    path(
        "pairs/<int:pairing_id>/catch-up.ics",
        pair_space_views.catch_up_calendar,
        name="catch_up_ics",
    ),
    path("pairs/<int:pairing_id>/goals/", pair_space_views.add_goal, name="add_goal"),
    path(
        "pairs/<int:pairing_id>/goals/<int:goal_id>/",
        pair_space_views.update_goal,
        name="update_goal",
    ),
    path(
        "pairs/<int:pairing_id>/goals/<int:goal_id>/delete/",
        pair_space_views.delete_goal,
        name="delete_goal",
    ),
    path(
        "connections/<int:connection_id>/remove/",
        views.remove_connection,
        name="remove_connection",
    ),
    path("connections/<int:connection_id>/confirm/", review_views.confirm, name="confirm"),
    path("connections/<int:connection_id>/dispute/", review_views.dispute, name="dispute"),
    path("connections/<int:disputed_id>/settle/", review_views.settle, name="settle"),
    path(
        "programs/<int:program_id>/find-a-partner/",
        partner_views.find_partner,
        name="find_partner",
    ),
    path("partner-requests/", partner_views.partner_requests, name="partner_requests"),
    path(
        "partner-requests/<int:request_id>/accept/",
        partner_views.accept_request,
        name="accept_request",
    ),
    path(
        "partner-requests/<int:request_id>/decline/",
        partner_views.decline_request,
        name="decline_request",
    ),
    path(
        "partner-requests/<int:request_id>/withdraw/",
        partner_views.withdraw_request,
        name="withdraw_request",
    ),
    path("programs/<int:program_id>/reflections/", views.reflections, name="reflections"),
    path("reflections/<int:reflection_id>/", views.reflection, name="reflection"),
    path("reflections/<int:reflection_id>/withdraw/", views.withdraw, name="withdraw"),
    path(
        "programs/<int:program_id>/reflection-settings/",
        reflection_views.settings,
        name="reflection_settings",
    ),
    path(
        "programs/<int:program_id>/shared-reflections/",
        reflection_views.shared,
        name="shared_reflections",
    ),
    path(
        "programs/<int:program_id>/matching-questions/",
        questionnaire_views.questions,
        name="matching_questions",
    ),
    path(
        "programs/<int:program_id>/matching-questions/new/",
        questionnaire_views.edit_question,
        name="add_matching_question",
    ),
    path(
        "programs/<int:program_id>/matching-questions/<int:question_id>/",
        questionnaire_views.edit_question,
        name="edit_matching_question",
    ),
    path(
        "matching-questions/<int:question_id>/move/",
        questionnaire_views.move_question,
        name="move_matching_question",
    ),
    path(
        "matching-questions/<int:question_id>/delete/",
        questionnaire_views.delete_question,
        name="delete_matching_question",
    ),
    path(
        "programs/<int:program_id>/matching-answers/",
        questionnaire_views.answer,
        name="matching_answers",
    ),
    path("reflection-reminders/", reflection_views.reminders, name="reminders"),
    path(
        "reflection-reminders/stop/<str:stop_token>/",
        reflection_views.stop_reminders,
        name="stop_reminders",
    ),
]
