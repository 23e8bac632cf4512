from django.urls import path

from fireside.activities import practice_views, views

app_name = "activities"
urlpatterns = [
    # A gathering's reflection practices: through gatherings.access.gathering_view.
    path("gathering/<int:gathering_id>/", views.gathering_activities, name="gathering"),
    path("gathering/<int:gathering_id>/rounds/new/", views.open_round, name="open_round"),
    path("gathering/<int:gathering_id>/present/", practice_views.present, name="present"),
    path("gathering/<int:gathering_id>/suggest/", views.suggest, name="suggest"),
    # "More or less" rounds and their cards (a card is changed by its author alone).
    path("rounds/<int:round_id>/", views.round_detail, name="round"),
    path("rounds/<int:round_id>/cards/", views.add_card, name="add_card"),
    path("rounds/<int:round_id>/close/", views.close_round, name="close_round"),
    path("rounds/<int:round_id>/agenda/", views.to_agenda, name="to_agenda"),
    path("cards/<int:card_id>/edit/", views.edit_card, name="edit_card"),
    path("cards/<int:card_id>/delete/", views.delete_card, name="delete_card"),
    # Practice and feedback (feedback is changed by its writer alone).
    path("practices/<int:practice_id>/", practice_views.practice_detail, name="practice"),
    path("practices/<int:practice_id>/feedback/", practice_views.give_feedback, name="feedback"),
    path("feedback/<int:feedback_id>/helpful/", practice_views.mark_helpful, name="helpful"),
    path("feedback/<int:feedback_id>/edit/", practice_views.edit_feedback, name="edit_feedback"),
    path(
        "feedback/<int:feedback_id>/delete/",
        practice_views.delete_feedback,
        name="delete_feedback",
    ),
    path("feedback/<int:feedback_id>/hide/", practice_views.hide_feedback, name="hide"),
]
