"""Building surveys, their rounds and announcements, answering once, and how answers are
mixed into the results."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from conftest import World
from fireside.audit.models import AuditEvent
from fireside.demo.factories import CommunityFactory, MembershipFactory, make_member
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, Unprocessable
from fireside.notifications.models import Notification
from fireside.surveys import actions
from fireside.surveys.models import (
    Answer,
    Participation,
    PendingResponse,
    Question,
    Response,
    Round,
    Survey,
)
from fireside.surveys.tests.factories import ANSWERS, QUESTIONS, make_survey

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 18)


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    # Noon in Vancouver, the program's time zone.
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def rows() -> tuple[int, ...]:
    return (
        Survey.objects.count(),
        Question.objects.count(),
        Round.objects.count(),
        AuditEvent.objects.count(),
    )


def build(world: World, actor: Any = None, **fields: Any) -> Survey:
    fields.setdefault("community", world.community)
    fields.setdefault("title", "How are we doing?")
    fields.setdefault("questions", QUESTIONS)
    return actions.check_create_survey(
        actor=actor or world.facilitator, program=world.program, **fields
    )


def crowd(community: Any, n: int) -> list[Any]:
    return [make_member(community) for _ in range(n)]


def test_a_facilitator_builds_a_survey_for_the_group(world: World) -> None:
    survey = build(
        world,
        title="  Our gatherings  ",
        intro="Three minutes.",
        closes_on=dt.date(2026, 11, 30),
        repeat_every_months=3,
    )
    assert (survey.title, survey.anonymous, survey.created_by) == (
        "Our gatherings",
        True,
        world.facilitator,
    )
    assert (survey.opens_on, survey.closes_on, survey.repeat_every_months) == (
        TODAY,
        dt.date(2026, 11, 30),
        3,
    )
    questions = list(survey.questions.all())
    assert [(q.position, q.kind) for q in questions] == [
        (1, "likert"),
        (2, "choice"),
        (3, "multiple"),
        (4, "text"),
    ]
    assert questions[1].options == ["Mornings", "Evenings"]
    (first,) = survey.rounds.all()
    assert (first.number, first.opens_on, first.closes_on) == (1, TODAY, dt.date(2026, 11, 30))
    event = AuditEvent.objects.get(verb="surveys.create")
    assert event.data["questions"] == 4


def test_it_opens_for_two_weeks_by_default(world: World) -> None:
    survey = build(world)
    assert (survey.opens_on, survey.closes_on) == (TODAY, dt.date(2026, 12, 1))


@pytest.mark.parametrize(
    ("fields", "error", "words"),
    [
        ({"title": "  "}, InvalidInput, "title is missing"),
        ({"title": "x" * 151}, InvalidInput, "the limit is 150"),
        ({"title": "Bad\x00"}, InvalidInput, "not allowed"),
        ({"questions": []}, InvalidInput, "at least one question"),
        ({"questions": "likert"}, InvalidInput, "at least one question"),
        ({"questions": [{"kind": "likert", "text": "Q"}] * 31}, InvalidInput, "at most 30"),
        ({"questions": ["Q"]}, InvalidInput, "Question 1 must be an object"),
        ({"questions": [{"kind": "scale", "text": "Q"}]}, InvalidInput, "kind must be one of"),
        ({"questions": [{"kind": "likert", "text": " "}]}, InvalidInput, "question 1 is missing"),
        (
            {"questions": [{"kind": "choice", "text": "Q", "options": ["Only"]}]},
            Unprocessable,
            "from 2 to 12 options",
        ),
        (
            {"questions": [{"kind": "choice", "text": "Q", "options": ["A", "a"]}]},
            Unprocessable,
            "same option twice",
        ),
        (
            {"questions": [{"kind": "likert", "text": "Q", "options": ["1", "2"]}]},
            Unprocessable,
            "only choice questions have options",
        ),
        (
            {"questions": [{"kind": "choice", "text": "Q", "options": "A, B"}]},
            InvalidInput,
            "options must be a list",
        ),
        ({"anonymous": "yes"}, InvalidInput, "true or false"),
        ({"opens_on": dt.date(2026, 11, 17)}, InvalidInput, "cannot open in the past"),
        (
            {"opens_on": dt.date(2026, 11, 20), "closes_on": dt.date(2026, 11, 19)},
            InvalidInput,
            "on or after the day it opens",
        ),
        ({"closes_on": dt.date(2027, 6, 1)}, InvalidInput, "at most 92 days"),
        ({"repeat_every_months": 13}, InvalidInput, "from 1 to 12"),
        ({"repeat_every_months": True}, InvalidInput, "from 1 to 12"),
        (
            {"closes_on": dt.date(2027, 1, 18), "repeat_every_months": 1},
            Unprocessable,
            "close before the next one opens",
        ),
    ],
)
def test_it_refuses_bad_surveys_and_saves_nothing(
    world: World, fields: dict[str, Any], error: type, words: str
) -> None:
    before = rows()
    with pytest.raises(error) as caught:
        build(world, **fields)
    assert words in caught.value.message, caught.value.message
    assert rows() == before


def test_a_repeat_of_zero_means_once(world: World) -> None:
    assert build(world, repeat_every_months=0).repeat_every_months is None


@pytest.mark.parametrize("who", ["member", "waitlisted", "mentor", "outsider", "staff"])
def test_only_facilitators_and_coordinators_build_group_surveys(world: World, who: str) -> None:
    before = rows()
    with pytest.raises(NotAllowed):
        build(world, actor=world.persona(who))
    assert rows() == before


def test_a_program_survey_is_for_coordinators(world: World) -> None:
    with pytest.raises(NotAllowed):
        build(world, actor=world.facilitator, community=None)
    survey = build(world, actor=world.coordinator, community=None)
    assert survey.is_program_wide
    # A coordinator may also survey one group of the program.
    assert build(world, actor=world.coordinator).community == world.community


def test_a_facilitator_cannot_survey_another_group(world: World) -> None:
    with pytest.raises(NotAllowed):
        build(world, community=world.other_community)


def test_a_group_of_another_program_is_refused(world: World) -> None:
    elsewhere = CommunityFactory()
    with pytest.raises(Unprocessable, match="is not one of"):
        build(world, actor=world.coordinator, community=elsewhere)


# --- Announcements and rounds -------------------------------------------------------------


def test_opening_today_tells_the_audience_once(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    # Otto is in the other group; Mina also joined it: one notification each, all the same.
    MembershipFactory(community=world.other_community, user=world.member)
    with django_capture_on_commit_callbacks(execute=True):
        survey = build(world, actor=world.coordinator, community=None)
    told = Notification.objects.filter(kind="survey")
    assert sorted(n.user.email for n in told) == [
        "facilitator@example.org",
        "member@example.org",
        "outsider@example.org",
    ]
    assert all(n.url == f"/surveys/{survey.pk}/" for n in told)
    assert "How are we doing?" in told[0].text and "anonymous" in told[0].text
    assert sorted(m.to[0] for m in mailoutbox) == [
        "facilitator@example.org",
        "member@example.org",
        "outsider@example.org",
    ]
    assert f"/surveys/{survey.pk}/" in mailoutbox[0].body
    again = actions.announce_round.call(round_id=survey.rounds.get().pk)
    assert again == 0 and told.count() == 3


def test_the_creator_and_the_waitlisted_are_not_told(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        build(world)
    assert list(Notification.objects.values_list("user__email", flat=True)) == [
        "member@example.org"
    ]


def test_a_later_survey_is_told_on_its_day(world: World, time_machine: Any) -> None:
    survey = build(world, opens_on=dt.date(2026, 11, 25))
    assert not Notification.objects.exists()
    assert actions.open_due_rounds() == (0, 0)
    time_machine.move_to(dt.datetime(2026, 11, 25, 18, 0, tzinfo=dt.UTC), tick=False)
    assert actions.open_due_rounds() == (0, 1)
    assert Notification.objects.get().user == world.member
    assert actions.open_due_rounds() == (0, 0)  # safe to run twice
    assert survey.rounds.get().announced_at is not None


def test_a_repeating_survey_opens_its_next_round_on_time(
    world: World, time_machine: Any, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        survey = build(world, closes_on=dt.date(2026, 11, 30), repeat_every_months=3)
    actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    time_machine.move_to(dt.datetime(2027, 2, 17, 20, 0, tzinfo=dt.UTC), tick=False)
    assert actions.open_due_rounds() == (0, 0)
    time_machine.move_to(dt.datetime(2027, 2, 18, 20, 0, tzinfo=dt.UTC), tick=False)
    assert actions.open_due_rounds() == (1, 1)
    second = survey.rounds.get(number=2)
    # As long as the first round: 13 days.
    assert (second.opens_on, second.closes_on) == (dt.date(2027, 2, 18), dt.date(2027, 3, 2))
    assert Notification.objects.filter(user=world.member, kind="survey").count() == 2
    # A new round: Mina answers again.
    actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    assert Participation.objects.filter(user=world.member).count() == 2
    assert actions.open_due_rounds() == (0, 0)


def test_missed_rounds_are_skipped_and_repeats_stop_at_the_program_end(
    world: World, time_machine: Any
) -> None:
    survey = build(world, closes_on=dt.date(2026, 11, 20), repeat_every_months=1)
    # Nobody ran the daily job for months: only the round open today is created.
    time_machine.move_to(dt.datetime(2027, 3, 19, 20, 0, tzinfo=dt.UTC), tick=False)
    assert actions.open_due_rounds()[0] == 1
    assert list(survey.rounds.values_list("number", flat=True)) == [5, 1]
    time_machine.move_to(dt.datetime(2027, 7, 18, 20, 0, tzinfo=dt.UTC), tick=False)
    assert actions.open_due_rounds()[0] == 0  # the program ended on 30 June
    time_machine.move_to(dt.datetime(2027, 6, 18, 20, 0, tzinfo=dt.UTC), tick=False)
    actions.do_close_survey(actor=world.facilitator, survey=survey)
    assert actions.open_due_rounds()[0] == 0  # closed early: no more rounds


def test_add_months_keeps_to_the_month_end() -> None:
    assert actions.add_months(dt.date(2026, 11, 30), 3) == dt.date(2027, 2, 28)
    assert actions.add_months(dt.date(2026, 12, 31), 2) == dt.date(2027, 2, 28)
    assert actions.add_months(dt.date(2027, 1, 15), 12) == dt.date(2028, 1, 15)


# --- Answering ----------------------------------------------------------------------------


def test_a_member_answers_once(world: World) -> None:
    survey = build(world)
    rnd = actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    assert rnd.number == 1
    assert Participation.objects.filter(round=rnd, user=world.member).exists()
    pending = PendingResponse.objects.get()
    assert pending.respondent is None
    assert [e.get("number") or e.get("choices") or e.get("text") for e in pending.answers] == [
        4,
        ["Evenings"],
        ["Stories", "Walks"],
        "More tea, please.",
    ]
    with pytest.raises(Conflict, match="already answered"):
        actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    assert Participation.objects.count() == PendingResponse.objects.count() == 1
    event = AuditEvent.objects.get(verb="surveys.respond")
    assert event.actor == world.member and set(event.data) == {"round"}


@pytest.mark.parametrize(
    ("answers", "error", "words"),
    [
        ("4", InvalidInput, "must be a list"),
        ([4, "Evenings", []], InvalidInput, "4 question(s)"),
        ([4, "Evenings", [], "", ""], InvalidInput, "not 5"),
        ([True, "Evenings", [], ""], InvalidInput, "whole number from 1 to 5"),
        ([4.0, "Evenings", [], ""], InvalidInput, "whole number from 1 to 5"),
        (["4", "Evenings", [], ""], InvalidInput, "whole number from 1 to 5"),
        ([0, "Evenings", [], ""], Unprocessable, "from 1 to 5, not 0"),
        ([6, "Evenings", [], ""], Unprocessable, "from 1 to 5, not 6"),
        ([4, "Noon", [], ""], Unprocessable, "one of: Mornings, Evenings"),
        ([4, ["Evenings"], [], ""], InvalidInput, "one of the options, as text"),
        ([4, "Evenings", "Walks", ""], InvalidInput, "list of the options"),
        ([4, "Evenings", ["Walks", "Walks"], ""], InvalidInput, "an option twice"),
        ([4, "Evenings", ["Naps"], ""], Unprocessable, "may only list"),
        ([4, "Evenings", [], 7], InvalidInput, "Answer 4 must be text"),
        ([4, "Evenings", [], "x" * 5001], InvalidInput, "the limit is 5,000"),
        ([4, "Evenings", [], "a\ud800"], InvalidInput, "not allowed"),
    ],
)
def test_it_refuses_answers_of_the_wrong_shape_and_saves_nothing(
    world: World, answers: Any, error: type, words: str
) -> None:
    survey = build(world)
    with pytest.raises(error) as caught:
        actions.check_respond(user=world.member, survey=survey, answers=answers)
    assert words in caught.value.message, caught.value.message
    assert not Participation.objects.exists() and not PendingResponse.objects.exists()


def test_empty_optional_answers_are_fine(world: World) -> None:
    survey = build(world)
    actions.check_respond(user=world.member, survey=survey, answers=[1, "Mornings", [], "  "])
    assert PendingResponse.objects.get().answers[3] == {
        "question": survey.questions.get(position=4).pk,
        "text": "",
    }


@pytest.mark.parametrize("who", ["waitlisted", "outsider", "coordinator", "mentor", "staff"])
def test_only_the_audience_answers(world: World, who: str) -> None:
    survey = build(world)
    with pytest.raises(NotAllowed):
        actions.check_respond(user=world.persona(who), survey=survey, answers=ANSWERS)
    assert not Participation.objects.exists()


def test_a_program_survey_is_for_every_group_of_the_program(world: World) -> None:
    survey = build(world, actor=world.coordinator, community=None)
    actions.check_respond(user=world.outsider, survey=survey, answers=ANSWERS)
    with pytest.raises(NotAllowed):
        actions.check_respond(user=world.waitlisted, survey=survey, answers=ANSWERS)


def test_nobody_answers_before_it_opens_or_after_it_closes(world: World, time_machine: Any) -> None:
    later = build(world, opens_on=dt.date(2026, 11, 20), closes_on=dt.date(2026, 11, 22))
    with pytest.raises(Conflict, match="opens on 20 November 2026"):
        actions.check_respond(user=world.member, survey=later, answers=ANSWERS)
    time_machine.move_to(dt.datetime(2026, 11, 24, 20, 0, tzinfo=dt.UTC), tick=False)
    with pytest.raises(Conflict, match="has closed"):
        actions.check_respond(user=world.member, survey=later, answers=ANSWERS)
    repeating = make_survey(
        world.program,
        community=world.community,
        opens_on=dt.date(2026, 11, 1),
        days=7,
        repeat=2,
    )
    with pytest.raises(Conflict, match="next one opens around 1 January 2027"):
        actions.check_respond(user=world.member, survey=repeating, answers=ANSWERS)
    assert not Participation.objects.exists()


def test_a_closed_survey_takes_no_more_answers(world: World) -> None:
    survey = build(world)
    actions.do_close_survey(actor=world.facilitator, survey=survey)
    with pytest.raises(Conflict, match="has closed"):
        actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    with pytest.raises(Conflict, match="already closed"):
        actions.do_close_survey(actor=world.facilitator, survey=survey)


# --- Mixing answers into the results --------------------------------------------------------


def test_answers_reach_the_results_several_at_a_time(world: World) -> None:
    survey = build(world)
    people = [world.member, world.facilitator, *crowd(world.community, 4)]
    for person in people[:4]:
        actions.check_respond(user=person, survey=survey, answers=ANSWERS)
    assert (PendingResponse.objects.count(), Response.objects.count()) == (4, 0)
    actions.check_respond(user=people[4], survey=survey, answers=ANSWERS)
    assert (PendingResponse.objects.count(), Response.objects.count()) == (0, 5)
    # 5 likert + 5 choice + 10 ticks + 5 texts
    assert Answer.objects.count() == 25
    actions.check_respond(user=people[5], survey=survey, answers=ANSWERS)
    assert (PendingResponse.objects.count(), Response.objects.count()) == (1, 5)
    # Once the round is over, whatever waits is added: the final figures count everyone.
    actions.do_close_survey(actor=world.facilitator, survey=survey)
    assert (PendingResponse.objects.count(), Response.objects.count()) == (0, 6)


def test_the_daily_job_adds_what_waits_in_closed_rounds(world: World, time_machine: Any) -> None:
    survey = build(world, closes_on=dt.date(2026, 11, 19))
    actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    assert actions.mix_closed_rounds() == 0  # still open
    time_machine.move_to(dt.datetime(2026, 11, 20, 20, 0, tzinfo=dt.UTC), tick=False)
    assert actions.run_daily()["responses_mixed"] == 1
    assert Response.objects.count() == 1 and not PendingResponse.objects.exists()


def test_a_named_survey_keeps_the_respondent(world: World) -> None:
    survey = build(world, anonymous=False)
    actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    assert PendingResponse.objects.get().respondent == world.member
    actions.do_close_survey(actor=world.facilitator, survey=survey)
    assert Response.objects.get().respondent == world.member


# --- Your data ----------------------------------------------------------------------------


def test_export_shows_named_answers_and_only_the_fact_of_anonymous_ones(world: World) -> None:
    named = build(world, anonymous=False, title="Named")
    anonymous = build(world, title="Anonymous")
    for survey in (named, anonymous):
        actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    exported = actions.export_for(world.member)["surveys_answered"]
    by_title = {e["survey"]: e for e in exported}
    assert by_title["Anonymous"]["answers"] is None
    assert any(a.get("text") == "More tea, please." for a in by_title["Named"]["answers"])


def test_erasure_unlinks_named_answers(world: World) -> None:
    survey = build(world, anonymous=False)
    actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    actions.do_erase_for(user=world.member)
    assert PendingResponse.objects.get().respondent is None


def test_a_persons_export_and_erasure_include_surveys(world: World) -> None:
    from fireside.accounts.actions import do_erase_user, export_user_data
    from fireside.surveys.models import ConfidenceCheck

    survey = build(world, anonymous=False)
    actions.check_respond(user=world.member, survey=survey, answers=ANSWERS)
    actions.check_take_confidence(user=world.member, program=world.program, answers=[3] * 8)
    exported = export_user_data(user=world.member)["surveys"]
    assert exported["confidence_checks"][0]["answers"]["belonging_peers"] == 3
    assert exported["surveys_answered"][0]["survey"] == "How are we doing?"
    do_erase_user(user=world.member)
    assert not ConfidenceCheck.objects.exists()
    assert PendingResponse.objects.get().respondent is None
