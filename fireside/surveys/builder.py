"""The survey builder's form, as a plain form that needs no JavaScript.

Questions are numbered slots (q1_text, q1_kind, q1_options, q1_required, q1_section …) and
`slots` says how many. Every button of the builder sends the whole form back with an `op`:
"add" (one more slot), "up-3", "down-3", "remove-3", "bank-<question id>" (a question from
the program's bank), "preview" (see it as a respondent), "refresh" (what Enter does: nothing
is saved). Each op rearranges what was posted and shows it again, so nothing typed is lost on
any round trip; only "create" (or no op at all) saves. The builder's script does the same
moves in the page, without a round trip, and sends the same fields.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.accounts.models import User
from fireside.lib.errors import ActionError
from fireside.lib.forms import CountedTextarea, TextField, add_action_error
from fireside.programs.models import Program
from fireside.surveys.models import Question, QuestionKind, Survey
from fireside.surveys.questions import (
    CHOICE_KINDS,
    INTRO_MAX,
    MAX_QUESTIONS,
    OPTION_MAX,
    QUESTION_MAX,
    SECTION_MAX,
    TITLE_MAX,
)

FIRST_SLOTS = 1
FIELDS = ("text", "kind", "options", "required", "section")
# What stays as its audience was told once a survey is published (a draft may change it).
FIXED = ("anonymous", "opens_on", "closes_on", "repeat")
BANK_SIZE = 12
REPEATS = [
    ("", _("Just once")),
    (1, _("Every month")),
    (2, _("Every 2 months")),
    (3, _("Every 3 months")),
    (4, _("Every 4 months")),
    (6, _("Every 6 months")),
    (12, _("Once a year")),
]


def slot_count(data: Any) -> int:
    """How many question slots the form shows: from the posted form, within bounds."""
    raw = data.get("slots", "") if data is not None else ""
    count = int(raw) if isinstance(raw, str) and raw.isdigit() and len(raw) < 4 else FIRST_SLOTS
    return max(1, min(count, MAX_QUESTIONS))


def posted_slots(data: Any, slots: int) -> list[dict[str, Any]]:
    """The question slots as posted, in order, raw."""
    return [
        {
            "text": data.get(f"q{i}_text", ""),
            "kind": data.get(f"q{i}_kind", QuestionKind.LIKERT),
            "options": data.get(f"q{i}_options", ""),
            "required": bool(data.get(f"q{i}_required")),
            "section": data.get(f"q{i}_section", ""),
        }
        for i in range(1, slots + 1)
    ]


def rearrange(items: list[dict[str, Any]], op: str) -> tuple[list[dict[str, Any]], int | None]:
    """Apply one builder op to the slots; returns them and the slot to put the focus on."""
    name, _sep, arg = op.partition("-")
    n = int(arg) if arg.isdigit() else 0
    items = list(items)
    if name == "add" and len(items) < MAX_QUESTIONS:
        items.append(blank_slot())
        return items, len(items)
    if not 1 <= n <= len(items):
        return items, None
    if name == "up" and n > 1:
        items[n - 2], items[n - 1] = items[n - 1], items[n - 2]
        return items, n - 1
    if name == "down" and n < len(items):
        items[n], items[n - 1] = items[n - 1], items[n]
        return items, n + 1
    if name == "remove":
        del items[n - 1]
        if not items:
            items.append(blank_slot())
        return items, min(n, len(items))
    return items, None


def blank_slot() -> dict[str, Any]:
    return {
        "text": "",
        "kind": QuestionKind.LIKERT,
        "options": "",
        "required": False,
        "section": "",
    }


def slot_of(question: Question) -> dict[str, Any]:
    return {
        "text": question.text,
        "kind": question.kind,
        "options": "\n".join(question.options),
        "required": question.required,
        "section": question.section,
    }


def flatten(items: list[dict[str, Any]]) -> dict[str, Any]:
    """Slots → the form's initial data."""
    data: dict[str, Any] = {"slots": len(items)}
    for i, item in enumerate(items, start=1):
        for key in FIELDS:
            data[f"q{i}_{key}"] = item[key]
    return data


# --- The question bank --------------------------------------------------------------------


def bank(actor: User, program: Program, query: str = "") -> list[Question]:
    """The program's past questions this person may reuse: those of its program-wide
    surveys (asked of everyone) and of the surveys they built themselves. One of each
    wording, newest first; `query` narrows them by words."""
    found = Question.objects.filter(survey__program=program).filter(
        Q(survey__community__isnull=True, survey__published_at__isnull=False)
        | Q(survey__created_by=actor)
    )
    for word in query.split()[:5]:
        found = found.filter(text__icontains=word)
    seen: set[tuple[str, str]] = set()
    unique = []
    for question in found.order_by("-survey__created_at", "-survey_id", "position")[:200]:
        key = (question.kind, question.text.casefold())
        if key not in seen:
            seen.add(key)
            unique.append(question)
        if len(unique) == BANK_SIZE:
            break
    return unique


def from_bank(actor: User, program: Program, question_id: str) -> Question | None:
    if not question_id.isdigit() or len(question_id) > 12:
        return None
    return (
        Question.objects.filter(pk=int(question_id), survey__program=program)
        .filter(
            Q(survey__community__isnull=True, survey__published_at__isnull=False)
            | Q(survey__created_by=actor)
        )
        .first()
    )


def copy_title(survey: Survey) -> str:
    return str(_("Copy of %(title)s") % {"title": survey.title})[:TITLE_MAX]


def copy_of(survey: Survey) -> dict[str, Any]:
    """A survey's words and questions as the builder's initial data: a draft nobody else
    sees, saved only when its builder creates it."""
    data = flatten([slot_of(q) for q in survey.questions.all()] or [blank_slot()])
    data.update(
        title=copy_title(survey),
        intro=survey.intro,
        anonymous=survey.anonymous,
        repeat=survey.repeat_every_months or "",
    )
    return data


def initial_of(survey: Survey, today: dt.date) -> dict[str, Any]:
    """A survey as the builder's initial data, to change it. A draft whose opening day
    has passed shows today instead, for as long (fireside/surveys/drafts.py)."""
    from fireside.surveys.drafts import fresh_dates

    data = flatten([slot_of(q) for q in survey.questions.all()] or [blank_slot()])
    opens, closes = (
        fresh_dates(survey, today) if survey.is_draft else (survey.opens_on, survey.closes_on)
    )
    data.update(
        title=survey.title,
        intro=survey.intro,
        anonymous=survey.anonymous,
        opens_on=opens,
        closes_on=closes,
        repeat=survey.repeat_every_months or "",
    )
    return data


# --- The form -----------------------------------------------------------------------------


class SurveyForm(forms.Form):
    title = TextField(label=_("Title"), max_length=TITLE_MAX)
    intro = TextField(
        label=_("A few words to introduce it (optional)"),
        help_text=_("Why you are asking, and what you will do with the answers."),
        required=False,
        max_length=INTRO_MAX,
        widget=CountedTextarea(attrs={"rows": 3}),
    )
    anonymous = forms.BooleanField(
        label=_("Anonymous (recommended): nobody, not even you, can see who gave which answer."),
        help_text=_(
            "If you untick this, answers are kept with each person's name so they can see "
            "and erase their own. You still see only totals."
        ),
        required=False,
        initial=True,
    )
    opens_on = forms.DateField(
        label=_("Opens on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    closes_on = forms.DateField(
        label=_("Closes on"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    repeat = forms.TypedChoiceField(
        label=_("Repeat"),
        help_text=_(
            "A repeating survey opens again with the same questions, for as many days as "
            "the first round, and people are told each time."
        ),
        choices=REPEATS,
        coerce=int,
        empty_value=None,
        required=False,
    )
    slots = forms.IntegerField(widget=forms.HiddenInput, required=False)
    bank_q = forms.CharField(label=_("Search the program's past questions"), required=False)

    def __init__(
        self, *args: Any, slots: int, today: dt.date, fixed: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fixed = fixed
        self.slot_numbers = list(range(1, slots + 1))
        self.fields["slots"].initial = slots
        self.fields["opens_on"].initial = today
        self.fields["opens_on"].widget.attrs["min"] = today.isoformat()
        self.fields["closes_on"].initial = today + dt.timedelta(days=13)
        if fixed:  # shown as they are, never taken from what is posted
            for name in FIXED:
                self.fields[name].disabled = True
            self.fields["opens_on"].widget.attrs.pop("min", None)
        for i in self.slot_numbers:
            self.fields[f"q{i}_section"] = TextField(
                label=_("Question %(n)s: section heading before it (optional)") % {"n": i},
                required=False,
                max_length=SECTION_MAX,
            )
            self.fields[f"q{i}_text"] = TextField(
                label=_("Question %(n)s") % {"n": i}, required=False, max_length=QUESTION_MAX
            )
            self.fields[f"q{i}_kind"] = forms.ChoiceField(
                label=_("Question %(n)s: how people answer") % {"n": i},
                choices=QuestionKind.choices,
                initial=QuestionKind.LIKERT,
            )
            self.fields[f"q{i}_options"] = TextField(
                label=_("Question %(n)s: options to choose from, one per line") % {"n": i},
                help_text=_("Only for “One choice” and “Any number of choices”."),
                required=False,
                max_length=(OPTION_MAX + 1) * 12,
                widget=CountedTextarea(attrs={"rows": 3}),
            )
            self.fields[f"q{i}_required"] = forms.BooleanField(
                label=_("Question %(n)s: required") % {"n": i}, required=False
            )
        self.slot_of: dict[int, int] = {}

    def question_slots(self) -> list[dict[str, Any]]:
        last = len(self.slot_numbers)
        return [
            {
                "number": i,
                "first": i == 1,
                "last": i == last,
                "text": self[f"q{i}_text"],
                "kind": self[f"q{i}_kind"],
                "options": self[f"q{i}_options"],
                "required": self[f"q{i}_required"],
                "section": self[f"q{i}_section"],
                "choice": self._kind_of(i) in CHOICE_KINDS,
                "errors": any(self[f"q{i}_{k}"].errors for k in FIELDS),
            }
            for i in self.slot_numbers
        ]

    def _kind_of(self, i: int) -> str:
        value = self[f"q{i}_kind"].value()
        return str(value or QuestionKind.LIKERT)

    def questions(self) -> list[dict[str, Any]]:
        """The filled-in slots, in order, as the action takes them. Options typed under a
        question that is not a choice question are left out: the field is hidden for
        those, and a change of kind should not make the survey fail."""
        data, found = self.cleaned_data, []
        self.slot_of = {}
        for i in self.slot_numbers:
            text = (data.get(f"q{i}_text") or "").strip()
            kind = data.get(f"q{i}_kind")
            options = [o.strip() for o in (data.get(f"q{i}_options") or "").splitlines()]
            if not text:
                continue
            found.append(
                {
                    "kind": kind,
                    "text": text,
                    "options": options if kind in CHOICE_KINDS else [],
                    "required": bool(data.get(f"q{i}_required")),
                    "section": data.get(f"q{i}_section") or "",
                }
            )
            self.slot_of[len(found)] = i
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for i in self.slot_numbers:
            if (
                data.get(f"q{i}_kind") in CHOICE_KINDS
                and (data.get(f"q{i}_options") or "").strip()
                and not (data.get(f"q{i}_text") or "").strip()
            ):
                self.add_error(
                    f"q{i}_text",
                    _("Question %(n)s: write the question, or clear its options.") % {"n": i},
                )
        return data

    def add_error_from(self, exc: ActionError) -> None:
        """Put an action's refusal on the slot it is about (the action counts only filled
        slots; the form shows them all, so the numbers are the form's)."""
        renamed: dict[str, list[str]] = {}
        summary = exc.message
        for key, messages in exc.errors.items():
            parts = key.split("_")
            if len(parts) == 3 and parts[0] == "question" and parts[1].isdigit():
                n = int(parts[1])
                slot = self.slot_of.get(n)
                key = f"q{slot}_{parts[2]}" if slot else "__all__"
                if slot and slot != n and messages:
                    # The action counted filled slots only: say it with the form's number.
                    theirs, ours = (str(_("Question %(n)s") % {"n": x}) for x in (n, slot))
                    if exc.message.startswith(theirs):
                        summary = ours + exc.message[len(theirs) :]
                    else:
                        summary = str(
                            _("Question %(n)s: %(error)s") % {"n": slot, "error": messages[0]}
                        )
            elif key == "repeat_every_months":
                key = "repeat"
            renamed.setdefault(key, []).extend(messages)
        add_action_error(self, type(exc)(summary, renamed))
        if any(key.startswith("q") for key in renamed if key in self.fields):
            self.add_error(None, summary)
