"""Help at hand: a program's questions and answers, and the person to ask.

Coordinators and staff write the FAQ in English and French; a language left empty falls back
to the other, and the page says so. Drafts are for them only; participants read what is
published, in order. The contact person is shown with the FAQ, in the directory and in the
footer of every email about the program (fireside/lib/mail.py)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput, from_validation_error
from fireside.lib.markdown import render_markdown
from fireside.lib.text import clean_text
from fireside.programs.models import FaqEntry, Program

QUESTION_MAX = 300
ANSWER_MAX = 5_000
CONTACT_LIMITS = {
    "contact_name": 150,
    "contact_email": 254,
    "contact_phone": 40,
    "contact_note": 200,
}
CONTACT_FIELDS = tuple(CONTACT_LIMITS)


def is_french(language: str | None = None) -> bool:
    return (language or get_language() or "en").lower().startswith("fr")


@dataclass(frozen=True)
class FaqItem:
    """An entry as one reader reads it: in their language, or the other one when it has no
    translation yet (`fallback` says so)."""

    entry: FaqEntry
    question: str
    answer: str
    fallback: bool

    @property
    def lang(self) -> str:
        """The language of the text shown, for the page's `lang` attribute."""
        return "en" if self.fallback == is_french() else "fr-CA"

    @property
    def answer_html(self) -> SafeString:
        return render_markdown(self.answer)


def read(entry: FaqEntry, language: str | None = None) -> FaqItem:
    if is_french(language):
        mine, other = (entry.question_fr, entry.answer_fr), (entry.question, entry.answer)
    else:
        mine, other = (entry.question, entry.answer), (entry.question_fr, entry.answer_fr)
    if mine[0] and mine[1]:
        return FaqItem(entry, mine[0], mine[1], fallback=False)
    return FaqItem(entry, other[0] or mine[0], other[1] or mine[1], fallback=True)


def published(program: Program) -> QuerySet[FaqEntry]:
    return FaqEntry.objects.filter(program=program, published=True).order_by("position", "pk")


def published_items(program: Program, language: str | None = None) -> list[FaqItem]:
    return [read(e, language) for e in published(program)]


# --- Writing the FAQ -----------------------------------------------------------------------


def _texts(
    question: object, answer: object, question_fr: object, answer_fr: object
) -> dict[str, str]:
    texts = {
        "question": clean_text(question, "question", QUESTION_MAX),
        "answer": clean_text(answer, "answer", ANSWER_MAX),
        "question_fr": clean_text(question_fr, "question_fr", QUESTION_MAX),
        "answer_fr": clean_text(answer_fr, "answer_fr", ANSWER_MAX),
    }
    for q, a in (("question", "answer"), ("question_fr", "answer_fr")):
        if bool(texts[q]) != bool(texts[a]):
            missing = a if texts[q] else q
            raise InvalidInput(
                _("Write both the question and its answer in the same language."),
                {missing: [_("This field is required.")]},
            )
    if not texts["question"] and not texts["question_fr"]:
        raise InvalidInput(
            _("Write the question, in English or in French."),
            {"question": [_("This field is required.")]},
        )
    return texts


def check_add_entry(
    *,
    actor: User,
    program: Program,
    question: object = "",
    answer: object = "",
    question_fr: object = "",
    answer_fr: object = "",
    published: bool = False,
) -> FaqEntry:
    texts = _texts(question, answer, question_fr, answer_fr)
    with transaction.atomic():
        last = FaqEntry.objects.filter(program=program).aggregate(m=Max("position"))["m"]
        entry = FaqEntry.objects.create(
            program=program,
            position=(last or 0) + 1,
            published=bool(published),
            updated_by=actor,
            **texts,
        )
        record(actor, "programs.faq_add", program, entry_id=entry.pk)
    return entry


def check_update_entry(
    *,
    actor: User,
    entry: FaqEntry,
    question: object = "",
    answer: object = "",
    question_fr: object = "",
    answer_fr: object = "",
    published: bool | None = None,
) -> FaqEntry:
    for key, value in _texts(question, answer, question_fr, answer_fr).items():
        setattr(entry, key, value)
    if published is not None:
        entry.published = bool(published)
    entry.updated_by = actor
    with transaction.atomic():
        entry.save()
        record(actor, "programs.faq_update", entry.program, entry_id=entry.pk)
    return entry


def do_publish_entry(*, actor: User, entry: FaqEntry, published: bool) -> FaqEntry:
    entry.published = published
    entry.updated_by = actor
    with transaction.atomic():
        entry.save(update_fields=["published", "updated_by", "updated_at"])
        verb = "programs.faq_publish" if published else "programs.faq_unpublish"
        record(actor, verb, entry.program, entry_id=entry.pk)
    return entry


def do_move_entry(*, actor: User, entry: FaqEntry, up: bool) -> None:
    """Swap the entry with its neighbour above (or below); the first stays first."""
    with transaction.atomic():
        entries = list(
            FaqEntry.objects.select_for_update()
            .filter(program_id=entry.program_id)
            .order_by("position", "pk")
        )
        index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
        other = index - 1 if up else index + 1
        if not 0 <= other < len(entries):
            return
        entries[index], entries[other] = entries[other], entries[index]
        for position, row in enumerate(entries, start=1):
            if row.position != position:
                row.position = position
                row.save(update_fields=["position"])
        record(actor, "programs.faq_move", entry.program, entry_id=entry.pk)


def do_delete_entry(*, actor: User, entry: FaqEntry) -> None:
    with transaction.atomic():
        program, pk = entry.program, entry.pk
        entry.delete()
        record(actor, "programs.faq_delete", program, entry_id=pk)


# --- The contact person --------------------------------------------------------------------


def check_set_contact(*, actor: User, program: Program, **fields: Any) -> Program:
    for key in CONTACT_FIELDS:
        if key in fields:
            setattr(program, key, clean_text(fields[key], key, CONTACT_LIMITS[key]))
    try:
        program.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    with transaction.atomic():
        program.save(update_fields=list(CONTACT_FIELDS))
        record(actor, "programs.set_contact", program)
    return program
