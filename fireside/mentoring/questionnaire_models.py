"""A program's matching questions, their choices, and each member's answers.

Imported by mentoring/models.py so Django finds them. English is required and French falls
back to it, as the reflection prompts do.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from fireside.programs.models import Program

WEIGHT_MIN, WEIGHT_MAX = 1, 5


def _in_reader_language(english: str, french: str) -> str:
    wants_french = (translation.get_language() or "").startswith("fr")
    return french if wants_french and french else english


class MatchingQuestion(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("One answer")
        MULTIPLE = "multiple", _("Any number of answers")

    class Rule(models.TextChoices):
        SAME = "same", _("The same answer makes a good pair")
        COMPLEMENTARY = "complementary", _("Different answers make a good pair")

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="matching_questions"
    )
    position = models.PositiveSmallIntegerField(_("position"))
    text_en = models.CharField(_("question (English)"), max_length=200)
    text_fr = models.CharField(_("question (French)"), max_length=200, blank=True)
    kind = models.CharField(_("answers"), max_length=10, choices=Kind.choices, default=Kind.SINGLE)
    weight = models.PositiveSmallIntegerField(
        _("weight"),
        default=3,
        validators=[MinValueValidator(WEIGHT_MIN), MaxValueValidator(WEIGHT_MAX)],
    )
    rule = models.CharField(_("rule"), max_length=16, choices=Rule.choices, default=Rule.SAME)

    class Meta:
        ordering = ["program", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(weight__gte=WEIGHT_MIN, weight__lte=WEIGHT_MAX),
                name="matching_question_weight_1_to_5",
            ),
        ]

    def __str__(self) -> str:
        return f"Matching question {self.position} of program {self.program_id}"

    @property
    def text(self) -> str:
        return _in_reader_language(self.text_en, self.text_fr)


class MatchingChoice(models.Model):
    question = models.ForeignKey(MatchingQuestion, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveSmallIntegerField(_("position"))
    label_en = models.CharField(_("choice (English)"), max_length=120)
    label_fr = models.CharField(_("choice (French)"), max_length=120, blank=True)

    class Meta:
        ordering = ["question", "position", "pk"]

    def __str__(self) -> str:
        return f"Choice {self.position} of matching question {self.question_id}"

    @property
    def label(self) -> str:
        return _in_reader_language(self.label_en, self.label_fr)


class MatchingAnswer(models.Model):
    """One person's answer to one question: the choices they ticked. Only they see it; the
    matching turns it into reasons ("both chose …") for the people who pair them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="matching_answers"
    )
    question = models.ForeignKey(MatchingQuestion, on_delete=models.CASCADE, related_name="answers")
    choices = models.ManyToManyField(MatchingChoice, related_name="+")
    answered_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "question"], name="one_matching_answer_each"),
        ]

    def __str__(self) -> str:
        return f"Answer of user {self.user_id} to matching question {self.question_id}"
