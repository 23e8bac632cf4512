"""The reflection practices a group runs at a gathering: a "more or less" round, where each
member says what they would like more or less of, and a practice session, where a member
tries out a session they plan and the group gives feedback."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from fireside.gatherings.models import AgendaItem, Gathering

TOPIC_MAX = 200
CARD_MAX = 150  # leaves room for "More of: " when a card becomes an agenda topic
DESCRIPTION_MAX = 2000
WANTED_MAX = 1000
FEEDBACK_MAX = 2000


class Round(models.Model):
    """A "more or less" round: open for cards until its facilitator closes it."""

    gathering = models.ForeignKey(
        Gathering, on_delete=models.CASCADE, related_name="more_or_less_rounds"
    )
    # The agenda item that asked for it, while that item stands.
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    topic = models.CharField(_("topic"), max_length=TOPIC_MAX)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["opened_at", "pk"]

    def __str__(self) -> str:
        return f"round {self.pk} of gathering {self.gathering_id}"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Card(models.Model):
    """One wish on a round: the group reads it without a name; its author alone knows it
    is theirs."""

    class Side(models.TextChoices):
        MORE = "more", _("More of")
        LESS = "less", _("Less of")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="cards")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    side = models.CharField(max_length=4, choices=Side.choices)
    text = models.CharField(max_length=CARD_MAX)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["round", "author"])]

    def __str__(self) -> str:
        return f"card {self.pk} ({self.side})"


class Practice(models.Model):
    """A member presents a session they plan, and says what feedback would help them."""

    gathering = models.ForeignKey(Gathering, on_delete=models.CASCADE, related_name="practices")
    presenter = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The "practice and feedback" agenda item it answers, while that item stands.
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    title = models.CharField(_("title"), max_length=TOPIC_MAX)
    description = models.TextField(_("what the session is"), max_length=DESCRIPTION_MAX)
    wanted = models.TextField(_("feedback wanted"), max_length=WANTED_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"practice {self.pk} of gathering {self.gathering_id}"


class PracticeFeedback(models.Model):
    """What worked and what to try, for the presenter and the group. Named unless its writer
    chose otherwise; a facilitator may hide it."""

    practice = models.ForeignKey(Practice, on_delete=models.CASCADE, related_name="feedback")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    worked = models.TextField(_("what worked"), max_length=FEEDBACK_MAX, blank=True)
    to_try = models.TextField(_("what to try"), max_length=FEEDBACK_MAX, blank=True)
    named = models.BooleanField(_("show my name"), default=True)
    helpful = models.BooleanField(default=False)
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"feedback {self.pk} on practice {self.practice_id}"

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None
