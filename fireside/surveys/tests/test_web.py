"""The survey pages: building without JavaScript, answering, results with their tables,
the group's and the program's lists, the confidence check, and what the home pages show."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import World
from fireside.communities.access import Standing
from fireside.communities.actions import check_join
from fireside.communities.models import Membership
from fireside.communities.places import places_of
from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.lib.home import Viewer
from fireside.surveys import actions
from fireside.surveys.confidence import ITEMS
from fireside.surveys.home import group_waiting, surveys_open
from fireside.surveys.models import ConfidenceCheck, Participation, Question, Survey
from fireside.surveys.tests.factories import ANSWERS, make_check, make_survey

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _mid_november(time_machine: Any) -> None:
    time_machine.move_to(dt.datetime(2026, 11, 18, 20, 0, tzinfo=dt.UTC), tick=False)


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def url(name: str, *args: Any) -> str:
    return reverse(f"surveys:{name}", args=args)


def builder_post(**fields: Any) -> dict[str, Any]:
    data = {
        "title": "Our gatherings",
        "intro": "",
        "anonymous": "on",
        "opens_on": "2026-11-18",
        "closes_on": "2026-11-30",
        "repeat": "",
        "slots": "4",
        "q1_text": "I leave our gatherings with something to try.",
        "q1_kind": "likert",
        "q1_options": "",
        "q2_text": "",
        "q2_kind": "likert",
        "q2_options": "",
        "q3_text": "Which start time suits you?",
        "q3_kind": "choice",
        "q3_options": "9:30\n10:00\n\n",
        "q4_text": "",
        "q4_kind": "likert",
        "q4_options": "",
    }
    data.update(fields)
    return {k: v for k, v in data.items() if v is not None}


# --- Building -----------------------------------------------------------------------------


def test_more_question_slots_keep_what_was_typed_and_save_nothing(
    client: Client, world: World
) -> None:
    client.force_login(world.facilitator)
    html = page(client.get(url("community_new", world.community.pk)))
    assert html.count('name="q1_text"') == 1 and 'name="q2_text"' not in html
    assert "checked" in html.split('name="anonymous"')[1][:80]  # anonymous by default
    more = page(
        client.post(
            url("community_new", world.community.pk), builder_post(op="add", anonymous=None)
        )
    )
    assert 'name="q5_text"' in more and 'name="q6_text"' not in more
    assert 'value="I leave our gatherings with something to try."' in more
    assert "9:30\n10:00" in more and "error-summary" not in more
    assert re.search(r'name="q5_text"[^>]*autofocus', more)
    assert "checked" not in more.split('name="anonymous"')[1][:80]  # as it was unticked
    assert not Survey.objects.exists()


def test_a_mistake_is_shown_on_its_question_and_nothing_is_saved(
    client: Client, world: World
) -> None:
    client.force_login(world.facilitator)
    response = client.post(
        url("community_new", world.community.pk), builder_post(q3_options="Only one")
    )
    html = page(response)
    assert "error-summary" in html
    assert "Question 3: a choice question needs from 2 to 12 options." in html
    assert not Survey.objects.exists()
    orphan = page(
        client.post(
            url("community_new", world.community.pk),
            builder_post(q2_options="A\nB", q2_kind="choice"),
        )
    )
    assert "write the question, or clear its options." in orphan
    # Options under a question that is not a choice question are left out, not refused.
    ignored = client.post(
        url("community_new", world.community.pk),
        builder_post(q1_options="Left\nRight"),
    )
    assert ignored.status_code == 302
    assert Question.objects.get(position=1).options == []
    Survey.objects.all().delete()
    past = page(
        client.post(url("community_new", world.community.pk), builder_post(opens_on="2026-11-01"))
    )
    assert "Opens on: Today or later." in past
    assert not Survey.objects.exists()


def test_a_facilitator_builds_a_survey(
    client: Client, world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    client.force_login(world.facilitator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url("community_new", world.community.pk),
            builder_post(anonymous=None, repeat="3", intro="Two quick ones."),
        )
    assert response.status_code == 302 and response["Location"] == url(
        "community", world.community.pk
    )
    survey = Survey.objects.get()
    assert (survey.anonymous, survey.repeat_every_months, survey.intro) == (
        False,
        3,
        "Two quick ones.",
    )
    assert list(Question.objects.values_list("position", "kind", "options")) == [
        (1, "likert", []),
        (2, "choice", ["9:30", "10:00"]),
    ]
    assert [m.to for m in mailoutbox] == [["member@example.org"]]
    html = page(client.get(response["Location"]))
    assert "Your survey is open now" in html and "Our gatherings" in html


def test_a_coordinator_builds_a_program_survey_for_later(client: Client, world: World) -> None:
    client.force_login(world.coordinator)
    response = client.post(
        url("program_new", world.program.pk),
        builder_post(opens_on="2026-12-01", closes_on="2026-12-14"),
    )
    assert response["Location"] == url("program", world.program.pk)
    html = page(client.get(response["Location"]))
    assert "It opens on 1 December" in html and "Opens on 1 December 2026" in html
    assert Survey.objects.get().community is None


# --- Answering ----------------------------------------------------------------------------


@pytest.fixture
def survey(world: World) -> Survey:
    return make_survey(world.program, community=world.community, created_by=world.facilitator)


def test_a_member_answers_on_the_web(client: Client, world: World, survey: Survey) -> None:
    client.force_login(world.member)
    html = page(client.get(url("answer", survey.pk)))
    assert html.count("<fieldset") >= 3  # radio groups and ticks come with their question
    assert "1 · Strongly disagree" in html and "Anonymous." in html
    missing = page(client.post(url("answer", survey.pk), {"q4": "Hello"}))
    assert "error-summary" in missing and "Choose one." in missing
    assert not Participation.objects.exists()
    done = client.post(
        url("answer", survey.pk),
        {"q1": "4", "q2": "Evenings", "q3": ["Stories", "Walks"], "q4": ""},
    )
    assert done.status_code == 302
    html = page(client.get(done["Location"]))
    assert "Thank you! Your answers are saved." in html and "You have answered this survey" in html
    assert 'name="q1"' not in html
    again = client.post(url("answer", survey.pk), {"q1": "1", "q2": "Mornings", "q4": ""})
    assert again.status_code == 302 and Participation.objects.count() == 1
    assert "already answered" in page(client.get(again["Location"]))


def test_the_creator_outside_the_audience_sees_the_questions(client: Client, world: World) -> None:
    program_wide = make_survey(world.program, created_by=world.coordinator)
    client.force_login(world.coordinator)
    html = page(client.get(url("answer", program_wide.pk)))
    assert "The questions" in html and "What would you like more of?" in html
    assert "Stories" in html and 'name="q1"' not in html
    assert client.post(url("answer", program_wide.pk), {"q1": "3"}).status_code == 403


# --- Results ------------------------------------------------------------------------------


def test_results_show_tables_with_bars_from_five_answers(
    client: Client, world: World, survey: Survey, django_assert_max_num_queries: Any
) -> None:
    people = [world.member, world.facilitator] + [make_member(world.community) for _ in range(3)]
    for person in people[:4]:
        actions.check_respond(user=person, survey=survey, answers=ANSWERS)
    client.force_login(world.facilitator)
    held = page(client.get(url("results", survey.pk)))
    assert "4 of 5 people have answered." in held
    assert "Results appear once at least 5 people have answered" in held
    assert "More tea" not in held and "<table" not in held
    actions.check_respond(user=people[4], survey=survey, answers=[2, "Mornings", [], "Less rain"])
    # session, user, survey with program, community and creator, the creator's standing
    # (program roles, membership, agreement, roles), rounds, then the figures: people who
    # answered, responses mixed in, audience, questions, counts, free text; notifications;
    # the themes the free text is grouped by (scope, themes: read once a page)
    with django_assert_max_num_queries(20):
        html = page(client.get(url("results", survey.pk)))
    assert "5 of 5 people have answered." in html
    assert html.count('<table class="chart">') == 3
    assert '<th scope="row">4 · Agree<svg class="bar"' in html
    assert '<rect width="80" height="10" fill="#a3380f">' in html  # 4 of 5 agreed
    assert "Average: 3.60 out of 5." in html
    assert "Less rain" in html and "More tea, please." in html
    assert "add up to more than 100%" in html


def test_closing_a_survey(client: Client, world: World, survey: Survey) -> None:
    client.force_login(world.facilitator)
    assert "Close this survey now" in page(client.get(url("results", survey.pk)))
    response = client.post(url("close", survey.pk))
    assert response["Location"] == url("results", survey.pk)
    html = page(client.get(response["Location"]))
    assert "The survey is closed." in html and "Close this survey now" not in html
    client.force_login(world.member)
    assert "This survey has closed." in page(client.get(url("answer", survey.pk)))


# --- Lists --------------------------------------------------------------------------------


def _many(world: World, n: int) -> None:
    for i in range(n):
        s = make_survey(
            world.program,
            community=world.community,
            created_by=world.facilitator,
            title=f"Group {i}",
        )
        make_survey(world.program, created_by=world.coordinator, title=f"Program {i}")
        actions.check_respond(user=world.member, survey=s, answers=ANSWERS)


def test_the_group_page_makes_as_many_queries_for_many_surveys(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    _many(world, 1)
    client.force_login(world.facilitator)
    with CaptureQueriesContext(connection) as for_one:
        page(client.get(url("community", world.community.pk)))
    _many(world, 5)
    with django_assert_max_num_queries(len(for_one)):
        html = page(client.get(url("community", world.community.pk)))
    assert html.count("Program ") >= 6 and "New survey for the group" in html
    assert "Confidence in this group" in html
    client.force_login(world.member)
    html = page(client.get(url("community", world.community.pk)))
    assert "Already answered, thank you:" in html and "New survey for the group" not in html
    assert "How confident do you feel in your work?" in html


def test_the_program_page_makes_as_many_queries_for_many_surveys(
    client: Client, world: World, django_assert_max_num_queries: Any
) -> None:
    _many(world, 1)
    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as for_one:
        page(client.get(url("program", world.program.pk)))
    _many(world, 5)
    with django_assert_max_num_queries(len(for_one)):
        html = page(client.get(url("program", world.program.pk)))
    # Program surveys only: the group's own surveys are the group's.
    assert html.count("· whole program") == 6 and "Group 0" not in html


# --- Confidence ---------------------------------------------------------------------------


def test_a_member_takes_the_confidence_check_on_the_web(client: Client, world: World) -> None:
    client.force_login(world.member)
    html = page(client.get(url("confidence", world.program.pk)))
    assert "As you start" in html and html.count("Not true of me") == 8
    partial = page(client.post(url("confidence", world.program.pk), {"practice_decisions": "3"}))
    assert "error-summary" in partial and not ConfidenceCheck.objects.exists()
    full = {item.key: "4" for item in ITEMS}
    response = client.post(url("confidence", world.program.pk), full)
    html = page(client.get(response["Location"]))
    assert "Only you can see your own answers." in html and "Nothing to answer right now" in html
    assert "Your answers so far" in html and "4.00" in html
    assert ConfidenceCheck.objects.get().user == world.member


def test_coordinators_see_confidence_by_group_without_small_groups(
    client: Client, world: World
) -> None:
    big = CommunityFactory(program=world.program, capacity=12, name="Big")
    for i in range(6):
        make_check(
            world.program,
            make_member(big),
            [3 + i % 2] * 8,
            community=big,
            taken_on=dt.date(2026, 9, 20),
        )
    make_check(
        world.program,
        world.member,
        [1] * 8,
        community=world.community,
        taken_on=dt.date(2026, 9, 20),
    )
    client.force_login(world.coordinator)
    html = page(client.get(url("confidence_results", world.program.pk)))
    assert "People who took the check</dt><dd>7" in html
    assert html.count("withheld") >= 4  # Mina's group, its complement, and the empty one
    assert "1.00" not in html


# --- Home pages and emails ----------------------------------------------------------------


def test_the_home_page_lists_what_waits(
    client: Client, world: World, survey: Survey, django_assert_max_num_queries: Any
) -> None:
    make_survey(world.program, created_by=world.coordinator, title="Year so far")
    # On the home page their places are read already: the rounds (with whether they
    # answered) and their confidence checks.
    places = places_of(world.member)
    with django_assert_max_num_queries(2):
        tasks = surveys_open(Viewer(user=world.member, places=places))
    assert [t.kind for t in tasks] == ["confidence-check", "survey-open", "survey-open"]
    assert {t.title for t in tasks} == {"Your confidence check", "How are we doing?", "Year so far"}
    assert tasks[0].url == url("confidence", world.program.pk)
    with django_assert_max_num_queries(0):  # once per page
        assert surveys_open(Viewer(user=world.member, places=places)) == tasks
    # Nothing for people outside the program's groups, and nothing read for them.
    with django_assert_max_num_queries(3):  # their places only
        assert surveys_open(Viewer(user=world.staff, places=places_of(world.staff))) == []
    client.force_login(world.member)
    html = page(client.get("/"))
    assert "How are we doing?" in html and url("answer", survey.pk) in html
    for task in tasks:
        assert client.get(task.url).status_code == 200


def test_a_new_member_is_invited_on_the_group_page(client: Client, world: World) -> None:
    client.force_login(world.member)
    html = page(client.get(reverse("communities:home", args=[world.community.pk])))
    assert "Welcome! How confident do you feel in your work?" in html
    assert (
        url("confidence", world.program.pk) in html and url("community", world.community.pk) in html
    )
    # Someone who joined long ago is not nagged about a baseline on their group's page.
    Membership.objects.filter(user=world.member).update(joined_on=dt.date(2026, 9, 1))
    html = page(client.get(reverse("communities:home", args=[world.community.pk])))
    assert "How confident" not in html
    # The banner takes the viewer's own place in the group, never someone else's (the
    # facilitator is new here): handed another's, it reads the viewer's own.
    banner = Template('{% include "surveys/_group_banner.html" %}')
    theirs = Membership.objects.get(user=world.facilitator, community=world.community)
    assert (theirs.joined_on, theirs.status) == (dt.date(2026, 11, 18), "active")

    def shown(user: Any) -> Context:
        waiting = group_waiting(user, world.community, Standing(), theirs)
        return Context({"user": user, "community": world.community, "parts": {"surveys": waiting}})

    assert "How confident" not in banner.render(shown(world.member))
    assert "How confident" in banner.render(shown(world.facilitator))


def test_the_welcome_email_links_to_the_confidence_check(
    world: World, mailoutbox: list[Any], django_capture_on_commit_callbacks: Any
) -> None:
    newcomer = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        check_join(user=newcomer, community=world.community, agree_to_agreement=True)
    (welcome,) = mailoutbox
    assert f"http://testserver/surveys/programs/{world.program.pk}/confidence/" in welcome.body
