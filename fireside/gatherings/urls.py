from django.urls import path

from fireside.gatherings import (
    after_views,
    answer_views,
    calendar_views,
    checkin_views,
    debrief_views,
    guest_views,
    polls_views,
    rhythm_views,
    topic_call_views,
    topic_views,
    views,
)

app_name = "gatherings"
urlpatterns = [
    path("calendar/", calendar_views.my_calendar, name="calendar"),
    path("calendar/new-address/", calendar_views.rotate_feed, name="rotate_feed"),
    path("feed/<str:feed_token>.ics", calendar_views.calendar_feed, name="feed"),
    # An email's Yes / Maybe / No link: no sign-in, the signed token is the key.
    path("answer/<str:answer_token>/", answer_views.email_answer, name="email_answer"),
    # One gathering: every view below goes through access.gathering_view.
    path("<int:gathering_id>/", views.gathering_detail, name="detail"),
    path("<int:gathering_id>/rsvp/", views.rsvp, name="rsvp"),
    path("<int:gathering_id>/calendar.ics", views.gathering_ics, name="ics"),
    path("<int:gathering_id>/feedback/", views.feedback, name="feedback"),
    path("<int:gathering_id>/edit/", views.edit, name="edit"),
    path("<int:gathering_id>/cancel/", views.cancel, name="cancel"),
    path("<int:gathering_id>/attendance/", after_views.attendance, name="attendance"),
    path("<int:gathering_id>/notes/", after_views.notes, name="notes"),
    path("<int:gathering_id>/debrief/", after_views.debrief, name="debrief"),
    path("<int:gathering_id>/debrief/call/", debrief_views.debrief_call, name="debrief_call"),
    path(
        "<int:gathering_id>/debrief/call/cancel/",
        debrief_views.cancel_debrief_call,
        name="cancel_debrief_call",
    ),
    path("series/<int:series_id>/", views.edit_series, name="edit_series"),
    # A community's gatherings and topics: through communities.access.community_view.
    path("community/<int:community_id>/", views.community_list, name="community_list"),
    path("community/<int:community_id>/new/", views.schedule, name="schedule"),
    path("community/<int:community_id>/topics/", topic_views.topics, name="topics"),
    path(
        "community/<int:community_id>/topics/new/", topic_views.propose_topic, name="propose_topic"
    ),
    path(
        "community/<int:community_id>/topics/<int:topic_id>/vote/",
        topic_views.vote,
        name="vote",
    ),
    path("program/<int:program_id>/debriefs/", after_views.mentor_debriefs, name="mentor_debriefs"),
    path("<int:gathering_id>/rhythm/", rhythm_views.change_rhythm, name="rhythm"),
    path("<int:gathering_id>/check-in/", checkin_views.check_in, name="check_in"),
    path("<int:gathering_id>/check-in/code/", checkin_views.checkin_code, name="checkin_code"),
    path(
        "<int:gathering_id>/attendance/everyone/",
        checkin_views.everyone_present,
        name="everyone_present",
    ),
]

# Guests of one gathering (fireside/gatherings/guests.py); a guest's own page needs no
# sign-in: the signed token in their email is the key.
urlpatterns += [
    path("<int:gathering_id>/guests/", guest_views.guest_list, name="guests"),
    path(
        "<int:gathering_id>/guests/<int:guest_id>/resend/",
        guest_views.resend_guest,
        name="resend_guest",
    ),
    path(
        "<int:gathering_id>/guests/<int:guest_id>/withdraw/",
        guest_views.withdraw_guest,
        name="withdraw_guest",
    ),
    path(
        "<int:gathering_id>/guests/attendance/",
        guest_views.guest_attendance,
        name="guest_attendance",
    ),
    path("guest/<str:guest_token>/", guest_views.guest_page, name="guest_page"),
    path("guest/<str:guest_token>/calendar.ics", guest_views.guest_ics, name="guest_ics"),
    # Date polls: a group chooses a date (or a weekday for a series) together.
    path("community/<int:community_id>/polls/", polls_views.community_polls, name="polls"),
    path("community/<int:community_id>/polls/new/", polls_views.new_poll, name="new_poll"),
    path("polls/<int:poll_id>/", polls_views.poll_detail, name="poll"),
    path("polls/<int:poll_id>/answer/", polls_views.answer_poll, name="poll_answer"),
    path("polls/<int:poll_id>/decide/", polls_views.decide_poll, name="poll_decide"),
    # A gathering's call for topics (fireside/gatherings/topic_calls.py).
    path("<int:gathering_id>/topics/", topic_call_views.topic_call, name="topic_call"),
    path(
        "<int:gathering_id>/topics/open/", topic_call_views.open_topic_call, name="open_topic_call"
    ),
    path(
        "<int:gathering_id>/topics/suggest/", topic_call_views.suggest_topic, name="suggest_topic"
    ),
    path(
        "<int:gathering_id>/topics/<int:topic_id>/add/",
        topic_call_views.add_call_topic,
        name="add_call_topic",
    ),
]
