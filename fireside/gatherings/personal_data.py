"""What gatherings store about a person (see fireside/accounts/personal_data.py)."""

from __future__ import annotations

from fireside.accounts.models import User
from fireside.accounts.personal_data import Claim, Exempt, Section, register, rows
from fireside.gatherings.models import (
    Attendance,
    CalendarFeed,
    DatePoll,
    Debrief,
    DebriefCall,
    DebriefReminder,
    Feedback,
    NotificationPrefs,
    PollAnswer,
    Rsvp,
    Topic,
    TopicVote,
)

RECORD = (
    "The group's record of its meetings, written for the group; who scheduled or recorded "
    "it shows as a former member after erasure."
)


def erase_for(user: User) -> None:
    """The calendar address and email choices go; a feedback comment, which only its
    writer could read, goes too (what worked stays counted)."""
    CalendarFeed.objects.filter(user=user).delete()
    NotificationPrefs.objects.filter(user=user).delete()
    Feedback.objects.filter(user=user).update(comment="")
    DebriefReminder.objects.filter(user=user).delete()


def register_all() -> None:
    register(
        app="gatherings",
        sections=(
            Section(
                "rsvps",
                lambda user: rows(
                    Rsvp.objects.filter(user=user), "gathering_id", "response", "updated_at"
                ),
                claims=(Claim("gatherings.Rsvp", people=("user",)),),
            ),
            Section(
                "attendance",
                lambda user: rows(
                    Attendance.objects.filter(user=user), "gathering_id", "present", "minutes"
                ),
                claims=(Claim("gatherings.Attendance", people=("user",)),),
            ),
            Section(
                "topics_proposed",
                lambda user: rows(
                    Topic.objects.filter(proposed_by=user),
                    "community_id",
                    "title",
                    "details",
                    "created_at",
                ),
                claims=(Claim("gatherings.Topic", ("proposed_by",), ("title", "details")),),
            ),
            Section(
                "topic_votes",
                lambda user: rows(TopicVote.objects.filter(user=user), "topic_id"),
                claims=(Claim("gatherings.TopicVote", people=("user",)),),
            ),
            Section(
                "gathering_feedback",
                lambda user: rows(
                    Feedback.objects.filter(user=user),
                    "gathering_id",
                    "worked",
                    "more_of",
                    "less_of",
                    "comment",
                    "created_at",
                ),
                claims=(Claim("gatherings.Feedback", ("user",), ("worked", "comment")),),
            ),
            Section(
                # What they wrote looking back on a gathering, as its facilitator or a
                # program mentor. It stays after erasure, as the gathering's record.
                "debriefs",
                lambda user: rows(
                    Debrief.objects.filter(written_by=user).order_by("created_at", "pk"),
                    "gathering_id",
                    "logistics",
                    "common_threads",
                    "wonderings",
                    "created_at",
                    "updated_at",
                ),
                claims=(
                    Claim(
                        "gatherings.Debrief",
                        ("written_by",),
                        ("logistics", "common_threads", "wonderings"),
                    ),
                ),
            ),
            Section(
                # Debrief conversations they proposed: when, and by which link or where.
                "debrief_calls_proposed",
                lambda user: rows(
                    DebriefCall.objects.filter(proposed_by=user).order_by("created_at", "pk"),
                    "gathering_id",
                    "starts_at",
                    "duration_minutes",
                    "timezone",
                    "location",
                    "online_url",
                    "cancelled_at",
                ),
                claims=(
                    Claim(
                        "gatherings.DebriefCall",
                        ("proposed_by",),
                        ("timezone", "location", "online_url"),
                    ),
                ),
            ),
            Section(
                "debrief_reminders",
                lambda user: rows(
                    DebriefReminder.objects.filter(user=user).order_by("sent_at", "pk"),
                    "gathering_id",
                    "sent_at",
                ),
                claims=(Claim("gatherings.DebriefReminder", people=("user",)),),
            ),
            Section(
                # Date polls they opened for a group, and their answers to polls.
                "date_polls_opened",
                lambda user: rows(
                    DatePoll.objects.filter(created_by=user).order_by("created_at", "pk"),
                    "community_id",
                    "title",
                    "note",
                    "closes_on",
                    "created_at",
                ),
                claims=(Claim("gatherings.DatePoll", ("created_by",), ("title", "note")),),
            ),
            Section(
                "date_poll_answers",
                lambda user: rows(
                    PollAnswer.objects.filter(user=user).order_by("option_id"),
                    "option_id",
                    "answer",
                    "updated_at",
                ),
                claims=(Claim("gatherings.PollAnswer", people=("user",)),),
            ),
            Section(
                "calendar_feed",
                lambda user: rows(CalendarFeed.objects.filter(user=user), "created_at"),
                claims=(Claim("gatherings.CalendarFeed", people=("user",)),),
            ),
            Section(
                "gathering_emails",
                lambda user: rows(
                    NotificationPrefs.objects.filter(user=user), "invitations", "reminders", "notes"
                ),
                claims=(Claim("gatherings.NotificationPrefs", people=("user",)),),
            ),
        ),
        exempt=(
            Exempt("gatherings.Series", ("created_by", "rrule"), RECORD),
            Exempt(
                "gatherings.Gathering",
                (
                    "created_by",
                    "uid",
                    "title",
                    "timezone",
                    "location",
                    "online_url",
                    "notes",
                    "action_points",
                    "ideas_next_time",
                ),
                RECORD,
            ),
            Exempt("gatherings.Attendance", ("recorded_by",), RECORD),
            Exempt("gatherings.DatePoll", ("location", "online_url"), RECORD),
            Exempt("gatherings.PollOption", ("timezone",), RECORD),
            Exempt("gatherings.TopicCall", ("opened_by",), RECORD),
            Exempt(
                "gatherings.GatheringGuest",
                ("invited_by", "name", "email", "note"),
                "A guest's own details, who has no account: the group's record of whom it "
                "invited to which gathering, not the inviter's data.",
            ),
            Exempt("gatherings.CalendarFeed", ("token",), "The secret calendar address."),
            Exempt(
                "gatherings.DebriefCall",
                ("uid",),
                "The calendar's identifier for the event: no one's words, nothing about them.",
            ),
        ),
        erase=erase_for,
        erase_order=90,
    )
