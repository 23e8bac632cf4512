"""Survey actions: building a survey, its rounds, answering, mixing answers into results,
closing early; the confidence check; the daily job; a person's export and erasure.

Audit events and notifications never carry an answer.
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_tasks import task

from fireside.accounts.models import User
from fireside.communities.access import program_standing, resolve_standing
from fireside.communities.models import Community, Membership
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.lib.i18n import lazy_format
from fireside.notifications.actions import notify
from fireside.notifications.models import Kind as NotifyKind
from fireside.programs.models import Program
from fireside.surveys import confidence
from fireside.surveys import goals as goal_actions
from fireside.surveys.models import (
    LIKERT_MAX,
    LIKERT_MIN,
    Answer,
    ConfidenceAnswer,
    ConfidenceCheck,
    ConfidenceReminder,
    Participation,
    PendingResponse,
    Response,
    Round,
    Survey,
)
from fireside.surveys.questions import (  # noqa: F401 (the builder's limits, used by others)
    CHOICE_KINDS,
    INTRO_MAX,
    MAX_OPTIONS,
    MAX_QUESTIONS,
    MIN_OPTIONS,
    OPTION_MAX,
    QUESTION_MAX,
    TEXT_ANSWER_MAX,
    TITLE_MAX,
    QuestionSpec,
    _words,
    clean_answers,
    clean_questions,
    clean_title_and_intro,
    save_questions,
)

DEFAULT_DAYS_OPEN = 14
MAX_DAYS_OPEN = 92
_shuffler = random.SystemRandom()
_lazy_day = lazy(date_format, str)


def threshold() -> int:
    """How many people must have answered before any result is shown (k-anonymity)."""
    return int(settings.SURVEY_MIN_RESPONSES)


def program_today(program: Program) -> dt.date:
    return confidence.program_today(program)


def _day(value: dt.date) -> str:
    return date_format(value, "j F Y")


# --- Building a survey --------------------------------------------------------------------


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def round_dates(survey: Survey, number: int) -> tuple[dt.date, dt.date]:
    """Round n opens (n-1) repeats after the first and lasts as long as the first did."""
    opens = add_months(survey.opens_on, (survey.repeat_every_months or 0) * (number - 1))
    return opens, opens + (survey.closes_on - survey.opens_on)


def clean_schedule(
    *, program: Program, opens_on: object, closes_on: object, repeat: object, today: dt.date
) -> tuple[dt.date, dt.date, int | None]:
    """Opening day (today by default), closing day (two weeks on by default) and repeat.
    A survey may open after its program ends (a follow-up); repeats stop at the end."""
    for key, value in (("opens_on", opens_on), ("closes_on", closes_on)):
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            raise InvalidInput(
                _("%(field)s must be a date (YYYY-MM-DD).") % {"field": key},
                {key: [_("Enter a date.")]},
            )
    opens: dt.date = opens_on or today  # type: ignore[assignment]
    if opens < today:
        raise InvalidInput(
            _("A survey cannot open in the past: choose today or a later day."),
            {"opens_on": [_("Today or later.")]},
        )
    closes: dt.date = closes_on or opens + dt.timedelta(days=DEFAULT_DAYS_OPEN - 1)  # type: ignore[assignment]
    if closes < opens:
        raise InvalidInput(
            _("The survey must close on or after the day it opens."),
            {"closes_on": [_("On or after the opening day.")]},
        )
    if (closes - opens).days + 1 > MAX_DAYS_OPEN:
        raise InvalidInput(
            _("A round stays open at most %(n)s days.") % {"n": MAX_DAYS_OPEN},
            {"closes_on": [_("At most %(n)s days after it opens.") % {"n": MAX_DAYS_OPEN}]},
        )
    if repeat in (None, 0):
        return opens, closes, None
    if isinstance(repeat, bool) or not isinstance(repeat, int) or not 1 <= repeat <= 12:
        raise InvalidInput(
            _(
                "repeat_every_months must be a whole number of months from 1 to 12 (or empty "
                "for a survey that runs once)."
            ),
            {"repeat_every_months": [_("From 1 to 12.")]},
        )
    if add_months(opens, repeat) <= closes:
        raise Unprocessable(
            _(
                "Each round must close before the next one opens, %(n)s month(s) later: "
                "shorten the time it stays open, or repeat less often."
            )
            % {"n": repeat},
            {"closes_on": [_("Before the next round opens.")]},
        )
    return opens, closes, repeat


def may_create(user: User, program: Program, community: Community | None) -> bool:
    """Coordinators survey their program (or any of its groups); facilitators their group."""
    if program_standing(user, program).is_coordinator:
        return True
    return community is not None and resolve_standing(user, community).is_facilitator


def check_create_survey(
    *,
    actor: User,
    program: Program,
    community: Community | None,
    title: object,
    questions: object,
    intro: object = "",
    anonymous: object = True,
    opens_on: object = None,
    closes_on: object = None,
    repeat_every_months: object = None,
) -> Survey:
    if community is not None and community.program_id != program.pk:
        raise Unprocessable(
            _("%(group)s is not one of %(program)s's groups.")
            % {"group": community.name, "program": program.name},
            {"community": [_("A group of this program.")]},
        )
    if not may_create(actor, program, community):
        raise NotAllowed(
            _("Coordinators survey their program; facilitators survey their own group.")
        )
    title_text, intro_text = clean_title_and_intro(title, intro)
    if not isinstance(anonymous, bool):
        raise InvalidInput(
            _("anonymous must be true or false."), {"anonymous": [_("true or false.")]}
        )
    specs = clean_questions(questions)
    today = program_today(program)
    opens, closes, repeat = clean_schedule(
        program=program,
        opens_on=opens_on,
        closes_on=closes_on,
        repeat=repeat_every_months,
        today=today,
    )
    with transaction.atomic():
        survey = Survey.objects.create(
            program=program,
            community=community,
            title=title_text,
            intro=intro_text,
            anonymous=anonymous,
            created_by=actor,
            opens_on=opens,
            closes_on=closes,
            repeat_every_months=repeat,
        )
        save_questions(survey, specs)
        first = Round.objects.create(survey=survey, number=1, opens_on=opens, closes_on=closes)
        record(
            actor,
            "surveys.create",
            survey,
            community_id=community.pk if community else None,
            questions=len(specs),
            anonymous=anonymous,
            repeat_every_months=repeat,
        )
        if opens <= today:
            round_id = first.pk
            transaction.on_commit(lambda: announce_round.enqueue(round_id=round_id))
    return survey


# --- Rounds -------------------------------------------------------------------------------


def is_open(survey: Survey, rnd: Round, today: dt.date) -> bool:
    return survey.closed_at is None and rnd.opens_on <= today <= rnd.closes_on


def current_round(
    survey: Survey, today: dt.date, rounds: Iterable[Round] | None = None
) -> Round | None:
    """The latest round that has opened (open now or since closed); None before the first.
    Pass `rounds` when they are prefetched."""
    candidates = survey.rounds.all() if rounds is None else rounds
    begun = [r for r in candidates if r.opens_on <= today]
    return max(begun, key=lambda r: r.number) if begun else None


def _open_round(survey: Survey, today: dt.date) -> Round:
    rnd = current_round(survey, today, list(survey.rounds.all()))
    if rnd is not None and is_open(survey, rnd, today):
        return rnd
    if rnd is None and survey.closed_at is None:
        raise Conflict(_("This survey opens on %(day)s.") % {"day": _day(survey.opens_on)})
    if rnd is not None and survey.closed_at is None and survey.repeat_every_months:
        upcoming = round_dates(survey, rnd.number + 1)[0]
        if upcoming <= survey.program.ends_on:
            raise Conflict(
                _("This round closed on %(closed)s. The next one opens around %(next)s.")
                % {"closed": _day(rnd.closes_on), "next": _day(upcoming)}
            )
    raise Conflict(_("This survey has closed. Thank you for your interest!"))


def audience(survey: Survey) -> QuerySet[Membership]:
    """Active memberships of the people a survey is for."""
    qs = Membership.objects.filter(status=Membership.Status.ACTIVE)
    if survey.community_id is not None:
        return qs.filter(community_id=survey.community_id)
    return qs.filter(community__program_id=survey.program_id)


def in_audience(user: Any, survey: Survey) -> bool:
    if not getattr(user, "is_authenticated", False):
        return False
    return audience(survey).filter(user=user).exists()


def audience_size(survey: Survey) -> int:
    return audience(survey).values("user_id").distinct().count()


@task()
def announce_round(*, round_id: int) -> int:
    """Tell a round's audience that it opened, once (the first run claims it)."""
    rnd = (
        Round.objects.select_related("survey__program", "survey__community")
        .filter(pk=round_id)
        .first()
    )
    if rnd is None:
        return 0
    survey = rnd.survey
    today = program_today(survey.program)
    if not is_open(survey, rnd, today):
        return 0
    claimed = Round.objects.filter(pk=rnd.pk, announced_at__isnull=True).update(
        announced_at=timezone.now()
    )
    if not claimed:
        return 0
    # One notification per person, in one of their groups, even in a program-wide survey.
    first_group: dict[int, int] = {}
    users: dict[int, User] = {}
    for m in audience(survey).select_related("user").order_by("joined_on", "pk"):
        first_group.setdefault(m.user_id, m.community_id)
        users[m.user_id] = m.user
    by_group: dict[int, list[User]] = defaultdict(list)
    for user_id, community_id in first_group.items():
        by_group[community_id].append(users[user_id])
    communities = Community.objects.in_bulk(list(by_group))
    text = lazy_format(
        gettext_lazy(
            "A survey is open for you: “%(title)s”. It takes a few minutes, and your answers "
            "are anonymous. Open until %(day)s."
        )
        if survey.anonymous
        else gettext_lazy(
            "A survey is open for you: “%(title)s”. It takes a few minutes. Open until %(day)s."
        ),
        title=survey.title,
        day=_lazy_day(rnd.closes_on, "j F"),  # in each reader's language
    )
    url = reverse("surveys:answer", args=[survey.pk])
    told = 0
    for community_id, people in by_group.items():
        told += len(
            notify(
                users=people,
                community=communities[community_id],
                kind=NotifyKind.SURVEY,
                text=text,
                url=url,
                actor=survey.created_by,
            )
        )
    record(None, "surveys.announce", survey, round=rnd.number, told=told)
    return told


def open_due_rounds(*, today: dt.date | None = None) -> tuple[int, int]:
    """Open the next round of each repeating survey once its day has come, and tell the
    audience of every round that opened and was not yet announced. Safe to run twice.
    Returns (rounds opened, rounds announced)."""
    opened = 0
    repeating = (
        Survey.objects.filter(repeat_every_months__isnull=False, closed_at__isnull=True)
        .select_related("program")
        .prefetch_related("rounds")
    )
    for survey in repeating:
        day = today or program_today(survey.program)
        latest = max(survey.rounds.all(), key=lambda r: r.number, default=None)
        number = (latest.number if latest else 0) + 1
        while True:
            opens, closes = round_dates(survey, number)
            if opens > day or opens > survey.program.ends_on:
                break
            if closes >= day:  # rounds whose time passed while nobody ran this are skipped
                _round, created = Round.objects.get_or_create(
                    survey=survey, number=number, defaults={"opens_on": opens, "closes_on": closes}
                )
                opened += int(created)
                break
            number += 1
    announced = 0
    due = Round.objects.filter(
        announced_at__isnull=True, survey__closed_at__isnull=True
    ).select_related("survey__program")
    for rnd in due:
        day = today or program_today(rnd.survey.program)
        if rnd.opens_on <= day <= rnd.closes_on:
            announce_round.call(round_id=rnd.pk)
            announced += 1
    return opened, announced


# --- Answering ----------------------------------------------------------------------------


def _already() -> Conflict:
    return Conflict(_("You have already answered this survey. Thank you!"))


def check_respond(*, user: User, survey: Survey, answers: object) -> Round:
    """Answer the open round, once. The fact of answering and the answers are stored
    apart; see PendingResponse for how the answers reach the results."""
    questions = list(survey.questions.order_by("position"))
    entries = clean_answers(questions, answers)
    today = program_today(survey.program)
    rnd = _open_round(survey, today)
    if not in_audience(user, survey):
        raise NotAllowed(_("This survey is for the members of another group."))
    if Participation.objects.filter(round=rnd, user=user).exists():
        raise _already()
    try:
        with transaction.atomic():
            Participation.objects.create(round=rnd, user=user)
            PendingResponse.objects.create(
                round=rnd,
                respondent=None if survey.anonymous else user,
                answers=entries,
            )
            record(user, "surveys.respond", survey, round=rnd.number)
    except IntegrityError as exc:  # the same person, twice at once
        raise _already() from exc
    # In its own transaction, after the answer is saved: see PendingResponse.
    mix_round(rnd.pk)
    return rnd


def mix_round(round_id: int, *, final: bool = False) -> int:
    """Move the waiting responses of a round into the results, all at once and in random
    order, when at least `threshold()` are waiting — or whatever waits, once the round has
    closed (`final`). Returns how many moved."""
    with transaction.atomic():
        rnd = Round.objects.select_for_update().filter(pk=round_id).first()
        if rnd is None:
            return 0
        waiting = list(PendingResponse.objects.filter(round=rnd))
        if not waiting or (len(waiting) < threshold() and not final):
            return 0
        _shuffler.shuffle(waiting)
        responses = [Response(round=rnd, respondent_id=p.respondent_id) for p in waiting]
        Response.objects.bulk_create(responses)
        answers = []
        for response, pending in zip(responses, waiting, strict=True):
            for entry in pending.answers:
                if "number" in entry:
                    answers.append(
                        Answer(
                            response=response, question_id=entry["question"], number=entry["number"]
                        )
                    )
                for choice in entry.get("choices", []):
                    answers.append(
                        Answer(response=response, question_id=entry["question"], choice=choice)
                    )
                if entry.get("text"):
                    answers.append(
                        Answer(response=response, question_id=entry["question"], text=entry["text"])
                    )
        _shuffler.shuffle(answers)
        Answer.objects.bulk_create(answers)
        PendingResponse.objects.filter(pk__in=[p.pk for p in waiting]).delete()
        record(None, "surveys.mix", rnd, count=len(waiting), final=final)
    return len(waiting)


def mix_closed_rounds(*, today: dt.date | None = None) -> int:
    """Add what still waits in rounds that have closed: the final figures count everyone."""
    moved = 0
    waiting = (
        Round.objects.filter(pending__isnull=False).distinct().select_related("survey__program")
    )
    for rnd in waiting:
        day = today or program_today(rnd.survey.program)
        if rnd.survey.closed_at is not None or rnd.closes_on < day:
            moved += mix_round(rnd.pk, final=True)
    return moved


def do_close_survey(*, actor: User, survey: Survey) -> Survey:
    """Close the open round now and open no further rounds."""
    with transaction.atomic():
        locked = Survey.objects.select_for_update().get(pk=survey.pk)
        if locked.closed_at is not None:
            raise Conflict(_("This survey is already closed."))
        locked.closed_at = timezone.now()
        locked.save(update_fields=["closed_at"])
        record(actor, "surveys.close", locked)
    for rnd in Round.objects.filter(survey=locked, pending__isnull=False).distinct():
        mix_round(rnd.pk, final=True)
    survey.closed_at = locked.closed_at
    return survey


# --- The confidence check -----------------------------------------------------------------


def _score(values: list[int]) -> Decimal:
    return (Decimal(sum(values)) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def clean_confidence(answers: object) -> list[int]:
    items = confidence.ITEMS
    if not isinstance(answers, list):
        raise InvalidInput(
            _("answers must be a list of %(n)s whole numbers from 1 to 5, in order.")
            % {"n": len(items)},
            {"answers": [_("A list.")]},
        )
    if len(answers) != len(items):
        raise InvalidInput(
            _("The confidence check has %(n)s statements: send %(n)s answers, not %(sent)s.")
            % {"n": len(items), "sent": len(answers)},
            {"answers": [_("%(n)s answers.") % {"n": len(items)}]},
        )
    for n, (item, value) in enumerate(zip(items, answers, strict=True), start=1):
        if isinstance(value, bool) or not isinstance(value, int):
            raise InvalidInput(
                _("Answer %(n)s must be a whole number from 1 to 5.") % {"n": n},
                {item.key: [_("Choose one.")]},
            )
        if not LIKERT_MIN <= value <= LIKERT_MAX:
            raise Unprocessable(
                _("Answer %(n)s must be from 1 to 5, not %(value)s.") % {"n": n, "value": value},
                {item.key: [_("Choose one.")]},
            )
    return list(answers)


def _their_group(user: User, program: Program) -> Community | None:
    membership = (
        Membership.objects.filter(
            user=user, community__program=program, status=Membership.Status.ACTIVE
        )
        .select_related("community")
        .order_by("joined_on", "pk")
        .first()
    )
    return membership.community if membership else None


def check_take_confidence(
    *, user: User, program: Program, answers: object, goals: object = None
) -> ConfidenceCheck:
    """Take the check that is due now (the baseline, or an end-of-term check); `goals`:
    the answers to the program's own goals (fireside/surveys/goals.py), when sent."""
    values = clean_confidence(answers)
    asked = goal_actions.active_goals(program)
    goal_values = goal_actions.clean_goal_answers(asked, goals)
    community = _their_group(user, program)
    if community is None:
        raise NotAllowed(_("The confidence check is for the members of this program's groups."))
    today = program_today(program)
    due = confidence.due_for(user, program, today)
    if due is None:
        raise Conflict(
            _(
                "You have no confidence check to answer right now. We will let you know when "
                "the next one opens, at the end of your term."
            )
        )
    try:
        with transaction.atomic():
            check = ConfidenceCheck.objects.create(
                user=user,
                program=program,
                community=community,
                occasion=due.occasion,
                term_ends_on=due.term_ends_on,
                taken_on=today,
                score=_score(values),
                **confidence.area_scores(
                    {item.key: v for item, v in zip(confidence.ITEMS, values, strict=True)}
                ),
            )
            ConfidenceAnswer.objects.bulk_create(
                ConfidenceAnswer(confidence_check=check, item=item.key, value=value)
                for item, value in zip(confidence.ITEMS, values, strict=True)
            )
            if goal_values:
                goal_actions.save_goal_answers(check, asked, goal_values)
            record(user, "surveys.confidence", program, occasion=due.occasion)
    except IntegrityError as exc:
        raise Conflict(_("You have already answered this confidence check. Thank you!")) from exc
    return check


def send_confidence_reminders(*, today: dt.date | None = None) -> int:
    """Tell each participant, once per term, that their end-of-term check is open."""
    sent = 0
    for program in Program.objects.prefetch_related("commitments"):
        day = today or program_today(program)
        periods = list(program.commitments.all())
        open_ends = {
            role: [
                end
                for end in confidence.term_ends(program, role, periods)
                if confidence.window(end)[0] <= day <= confidence.window(end)[1]
            ]
            for role in ("facilitator", "peer_mentor")
        }
        if not any(open_ends.values()):
            continue
        places = list(
            Membership.objects.filter(community__program=program, status=Membership.Status.ACTIVE)
            .select_related("user", "community")
            .order_by("joined_on", "pk")
        )
        user_ids = {m.user_id for m in places}
        checks: dict[int, list[ConfidenceCheck]] = defaultdict(list)
        for c in ConfidenceCheck.objects.filter(program=program, user_id__in=user_ids):
            checks[c.user_id].append(c)
        reminded = set(
            ConfidenceReminder.objects.filter(program=program, user_id__in=user_ids).values_list(
                "user_id", "term_ends_on"
            )
        )
        facilitating = confidence.facilitators_in(program)
        seen: set[int] = set()
        for place in places:
            if place.user_id in seen or not place.user.is_active:
                continue
            seen.add(place.user_id)
            role = "facilitator" if place.user_id in facilitating else "peer_mentor"
            due = confidence.due_from(checks=checks[place.user_id], ends=open_ends[role], today=day)
            if due is None or due.is_start or (place.user_id, due.term_ends_on) in reminded:
                continue
            with transaction.atomic():
                _reminder, created = ConfidenceReminder.objects.get_or_create(
                    user=place.user, program=program, term_ends_on=due.term_ends_on
                )
                if not created:
                    continue
                notify(
                    users=[place.user],
                    community=place.community,
                    kind=NotifyKind.SURVEY,
                    text=lazy_format(
                        gettext_lazy(
                            "Your end-of-term confidence check is open: eight quick statements "
                            "about how you feel in your work now."
                        )
                    ),
                    url=reverse("surveys:confidence", args=[program.pk]),
                )
            sent += 1
    return sent


def run_daily(*, today: dt.date | None = None) -> dict[str, int]:
    opened, announced = open_due_rounds(today=today)
    return {
        "rounds_opened": opened,
        "rounds_announced": announced,
        "responses_mixed": mix_closed_rounds(today=today),
        "confidence_reminders": send_confidence_reminders(today=today),
    }


# --- Your data ----------------------------------------------------------------------------


def export_for(user: User) -> dict[str, Any]:
    """What surveys store about this person. Anonymous answers cannot be found: only that
    they answered."""
    named: dict[int, list[Any]] = defaultdict(list)
    for r in Response.objects.filter(respondent=user).prefetch_related("answers__question"):
        for a in r.answers.all():
            named[r.round_id].append(
                {
                    "question": a.question.text,
                    "number": a.number,
                    "choice": a.choice,
                    "text": a.text,
                }
            )
    for p in PendingResponse.objects.filter(respondent=user):
        named[p.round_id].extend(p.answers)
    return {
        "surveys_answered": [
            {
                "survey": p.round.survey.title,
                "round": p.round.number,
                "opens_on": p.round.opens_on.isoformat(),
                "anonymous": p.round.survey.anonymous,
                "answers": named.get(p.round_id) if not p.round.survey.anonymous else None,
            }
            for p in Participation.objects.filter(user=user)
            .select_related("round__survey")
            .order_by("round__opens_on", "pk")
        ],
        "confidence_checks": [
            {
                "program_id": c.program_id,
                "occasion": c.occasion,
                "term_ends_on": c.term_ends_on.isoformat() if c.term_ends_on else None,
                "taken_on": c.taken_on.isoformat(),
                "score": str(c.score),
                "answers": {a.item: a.value for a in c.answers.all()},
                "goals": {a.goal.text_en: a.value for a in c.goal_answers.all()},
            }
            for c in ConfidenceCheck.objects.filter(user=user).prefetch_related(
                "answers", "goal_answers__goal"
            )
        ],
    }


def do_erase_for(*, user: User) -> None:
    """On erasure: confidence checks go; named survey answers lose their name (they stay in
    the figures, like anonymous ones)."""
    with transaction.atomic():
        ConfidenceCheck.objects.filter(user=user).delete()
        ConfidenceReminder.objects.filter(user=user).delete()
        Response.objects.filter(respondent=user).update(respondent=None)
        PendingResponse.objects.filter(respondent=user).update(respondent=None)


def surveys_for_community(community: Community) -> QuerySet[Survey]:
    """The surveys a group's members may answer: the group's own and the program's."""
    return Survey.objects.filter(
        Q(community=community) | Q(program_id=community.program_id, community__isnull=True)
    )
