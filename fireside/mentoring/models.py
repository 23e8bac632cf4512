"""Peer mentoring: pairs inside a community, the connections they log, monthly reflections.

Two things here are private to one person, and every reader of this app keeps them so:
a connection's `note` is for the member who wrote it, and a reflection's `body` and
`anything_else` are for its author. Nobody else sees them — not the partner, facilitators,
mentors, coordinators or operators (the admin site leaves those fields out). The one
exception is a reflection written while its program shared reflections with its
coordinators (`shared_with_program`, kept on the reflection itself): those coordinators read
it, with the author's name.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.accounts.models import User
from fireside.communities.models import Community

# The pair's message thread lives in its own module (see there); this import makes it part
# of the app's models.
from fireside.mentoring.message_models import PairDraft, PairMessage, PairMessageRead  # noqa: F401
from fireside.programs.models import Program

MAX_MINUTES = 24 * 60
# Open pairs (no end date) before ended ones, on SQLite and PostgreSQL alike.
CURRENT_FIRST = models.F("ended_on").desc(nulls_first=True)


class PairingQuerySet(models.QuerySet["Pairing"]):
    def open(self) -> PairingQuerySet:
        return self.filter(ended_on__isnull=True)

    def with_people(self) -> PairingQuerySet:
        return self.prefetch_related(
            models.Prefetch(
                "pair_members",
                queryset=PairMember.objects.select_related("user").order_by("user__name", "pk"),
            )
        )


class Pairing(models.Model):
    """Two people (three when a group has an odd number) who support each other between
    gatherings. Ended pairs stay, so the group keeps its history."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="pairings")
    people: models.ManyToManyField[User, PairMember] = models.ManyToManyField(
        settings.AUTH_USER_MODEL, through="PairMember", related_name="pairings"
    )
    starts_on = models.DateField(_("starts on"))
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # How well they fitted when formed, and why, in the words the facilitator saw.
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    reasons = models.JSONField(default=list, blank=True)

    objects = PairingQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("starts_on")),
                name="pairing_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"Pair {self.pk} in {self.community_id}"

    @property
    def is_open(self) -> bool:
        return self.ended_on is None

    def members(self) -> list[PairMember]:
        """Prefetch-friendly (see PairingQuerySet.with_people)."""
        return list(self.pair_members.all())

    def users(self) -> list[User]:
        return [m.user for m in self.members()]

    def user_ids(self) -> list[int]:
        return [m.user_id for m in self.members()]

    def partners_of(self, user_id: int) -> list[User]:
        return [m.user for m in self.members() if m.user_id != user_id]


class PairMember(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="pair_members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pair_members"
    )
    # Copied from the pairing so the database itself refuses a second open pair.
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    ended_on = models.DateField(null=True, blank=True)
    # The last day the pair was in touch (or started) when this person was nudged: one nudge
    # per quiet spell, and a new connection starts a new spell. Kept per seat, not per pair,
    # because each partner is nudged in the morning of their own time zone.
    nudged_after = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["pairing", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "user"], name="one_seat_per_pairing"),
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(ended_on__isnull=True),
                name="one_open_pair_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} in pair {self.pairing_id}"


class Format(models.TextChoices):
    COFFEE = "coffee", _("Coffee")
    WALK = "walk", _("A walk")
    VIDEO = "video", _("Video call")
    PHONE = "phone", _("Phone call")
    MESSAGE = "message", _("Messages")
    OTHER = "other", _("Something else")


# A connection logged by one partner waits this long for the other to see it: unless they
# dispute it, it counts once this has passed since it was logged.
REVIEW_DAYS = 7
DISPUTE_NOTE_MAX = 500


def counting_q(now: dt.datetime, prefix: str = "") -> Q:
    """The one definition of a connection that counts toward hours: confirmed by a partner,
    settled as counting by a facilitator, or undisputed and logged REVIEW_DAYS or more ago
    (so the partner has had it in front of them for that long). Every sum of connection
    minutes uses it (ConnectionQuerySet.counting)."""
    seen = now - dt.timedelta(days=REVIEW_DAYS)
    return (
        Q(**{f"{prefix}confirmed_at__isnull": False})
        | Q(**{f"{prefix}settled_at__isnull": False, f"{prefix}settled_counts": True})
        | Q(
            **{
                f"{prefix}disputed_at__isnull": True,
                f"{prefix}settled_at__isnull": True,
                f"{prefix}created_at__lte": seen,
            }
        )
    )


class ConnectionQuerySet(models.QuerySet["Connection"]):
    def counting(self, now: dt.datetime) -> ConnectionQuerySet:
        return self.filter(counting_q(now))

    def with_counting(self, now: dt.datetime) -> ConnectionQuerySet:
        """Each row with `counting_now`: whether it counts toward hours now (same rule)."""
        return self.annotate(
            counting_now=models.Case(
                models.When(counting_q(now), then=models.Value(True)),
                default=models.Value(False),
                output_field=models.BooleanField(),
            )
        )

    def pending(self, now: dt.datetime) -> ConnectionQuerySet:
        """Not counting (yet): waiting for the partner, disputed, or settled as not counting."""
        return self.exclude(counting_q(now))

    def awaiting_review_by(self, user_id: int) -> ConnectionQuerySet:
        """Connections a partner logged that this person has not yet confirmed or disputed."""
        return self.filter(
            pairing__pair_members__user_id=user_id,
            confirmed_at__isnull=True,
            disputed_at__isnull=True,
            settled_at__isnull=True,
        ).exclude(logged_by_id=user_id)

    def disputed_unsettled(self) -> ConnectionQuerySet:
        return self.filter(
            disputed_at__isnull=False, settled_at__isnull=True, confirmed_at__isnull=True
        )


class Review(models.TextChoices):
    """Where a connection stands, as the pair page and the ledger say it."""

    CONFIRMED = "confirmed", _("Confirmed")
    UNCHALLENGED = "unchallenged", _("Counts (not disputed in 7 days)")
    PENDING = "pending", _("Waiting for your partner")
    DISPUTED = "disputed", _("Disputed: waiting for the facilitator")
    SETTLED_COUNTS = "settled_counts", _("Settled by the facilitator: counts")
    SETTLED_NOT = "settled_not", _("Settled by the facilitator: does not count")


class Connection(models.Model):
    pairing = models.ForeignKey(Pairing, on_delete=models.CASCADE, related_name="connections")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    happened_on = models.DateField(_("date"))
    minutes = models.PositiveSmallIntegerField(_("minutes"))
    format = models.CharField(_("how"), max_length=16, choices=Format.choices)
    note = models.TextField(_("private note"), blank=True)  # for `logged_by` only
    created_at = models.DateTimeField(auto_now_add=True)
    # The partner's review (see counting_q). A dispute's note is for the pair and the
    # facilitators of their group who settle it; nobody else reads it.
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    disputed_at = models.DateTimeField(null=True, blank=True)
    disputed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dispute_note = models.TextField(_("what did not happen"), blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    settled_counts = models.BooleanField(null=True, blank=True)

    objects = ConnectionQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-pk"]
        indexes = [models.Index(fields=["pairing", "happened_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(minutes__gte=1, minutes__lte=MAX_MINUTES),
                name="connection_1min_to_24h",
            ),
            # One connection a day per pair, whichever of them logs it: hours are credited
            # to each member, so a second would count the same time twice.
            models.UniqueConstraint(
                fields=["pairing", "happened_on"], name="one_connection_per_pair_per_day"
            ),
            # Only a disputed connection is settled, and a settlement says which way.
            models.CheckConstraint(
                condition=Q(settled_at__isnull=True)
                | Q(disputed_at__isnull=False, settled_counts__isnull=False),
                name="connection_settled_after_dispute",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.minutes} min ({self.format}) on {self.happened_on:%Y-%m-%d}"

    def review(self, now: dt.datetime) -> Review:
        """The same rule as counting_q, for one row already in hand."""
        if self.confirmed_at is not None:
            return Review.CONFIRMED
        if self.settled_at is not None:
            return Review.SETTLED_COUNTS if self.settled_counts else Review.SETTLED_NOT
        if self.disputed_at is not None:
            return Review.DISPUTED
        if self.created_at <= now - dt.timedelta(days=REVIEW_DAYS):
            return Review.UNCHALLENGED
        return Review.PENDING

    def counts(self, now: dt.datetime) -> bool:
        return self.review(now) in COUNTING

    def counts_from(self) -> dt.datetime:
        """When an unreviewed connection starts counting unless disputed."""
        return self.created_at + dt.timedelta(days=REVIEW_DAYS)


COUNTING = frozenset({Review.CONFIRMED, Review.UNCHALLENGED, Review.SETTLED_COUNTS})


# Rotating, one a month; the free field is always there beside it.
PROMPTS = (
    _("What did you try in your practice this month, and how did it go?"),
    _("What surprised you this month?"),
    _("What would you like to unlearn, or learn again in a new way?"),
    _("How did your group or your peer partner support you this month?"),
)


def prompt_for(month: dt.date) -> str:
    return str(PROMPTS[(month.year * 12 + month.month - 1) % len(PROMPTS)])


class ReflectionPrompt(models.Model):
    """A program's own monthly prompts, rotating one a month. A program without any uses
    the built-in PROMPTS (fireside/mentoring/prompts.py)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="reflection_prompts"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text = models.CharField(_("prompt (English)"), max_length=300)
    text_fr = models.CharField(_("prompt (French)"), max_length=300, blank=True)

    class Meta:
        ordering = ["program", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "position"], name="one_reflection_prompt_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"Prompt {self.position} of program {self.program_id}"


class Reflection(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="reflections")
    month = models.DateField(_("month"))  # the first day of the month
    # The prompt as its author saw it, so editing the program's prompts later changes
    # nothing written.
    prompt = models.CharField(_("prompt"), max_length=300)
    # The program's policy when it was written, and never changed after: who may read it
    # depends on this alone (the author always; the program's coordinators when True).
    shared_with_program = models.BooleanField(
        _("shared with the program's coordinators"), default=False
    )
    body = models.TextField(_("reflection"))  # the author's only
    anything_else = models.TextField(_("anything else"), blank=True)  # the author's only
    # Consented, to appear without a name in program reports; withdrawn by emptying it.
    shareable_excerpt = models.TextField(_("excerpt you agree to share"), blank=True)
    excerpt_consented_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-month", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "program", "month"], name="one_reflection_per_month"
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="reflection_month_first_day"),
        ]

    def __str__(self) -> str:
        return f"Reflection {self.pk} for {self.month:%Y-%m}"

    @property
    def shares_excerpt(self) -> bool:
        return bool(self.shareable_excerpt)


class ReflectionReminder(models.Model):
    """One reminder email per person, program and month: the send's once-only claim."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "month"], name="one_reflection_reminder_a_month"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.user_id} for {self.month:%Y-%m}"


class ReflectionReminderStop(models.Model):
    """Someone who asked for no more reflection reminders (from the email's link, or their
    email settings). No row: reminders on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"No reflection reminders for {self.user_id}"


# A request nobody answered, or one its recipient declined, stops being open after this.
REQUEST_DAYS = 14
REQUEST_NOTE_MAX = 300


class PartnerRequest(models.Model):
    """A member asks another to be their peer partner (fireside/mentoring/partner_requests.py),
    when their program lets members choose. The note is for the two of them only. A declined
    request looks to its sender like one still waiting, until REQUEST_DAYS have passed: nobody
    learns who declined whom. Facilitators never see requests."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        EXPIRED = "expired", _("No longer open")

    from_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_requests_sent"
    )
    to_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_requests_received"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    # The sender's group: an accepted request makes the pair there.
    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("a short note"), max_length=REQUEST_NOTE_MAX, blank=True)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    pairing = models.ForeignKey(
        Pairing, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["from_user", "state"]),
            models.Index(fields=["to_user", "state"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_user=models.F("to_user")), name="partner_request_not_to_self"
            ),
        ]

    def __str__(self) -> str:
        return f"Partner request {self.pk} ({self.state})"

    def open_until(self) -> dt.datetime:
        return self.created_at + dt.timedelta(days=REQUEST_DAYS)


# The matching questionnaire lives in its own module; imported here so Django finds it.
# The pair's space (next catch-up, goals) lives in its own module; imported here so Django
# finds its models.
from fireside.mentoring.pair_space_models import (  # noqa: E402, F401
    CatchUp,
    CatchUpReminder,
    PairGoal,
)
from fireside.mentoring.questionnaire_models import (  # noqa: E402
    MatchingAnswer as MatchingAnswer,
)
from fireside.mentoring.questionnaire_models import (  # noqa: E402
    MatchingChoice as MatchingChoice,
)
from fireside.mentoring.questionnaire_models import (  # noqa: E402
    MatchingQuestion as MatchingQuestion,
)
