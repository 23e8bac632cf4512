"""Gatherings: a community's meetings, one row per occurrence, with what happens around them."""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community
from fireside.lib.validators import validate_timezone


class Activity(models.TextChoices):
    STORY_SHARING = "story_sharing", _("Story sharing")
    ACTIVITY = "activity", _("An activity to try")
    SHOWCASE = "showcase", _("Showcase")
    GUEST_EXPERT = "guest_expert", _("Guest expert")
    RECOGNITION = "recognition", _("Recognition")
    MORE_OR_LESS = "more_or_less", _("“More or less” reflection")
    PRACTICE = "practice", _("Practice and feedback")
    RESEARCH = "research", _("Unpacking research")
    SHARED_UNDERSTANDING = "shared_understanding", _("Building shared understandings")
    OPEN_DISCUSSION = "open_discussion", _("Open discussion")


class Series(models.Model):
    """A recurring schedule (an RFC 5545 RRULE) that produced some gatherings."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="series")
    rrule = models.CharField(max_length=500)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "series"

    def __str__(self) -> str:
        return f"{self.community}: {self.rrule}"


class Gathering(models.Model):
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="gatherings")
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="gatherings"
    )
    # Stable for the life of the occurrence: calendar apps match updates by it.
    uid = models.CharField(max_length=100, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    # Changed on its own (moved, renamed…): a change to the series leaves it alone.
    detached = models.BooleanField(default=False)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    action_points = models.JSONField(_("action points"), default=list, blank=True)
    ideas_next_time = models.TextField(_("ideas for next time"), blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    notes_sent_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["community", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=1440),
                name="gathering_duration_5min_to_24h",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.starts_at:%Y-%m-%d})"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.uid:
            self.uid = f"{uuid.uuid4()}@fireside"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.tz)

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class AgendaItem(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="agenda")
    position = models.PositiveSmallIntegerField(default=0)
    topic = models.CharField(_("topic"), max_length=200)
    activity = models.CharField(_("activity"), max_length=32, choices=Activity.choices)
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    from_topic = models.ForeignKey(
        "Topic", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Shown to the gathering's guests on their page (fireside/gatherings/guests.py).
    shared_with_guests = models.BooleanField(_("share with guests"), default=False)

    class Meta:
        ordering = ["gathering", "position", "pk"]

    def __str__(self) -> str:
        return self.topic


class Topic(models.Model):
    """Something a member would like the group to talk about next time."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="topics")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("topic"), max_length=200)
    details = models.TextField(_("details"), blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)
    used_in = models.ForeignKey(
        Gathering, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Suggested in answer to a call for topics (fireside/gatherings/topic_calls.py).
    call = models.ForeignKey(
        "TopicCall", null=True, blank=True, on_delete=models.SET_NULL, related_name="topics"
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.title


class TopicVote(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["topic", "user"], name="one_vote_per_topic"),
        ]

    def __str__(self) -> str:
        return f"vote for {self.topic_id}"


class Rsvp(models.Model):
    class Response(models.TextChoices):
        YES = "yes", _("Yes, I'll be there")
        MAYBE = "maybe", _("Maybe")
        NO = "no", _("No, not this time")

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="rsvps")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    response = models.CharField(max_length=8, choices=Response.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gathering", "user"], name="one_rsvp_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.response}"


class AnswerLinkUse(models.Model):
    """An emailed Yes / Maybe / No link that was used (see fireside/gatherings/answers.py).
    Using it again may repeat its answer, never overturn a newer one."""

    rsvp = models.ForeignKey(Rsvp, on_delete=models.CASCADE, related_name="link_uses")
    nonce = models.CharField(max_length=32, unique=True)
    used_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"answer link used for {self.rsvp_id}"


class Attendance(models.Model):
    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="attendance")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="attendance"
    )
    present = models.BooleanField(default=True)
    minutes = models.PositiveIntegerField(default=0)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["gathering", "user__name"]
        constraints = [
            models.UniqueConstraint(fields=["gathering", "user"], name="one_attendance_row"),
            models.CheckConstraint(condition=Q(minutes__lte=1440), name="attendance_at_most_24h"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} at {self.gathering_id}: {self.minutes} min"


class Feedback(models.Model):
    """An attendee's two-question check: what worked, and what they want more or less of."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="feedback")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    worked = models.JSONField(default=list)  # activity types that worked for this person
    more_of = models.CharField(max_length=32, choices=Activity.choices, blank=True)
    less_of = models.CharField(max_length=32, choices=Activity.choices, blank=True)
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["gathering", "user"], name="one_feedback_per_person"),
        ]

    def __str__(self) -> str:
        return f"feedback on {self.gathering_id}"


class Debrief(models.Model):
    """The facilitator and a program mentor look back on a gathering. Never shown to members."""

    gathering = models.OneToOneField(Gathering, on_delete=models.CASCADE, related_name="debrief")
    logistics = models.TextField(_("logistics"), max_length=5000, blank=True)
    common_threads = models.TextField(_("common threads"), max_length=5000, blank=True)
    wonderings = models.TextField(_("wonderings"), max_length=5000, blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"debrief of {self.gathering_id}"


class CalendarFeed(models.Model):
    """A person's secret calendar address: it works without a login, and can be replaced."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user_id}"

    @staticmethod
    def new_token() -> str:
        return secrets.token_urlsafe(32)


class NotificationPrefs(models.Model):
    """Which gathering emails a person wants. Missing row = the defaults."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="gathering_prefs"
    )
    invitations = models.BooleanField(_("invitations and changes"), default=True)
    reminders = models.BooleanField(_("reminders before a gathering"), default=True)
    notes = models.BooleanField(_("notes after a gathering"), default=True)

    def __str__(self) -> str:
        return f"gathering emails for {self.user_id}"


class DebriefCallQuerySet(models.QuerySet["DebriefCall"]):
    def live(self) -> DebriefCallQuerySet:
        return self.filter(cancelled_at__isnull=True)


class DebriefCall(models.Model):
    """The facilitator and the group's mentor meet to talk a gathering over: when, and by
    which link or where. Its invitation carries an .ics with a UID that never changes;
    SEQUENCE goes up with each change. One live call per gathering."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="debrief_calls")
    uid = models.CharField(max_length=100, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    starts_at = models.DateTimeField(_("starts"))
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    objects = DebriefCallQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering"],
                condition=Q(cancelled_at__isnull=True),
                name="one_live_debrief_call_per_gathering",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=240),
                name="debrief_call_5min_to_4h",
            ),
        ]

    def __str__(self) -> str:
        return f"debrief call for {self.gathering_id} ({self.starts_at:%Y-%m-%d})"

    def save(self, *args: object, **kwargs: object) -> None:
        if not self.uid:
            self.uid = f"debrief-{uuid.uuid4()}@fireside"
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.tz)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)


class DebriefReminder(models.Model):
    """A reminder to write a gathering's debrief, sent to one person: the row is the claim,
    so nobody is reminded twice of the same gathering."""

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="debrief_reminders"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "user"], name="one_debrief_reminder_per_person"
            ),
        ]

    def __str__(self) -> str:
        return f"debrief reminder for {self.gathering_id} to {self.user_id}"


class GatheringGuestQuerySet(models.QuerySet["GatheringGuest"]):
    def invited(self) -> GatheringGuestQuerySet:
        return self.filter(withdrawn_at__isnull=True)


class GatheringGuest(models.Model):
    """Someone from outside the group (an expert, a community representative) invited to
    one gathering by email. No account: a signed link shows them that gathering and the
    agenda items shared with guests, nothing else (see fireside/gatherings/guests.py).
    Their attendance is kept here, never as an Attendance row: guests earn no hours."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="guests")
    name = models.CharField(_("name"), max_length=100)
    email = models.EmailField(_("email"), max_length=254)
    note = models.CharField(_("note"), max_length=200, blank=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(auto_now_add=True)
    # The guest's own answer on their page: None until they give one.
    coming = models.BooleanField(null=True, blank=True)
    # Recorded by a facilitator on the attendance sheet: None until then.
    attended = models.BooleanField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    objects = GatheringGuestQuerySet.as_manager()

    class Meta:
        ordering = ["gathering", "invited_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["gathering", "email"],
                condition=Q(withdrawn_at__isnull=True),
                name="one_live_invitation_per_guest_email",
            ),
        ]

    def __str__(self) -> str:
        return f"guest {self.name} at {self.gathering_id}"

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None


class DatePoll(models.Model):
    """A facilitator or organiser asks the group which date (or, for a series, which weekday
    and time) suits them; see fireside/gatherings/polls.py."""

    class Kind(models.TextChoices):
        ONCE = "once", _("One gathering")
        SERIES = "series", _("A series")

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        DECIDED = "decided", _("Decided")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="date_polls")
    title = models.CharField(_("title"), max_length=200)
    note = models.TextField(_("note"), max_length=2000, blank=True)
    kind = models.CharField(max_length=8, choices=Kind.choices, default=Kind.ONCE)
    closes_on = models.DateField(_("answers close on"))
    state = models.CharField(max_length=8, choices=State.choices, default=State.OPEN)
    location = models.CharField(_("place"), max_length=300, blank=True)
    online_url = models.URLField(_("online link"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    gathering = models.ForeignKey(
        Gathering, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    series = models.ForeignKey(
        Series, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["community", "state"])]

    def __str__(self) -> str:
        return self.title

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.community.program.timezone)

    def is_open_on(self, today: dt.date) -> bool:
        return self.state == self.State.OPEN and today <= self.closes_on


class PollOption(models.Model):
    """One proposed time: a start (one gathering), or a weekday and time (a series)."""

    poll = models.ForeignKey(DatePoll, on_delete=models.CASCADE, related_name="options")
    position = models.PositiveSmallIntegerField(default=0)
    starts_at = models.DateTimeField(null=True, blank=True)
    weekday = models.PositiveSmallIntegerField(null=True, blank=True)  # 0 is Monday
    time = models.TimeField(null=True, blank=True)
    duration_minutes = models.PositiveIntegerField(_("duration (minutes)"))
    timezone = models.CharField(_("time zone"), max_length=64, validators=[validate_timezone])

    class Meta:
        ordering = ["poll", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__isnull=False) | Q(weekday__lte=6, time__isnull=False),
                name="poll_option_a_date_or_a_weekday",
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gte=5, duration_minutes__lte=1440),
                name="poll_option_5min_to_24h",
            ),
        ]

    def __str__(self) -> str:
        return f"option {self.position} of poll {self.poll_id}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def local_start(self) -> dt.datetime | None:
        return self.starts_at.astimezone(self.tz) if self.starts_at else None


class PollAnswer(models.Model):
    class Answer(models.TextChoices):
        YES = "yes", _("Yes")
        IF_NEED_BE = "if_need_be", _("If need be")
        NO = "no", _("No")

    option = models.ForeignKey(PollOption, on_delete=models.CASCADE, related_name="answers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=12, choices=Answer.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["option", "user"], name="one_poll_answer_per_option"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} on option {self.option_id}: {self.answer}"


class TopicCall(models.Model):
    """A facilitator or organiser asks the group for topics before a gathering; members
    suggest them until `closes_at` (no later than the gathering's start), and the topics
    wait in the agenda builder (fireside/gatherings/topic_calls.py)."""

    gathering = models.OneToOneField(Gathering, on_delete=models.CASCADE, related_name="topic_call")
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    closes_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"call for topics for {self.gathering_id}"

    @property
    def is_open(self) -> bool:
        from django.utils import timezone

        return timezone.now() < self.closes_at
