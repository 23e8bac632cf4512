"""Surveys of a group or a program, and the built-in confidence check.

Anonymity is a storage rule, not a display rule. For an anonymous survey Fireside keeps
two things apart that nothing joins: a `Participation` (this person answered this round:
what makes a second answer a 409) and a `Response` with its `Answer`s (what was answered).
A response has no person, no timestamp and a random id, so neither a column nor the order
of ids ties it to a participation. A survey that is not anonymous is *confidential*: its
responses name their respondent so that person can find and erase them, and still only
aggregates above the threshold are ever shown to anyone else.

The confidence check is confidential too: change in confidence is measured per person
(their first check against their latest), so a check belongs to its person. Only that
person sees their own answers; everyone else sees aggregates above the threshold.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community
from fireside.programs.models import Program

LIKERT_MIN, LIKERT_MAX = 1, 5


class QuestionKind(models.TextChoices):
    LIKERT = "likert", _("Agree or disagree (1 to 5)")
    CHOICE = "choice", _("One choice from a list")
    MULTIPLE = "multiple", _("Any number of choices from a list")
    TEXT = "text", _("Free text")


# The words beside each point of a survey's 1–5 scale.
LIKERT_LABELS = (
    (1, _("Strongly disagree")),
    (2, _("Disagree")),
    (3, _("Neither agree nor disagree")),
    (4, _("Agree")),
    (5, _("Strongly agree")),
)


class Survey(models.Model):
    """A survey of one community (`community` set) or of a whole program (`community`
    empty). Each opening is a `Round`; a repeating survey opens a new round every
    `repeat_every_months` months, for as long as the first round lasted."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="surveys")
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("title"), max_length=150)
    intro = models.TextField(_("a few words to introduce it"), blank=True)
    anonymous = models.BooleanField(_("anonymous"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opens_on = models.DateField(_("opens on"))
    closes_on = models.DateField(_("closes on"))
    repeat_every_months = models.PositiveSmallIntegerField(
        _("repeat every (months)"), null=True, blank=True
    )
    # Closed early by its creator: the open round ends and no further round opens.
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Empty while it is a draft: only its builder sees it, it has no round, and nobody is
    # told about it. Publishing sets it, starts the first round and tells the audience.
    published_at = models.DateTimeField(default=timezone.now, null=True, blank=True)

    class Meta:
        ordering = ["-opens_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="survey_closes_after_open"
            ),
            models.CheckConstraint(
                condition=Q(repeat_every_months__isnull=True)
                | Q(repeat_every_months__gte=1, repeat_every_months__lte=12),
                name="survey_repeat_1_to_12_months",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

    @property
    def is_program_wide(self) -> bool:
        return self.community_id is None

    @property
    def days_open(self) -> int:
        return (self.closes_on - self.opens_on).days + 1


class Question(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()  # 1, 2, 3… in the order asked
    kind = models.CharField(max_length=16, choices=QuestionKind.choices)
    text = models.CharField(max_length=300)
    options = models.JSONField(default=list, blank=True)  # for choice and multiple
    # Must be answered: a likert or choice question always is; for these two kinds it
    # means at least one box ticked or a few words written.
    required = models.BooleanField(_("required"), default=False)
    # A heading that starts a new section before this question (empty: same section).
    section = models.CharField(_("section heading"), max_length=150, blank=True)

    class Meta:
        ordering = ["survey", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["survey", "position"], name="one_question_per_position"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class Round(models.Model):
    """One opening of a survey. People answer once per round."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="rounds")
    number = models.PositiveSmallIntegerField()  # the occurrence in the survey's schedule
    opens_on = models.DateField()
    closes_on = models.DateField()
    # When its audience was told it opened; set once, so nobody is told twice.
    announced_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["survey", "number"], name="one_round_per_number"),
            models.CheckConstraint(
                condition=Q(closes_on__gte=models.F("opens_on")), name="round_closes_after_open"
            ),
        ]

    def __str__(self) -> str:
        return f"Round {self.number} of survey {self.survey_id}"


class Participation(models.Model):
    """The fact that someone answered a round: never what they answered. No timestamp,
    so it cannot be lined up with a response by time either."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="participations")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="survey_participations"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["round", "user"], name="one_response_per_round"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} answered round {self.round_id}"


class PendingResponse(models.Model):
    """Answers that wait to be mixed into the results.

    A new response waits here until at least SURVEY_MIN_RESPONSES are waiting in its round
    (or the round has closed); then they are all moved into `Response` and `Answer` in one
    transaction, in random order, and deleted from here. So the results only ever change
    by several responses at once (nobody learns one person's answers by comparing the
    results before and after they answered), and the stored responses share the mixing
    transaction rather than their respondent's — not even the database's own row order
    or transaction ids tie them to a participation."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="pending")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # [{"question": id, "number": 4} | {"question": id, "choices": [..]} | {..., "text": ".."}]
    answers = models.JSONField(default=list)

    def __str__(self) -> str:
        return f"A response waiting in round {self.round_id}"


class Response(models.Model):
    """What one person answered in one round. A random id and no timestamp: the order in
    which responses arrived is not kept. `respondent` is set only when the survey is not
    anonymous."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="responses")
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    def __str__(self) -> str:
        return f"A response to round {self.round_id}"


class Answer(models.Model):
    """One answer: a number (likert), a chosen option (one row per option ticked), or
    text. An unticked multiple choice or an empty text leaves no row."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.PositiveSmallIntegerField(null=True, blank=True)
    choice = models.CharField(max_length=120, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        indexes = [models.Index(fields=["question", "number", "choice"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(number__isnull=True)
                | Q(number__gte=LIKERT_MIN, number__lte=LIKERT_MAX),
                name="answer_number_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"An answer to question {self.question_id}"


# --- The confidence check ------------------------------------------------------------------


class Occasion(models.TextChoices):
    START = "start", _("On joining")
    TERM_END = "term_end", _("At the end of a term")


class ConfidenceCheck(models.Model):
    """One person's answers to the confidence scale on one occasion. Theirs alone to see."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="confidence_checks"
    )
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="confidence_checks")
    # The group they were in when they answered: what per-community figures are made of.
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    occasion = models.CharField(max_length=16, choices=Occasion.choices)
    term_ends_on = models.DateField(null=True, blank=True)  # for the end of a term
    taken_on = models.DateField()
    score = models.DecimalField(max_digits=3, decimal_places=2)  # the mean of the items
    # The mean of each area's items (fireside.surveys.confidence.AREAS): what the figures
    # are made of, read without the answers themselves.
    area_practice = models.FloatField()
    area_reflection = models.FloatField()
    area_inclusion = models.FloatField()
    area_belonging = models.FloatField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["program", "user", "taken_on", "pk"]
        indexes = [models.Index(fields=["program", "community"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program"],
                condition=Q(occasion="start"),
                name="one_start_check_per_program",
            ),
            models.UniqueConstraint(
                fields=["user", "program", "term_ends_on"],
                condition=Q(occasion="term_end"),
                name="one_check_per_term",
            ),
            models.CheckConstraint(
                condition=Q(occasion="start", term_ends_on__isnull=True)
                | Q(occasion="term_end", term_ends_on__isnull=False),
                name="term_end_check_names_its_term",
            ),
        ]

    def __str__(self) -> str:
        return f"Confidence check {self.pk} ({self.occasion})"


class ConfidenceAnswer(models.Model):
    confidence_check = models.ForeignKey(
        ConfidenceCheck, on_delete=models.CASCADE, related_name="answers"
    )
    item = models.CharField(max_length=32)  # a key of fireside.surveys.confidence.ITEMS
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["confidence_check", "item"], name="one_answer_per_item"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=LIKERT_MIN, value__lte=LIKERT_MAX),
                name="confidence_value_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item}: {self.value}"


class ConfidenceGoal(models.Model):
    """A statement of the program's own, asked after the fixed scale in both languages.

    Answers point at the goal, so rewording it keeps them; a goal that is taken away is
    made inactive (never deleted once answered): new checks no longer ask it, and its
    earlier answers stay in the results."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="confidence_goals")
    position = models.PositiveSmallIntegerField()
    text_en = models.CharField(_("statement in English"), max_length=200)
    text_fr = models.CharField(_("statement in French"), max_length=200)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["program", "position", "pk"]

    def __str__(self) -> str:
        return self.text_en

    def text(self, language: str | None = None) -> str:
        from django.utils.translation import get_language

        lang = (language or get_language() or "en").lower()
        return self.text_fr if lang.startswith("fr") and self.text_fr else self.text_en


class ConfidenceGoalAnswer(models.Model):
    """One person's answer to one of the program's goals, within one check. Theirs."""

    confidence_check = models.ForeignKey(
        ConfidenceCheck, on_delete=models.CASCADE, related_name="goal_answers"
    )
    goal = models.ForeignKey(ConfidenceGoal, on_delete=models.CASCADE, related_name="answers")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["confidence_check", "goal"], name="one_answer_per_goal"
            ),
            models.CheckConstraint(
                condition=Q(value__gte=LIKERT_MIN, value__lte=LIKERT_MAX),
                name="goal_value_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Goal {self.goal_id}: {self.value}"


class ConfidenceReminder(models.Model):
    """Someone was told their end-of-term check is open: once per person and term."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="+")
    term_ends_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "term_ends_on"], name="one_reminder_per_term"
            ),
        ]

    def __str__(self) -> str:
        return f"Reminder to {self.user_id} for {self.term_ends_on}"
