"""Common threads from the database: what is read, the thresholds end to end, staleness
marked when texts change, the debounced queue, the command."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from conftest import World
from fireside.accounts.actions import do_erase_user
from fireside.demo.factories import CommunityFactory, UserFactory, make_member
from fireside.gatherings.models import Debrief, Gathering
from fireside.mentoring.tests.factories import make_reflection
from fireside.stories.tests.factories import make_story
from fireside.themes import actions
from fireside.themes.models import Scope, Theme
from fireside.themes.sources import collect
from fireside.themes.tests.factories import OUTDOOR, TRANSITIONS, past_gathering, topics

pytestmark = pytest.mark.django_db


def people(world: World, n: int, community: Any = None) -> list[Any]:
    return [
        make_member(community or world.community, UserFactory(name=f"Person {i} Quill"))
        for i in range(n)
    ]


def compute(program: Any, community: Any = None) -> actions.Threads:
    actions.ensure(program, community)
    scope = (
        Scope.objects.get(program=program, community=community)
        if community
        else Scope.objects.get(program=program, community__isnull=True)
    )
    actions.recompute(scope.pk)
    return actions.themes_for(program, community)


def phrases(threads: actions.Threads) -> set[str]:
    return {p for t in threads.themes for p in t.phrases}


def test_a_groups_topics_from_three_people_make_its_threads(world: World) -> None:
    topics(world.community, people(world, 3), OUTDOOR + TRANSITIONS)
    threads = compute(world.program, world.community)
    assert threads.up_to_date and threads.texts == 18
    assert {"outdoor play", "sand timer"} <= phrases(threads)
    theme = next(t for t in threads.themes if "outdoor play" in t.phrases)
    assert theme.people == 3 and theme.kinds == {"topic": 9} and theme.first_seen is not None


def test_two_people_are_not_enough(world: World) -> None:
    topics(world.community, people(world, 2), (OUTDOOR + TRANSITIONS) * 3)
    threads = compute(world.program, world.community)
    assert threads.themes == [] and threads.withheld >= 1
    assert not Theme.objects.exists()  # nothing withheld is even stored


def test_notes_count_as_the_voice_of_their_writer_not_of_the_people_present(
    world: World,
) -> None:
    # One facilitator writes every gathering's notes, with the whole group present each time:
    # one person's words, however many listened. A theme of them alone is withheld.
    present = [world.member, world.facilitator, *people(world, 4)]
    notes = [
        past_gathering(world.community, note, present, days_ago=7 + i)
        for i, note in enumerate(OUTDOOR * 3)
    ]
    Gathering.objects.update(created_by=world.facilitator)
    texts, _names = collect(world.program, world.community.pk)
    assert {t.voices for t in texts} == {frozenset({f"u{world.facilitator.pk}"})}
    threads = compute(world.program, world.community)
    assert threads.themes == [] and threads.withheld >= 1
    # Written by three facilitators, the same notes are three voices: the theme shows.
    writers = [world.facilitator, *people(world, 2)]
    for i, gathering in enumerate(notes):
        Gathering.objects.filter(pk=gathering.pk).update(created_by=writers[i // 3])
    threads = compute(world.program, world.community)
    assert "outdoor play" in phrases(threads)
    assert all(t.people == 3 and set(t.kinds) == {"notes"} for t in threads.themes)


def _debriefs(world: World, writers: list[Any]) -> None:
    present = [world.member, world.facilitator, *people(world, 4)]
    for i in range(9):  # each writer writes three debriefs, on each of the three days
        g = past_gathering(world.community, "", present, days_ago=3 + i)
        Debrief.objects.create(
            gathering=g,
            written_by=writers[i * len(writers) // 9],
            logistics="Parking was awkward behind the library.",
            common_threads=OUTDOOR[i % 3],
            wonderings=TRANSITIONS[i % 3],
        )


def test_debriefs_read_threads_and_wonderings_not_logistics(world: World) -> None:
    _debriefs(world, [world.facilitator, *people(world, 2)])
    texts, _names = collect(world.program, world.community.pk)
    assert {t.kind for t in texts} == {"debrief"}
    assert all("Parking" not in t.text for t in texts)
    assert "outdoor play" in phrases(compute(world.program, world.community))


def test_debriefs_count_as_the_voice_of_their_writer_not_of_the_people_present(
    world: World,
) -> None:
    _debriefs(world, [world.facilitator])
    texts, _names = collect(world.program, world.community.pk)
    assert {t.voices for t in texts} == {frozenset({f"u{world.facilitator.pk}"})}
    threads = compute(world.program, world.community)
    assert threads.themes == [] and threads.withheld >= 1


def test_private_stories_and_unshared_reflections_are_never_read(world: World) -> None:
    tellers = people(world, 4)
    for person in tellers:
        make_story(person, world.community, immediate="Secret garden " + OUTDOOR[0])
        make_story(person, world.community, immediate="Secret garden " + OUTDOOR[1])
        make_reflection(world.program, person, body="Secret garden every day.")
    texts, _names = collect(world.program, world.community.pk)
    assert texts == []
    assert compute(world.program, world.community).themes == []


def test_consented_excerpts_and_stories_are_read(world: World) -> None:
    tellers = people(world, 3)
    for i, person in enumerate(tellers):
        make_story(person, world.community, immediate=OUTDOOR[i], group=True)
        make_story(person, world.community, immediate=OUTDOOR[(i + 1) % 3], program=True)
        make_reflection(world.program, person, shareable_excerpt=OUTDOOR[(i + 2) % 3])
    kinds = [t.kind for t in collect(world.program, world.community.pk)[0]]
    assert sorted(kinds) == ["excerpt"] * 3 + ["story"] * 6
    program_kinds = [t.kind for t in collect(world.program)[0]]
    # A story shared with the group only stays out of what the program's staff see.
    assert sorted(program_kinds) == ["excerpt"] * 3 + ["story"] * 3
    assert "outdoor play" in phrases(compute(world.program, world.community))


def test_at_program_level_one_community_is_not_enough(world: World) -> None:
    topics(world.community, people(world, 4), OUTDOOR + TRANSITIONS)
    alone = compute(world.program)
    assert alone.themes == [] and alone.withheld >= 1
    topics(world.other_community, people(world, 3, world.other_community), OUTDOOR)
    together = compute(world.program)
    outdoor = next(t for t in together.themes if "outdoor play" in t.phrases)
    assert outdoor.communities == 2 and outdoor.people == 7
    # "sand timer" is still one group's alone: no theme or phrase of it shows.
    assert "sand timer" not in phrases(together)


def test_one_persons_phrase_and_peoples_names_never_show(world: World) -> None:
    group = people(world, 4)
    topics(world.community, group, OUTDOOR)
    mina = world.member
    for body in OUTDOOR:  # Mina's distinctive words, beside the group's theme
        make_story(
            mina, world.community, immediate=f"My grandmother's sourdough. {body}", group=True
        )
    for person in group[:3]:  # three people name Fay and Mina in what they share
        make_story(
            person,
            world.community,
            immediate="Fay Facilitator and Mina said outdoor play",
            group=True,
        )
    shown = " ".join(phrases(compute(world.program, world.community)))
    assert "outdoor play" in shown
    for private in ("sourdough", "grandmother", "fay", "facilitator", "mina", "quill"):
        assert private not in shown


def test_recomputing_gives_the_same_themes(world: World) -> None:
    topics(world.community, people(world, 5), OUTDOOR + TRANSITIONS)
    topics(world.other_community, people(world, 3, world.other_community), OUTDOOR + TRANSITIONS)

    def snapshot() -> list[tuple[Any, ...]]:
        threads = compute(world.program)
        return [(t.phrases, t.texts, t.people, t.communities, t.months) for t in threads.themes]

    first = snapshot()
    assert first and snapshot() == first


def test_saving_texts_marks_scopes_stale_once_committed(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = Gathering.objects.create(
            community=world.community,
            title="Next",
            starts_at=timezone.now() + dt.timedelta(days=3),
            duration_minutes=60,
            timezone="America/Vancouver",
            location="Library",
        )
        scheduled.reminder_sent_at = timezone.now()
        scheduled.save(update_fields=["reminder_sent_at"])
    assert not Scope.objects.exists()  # no text was written
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        world.gathering.notes = "We talked about outdoor play."
        world.gathering.save()
        world.gathering.notes += " And rain gear."
        world.gathering.save()
    assert len(callbacks) == 2
    group = Scope.objects.get(community=world.community)
    program = Scope.objects.get(program=world.program, community__isnull=True)
    assert group.version == 1 and program.version == 1  # one mark for the whole commit
    assert group.is_stale and group.queued_at is None  # the immediate backend queues nothing
    with django_capture_on_commit_callbacks(execute=True):
        make_story(world.member, world.other_community, immediate="x", group=True)
        make_reflection(world.program, world.member, shareable_excerpt="Outdoors.")
        Debrief.objects.create(gathering=world.gathering, common_threads="Rain.")
    group.refresh_from_db()
    assert group.version == 3  # the excerpt (Mina is here) and the debrief
    assert Scope.objects.get(community=world.other_community).version == 1
    program.refresh_from_db()
    assert program.version == 4


def test_a_burst_of_changes_queues_one_computation_a_few_minutes_later(
    world: World, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    for text in ("Outdoor play.", "Rain gear.", "Muddy puddles."):
        with django_capture_on_commit_callbacks(execute=True):
            world.gathering.notes = text
            world.gathering.save()
    queued = list(DBTaskResult.objects.order_by("run_after"))
    assert len(queued) == 2  # the group's scope and the program's, once each
    later = timezone.now() + actions.DEBOUNCE - dt.timedelta(seconds=30)
    assert all(q.run_after and q.run_after > later for q in queued)
    scope = Scope.objects.get(community=world.community)
    assert scope.version == 3 and scope.queued_at is not None
    assert {q.args_kwargs["kwargs"]["scope_id"] for q in queued} == set(
        Scope.objects.values_list("pk", flat=True)
    )
    actions.recompute(scope.pk)  # what the worker runs
    scope.refresh_from_db()
    assert scope.queued_at is None and not scope.is_stale and scope.computed_version == 3


def test_erasing_an_account_removes_its_words_from_the_threads(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    tellers = [world.member, *people(world, 2)]
    for person in tellers:
        for body in OUTDOOR:
            make_story(person, world.community, immediate=body, group=True)
    assert compute(world.program, world.community).themes
    with django_capture_on_commit_callbacks(execute=True):
        do_erase_user(user=world.member)
    assert Scope.objects.get(community=world.community).is_stale
    assert compute(world.program, world.community).themes == []  # two people are left


def test_the_task_and_the_command_compute_what_is_stale(
    world: World, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        topics(world.community, people(world, 3), OUTDOOR)
    assert Scope.objects.filter(computed_at__isnull=True).count() == 2
    call_command("compute_themes", verbosity=0)
    assert not Scope.objects.filter(computed_at__isnull=True).exists()
    assert Theme.objects.filter(scope__community=world.community).exists()
    call_command("compute_themes", "--all", verbosity=0)
    elsewhere = CommunityFactory()
    call_command("compute_themes", "--all", verbosity=0)
    assert Scope.objects.filter(community=elsewhere, computed_at__isnull=False).exists()
    scope = Scope.objects.get(community=world.community)
    result = actions.recompute_themes.enqueue(scope_id=scope.pk)
    assert result.return_value == Theme.objects.filter(scope=scope).count() > 0
    assert actions.recompute(-1) == (None, 0)
