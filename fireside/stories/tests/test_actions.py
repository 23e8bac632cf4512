"""Telling, editing, sharing and unsharing value stories; the indicators and consented
stories the program report reads; export and erasure."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import World
from fireside.accounts.actions import do_erase_user, export_user_data
from fireside.audit.models import AuditEvent
from fireside.demo.factories import CommunityFactory, make_member
from fireside.lib.errors import InvalidInput, NotAllowed, NotFoundError
from fireside.stories import actions
from fireside.stories.models import CYCLES, Story
from fireside.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def tell(world: World, **fields: Any) -> Story:
    fields.setdefault("title", "Sand timer")
    fields.setdefault("parts", {"immediate": "We tried a sand timer.", "applied": "I use it."})
    return actions.check_tell_story(author=world.member, community=world.community, **fields)


def test_a_story_is_private_unless_its_author_shares_it(world: World) -> None:
    story = tell(world)
    assert story.is_private and story.cycles == ["immediate", "applied"]
    assert list(actions.group_stories(world.community)) == []
    assert actions.consented_stories(world.program) == []
    event = AuditEvent.objects.get(verb="stories.tell")
    assert event.data == {
        "cycles": ["immediate", "applied"],
        "with_group": False,
        "with_program": False,
    }
    assert "sand timer" not in str(event.data).lower()  # the audit keeps no words


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"parts": {}}, "at least one part"),
        ({"parts": {"immediate": "   "}}, "at least one part"),
        ({"parts": {"orienting": "x"}}, "Unknown parts: orienting"),
        ({"parts": {"immediate": "x" * 2001}}, "2,001 characters; the limit is 2,000"),
        ({"parts": {"immediate": "a\x00b"}}, "not allowed"),
        ({"parts": {"immediate": 5}}, "must be text"),
        ({"title": ""}, "title is required"),
        ({"title": "t" * 121}, "121 characters; the limit is 120"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    world: World, fields: dict[str, Any], message: str
) -> None:
    with pytest.raises(InvalidInput, match=message):
        tell(world, **fields)
    assert not Story.objects.exists()


def test_only_active_members_tell_stories_in_a_group(world: World) -> None:
    for person in (world.waitlisted, world.outsider, world.coordinator):
        with pytest.raises(NotAllowed):
            actions.check_tell_story(
                author=person, community=world.community, title="t", parts={"immediate": "x"}
            )
    assert not Story.objects.exists()


def test_editing_keeps_the_moment_of_consent_and_unticking_withdraws_it(world: World) -> None:
    story = tell(world, share_with_group=True, share_with_program=True)
    first = story.shared_with_program_at
    parts = {"immediate": "We tried a sand timer.", "realised": "Calmer mornings."}
    edited = actions.check_edit_story(
        author=world.member,
        story=story,
        title="Calmer mornings",
        parts=parts,
        share_with_group=False,
        share_with_program=True,
    )
    assert edited.shared_with_program_at == first
    assert edited.shared_with_group_at is None
    assert edited.cycles == ["immediate", "realised"] and edited.applied == ""
    assert AuditEvent.objects.get(verb="stories.withdraw").data == {"ways": ["group"]}


def test_someone_elses_story_cannot_be_edited_unshared_or_deleted(world: World) -> None:
    story = tell(world, share_with_group=True)
    with pytest.raises(NotFoundError):
        actions.check_edit_story(
            author=world.facilitator, story=story, title="Mine now", parts={"immediate": "x"}
        )
    with pytest.raises(NotFoundError):
        actions.do_stop_sharing(author=world.facilitator, story=story)
    with pytest.raises(NotFoundError):
        actions.do_delete_story(author=world.facilitator, story=story)
    story.refresh_from_db()
    assert story.title == "Sand timer" and story.is_shared_with_group


def test_stop_sharing_makes_a_story_private_again(world: World) -> None:
    story = tell(world, share_with_group=True, share_with_program=True)
    actions.do_stop_sharing(author=world.member, story=story)
    story.refresh_from_db()
    assert story.is_private
    assert AuditEvent.objects.get(verb="stories.withdraw").data == {"ways": ["group", "program"]}
    assert actions.consented_stories(world.program) == []


def test_a_former_member_cannot_newly_share_with_the_group(world: World) -> None:
    story = tell(world)
    world.member.memberships.update(status="left")
    with pytest.raises(NotAllowed, match="no longer in this group"):
        actions.check_edit_story(
            author=world.member,
            story=story,
            title="t",
            parts={"immediate": "x"},
            share_with_group=True,
        )
    # Keeping it to oneself, or sharing with the program, still works.
    edited = actions.check_edit_story(
        author=world.member,
        story=story,
        title="t",
        parts={"immediate": "x"},
        share_with_program=True,
    )
    assert edited.is_shared_with_program


def test_indicators_count_every_story_by_cycle_without_reading_words(
    world: World, django_assert_num_queries: Any
) -> None:
    # Hand-counted: 4 stories by 3 people in the group, 1 in the sibling group.
    make_story(world.member, world.community, immediate="a", applied="b")
    make_story(world.member, world.community, immediate="a", realised="c", program=True)
    make_story(world.facilitator, world.community, transformative="d", group=True)
    third = make_member(world.community)
    make_story(third, world.community, enabling="e", strategic="f")
    make_story(world.outsider, world.other_community, immediate="a", potential="g")
    with django_assert_num_queries(1):
        whole = actions.value_indicators(world.program)
    assert (whole.stories, whole.storytellers, whole.shared_with_program) == (5, 4, 1)
    assert whole.by_cycle == {
        "immediate": 3,
        "potential": 1,
        "applied": 1,
        "realised": 1,
        "transformative": 1,
        "enabling": 1,
        "strategic": 1,
    }
    group = actions.value_indicators(world.program, world.community)
    assert (group.stories, group.storytellers) == (4, 3)
    assert group.by_cycle["immediate"] == 2 and group.by_cycle["potential"] == 0
    assert [row[0] for row in group.rows()] == list(CYCLES)
    with django_assert_num_queries(1):
        by_community = actions.value_indicators_by_community(world.program)
    assert by_community[world.community.pk] == group
    assert by_community[world.other_community.pk].by_cycle["potential"] == 1
    elsewhere = CommunityFactory()
    assert actions.value_indicators(elsewhere.program).stories == 0


def test_consented_stories_carry_no_name_group_or_date(world: World) -> None:
    make_story(world.member, world.community, title="Zinnias", immediate="Seeds.", program=True)
    make_story(world.facilitator, world.community, title="apples", realised="Snack.", program=True)
    make_story(world.member, world.community, title="Only ours", immediate="x", group=True)
    make_story(world.member, world.community, title="Only mine", immediate="y")
    shared = actions.consented_stories(world.program)
    assert [s.title for s in shared] == ["apples", "Zinnias"]  # by title, not by who or when
    assert shared[0].parts == [("realised", "The difference it made", "Snack.")]
    text = repr(shared)
    for revealing in ("Mina", "Fay", world.community.name, "2026", "author"):
        assert revealing not in text
    assert actions.consented_stories(world.program, world.other_community) == []


def test_the_export_holds_ones_stories_and_erasure_removes_them(world: World) -> None:
    mine = make_story(world.member, world.community, immediate="My words.", program=True)
    make_story(world.facilitator, world.community, immediate="Fay's words.", group=True)
    exported = export_user_data(user=world.member)["value_stories"]
    assert [s["id"] for s in exported] == [mine.pk]
    assert exported[0]["immediate"] == "My words." and exported[0]["shared_with_program_at"]
    assert "Fay's words." not in str(export_user_data(user=world.member))
    do_erase_user(user=world.member)
    assert not Story.objects.filter(pk=mine.pk).exists()
    assert Story.objects.filter(author=world.facilitator).count() == 1
    assert actions.consented_stories(world.program) == []
