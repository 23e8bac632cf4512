"""The value story pages through the Django test client, with their query counts."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.demo.factories import UserFactory, make_member
from fireside.stories.models import Story
from fireside.stories.tests.factories import make_story

pytestmark = pytest.mark.django_db


def url(name: str, *args: Any) -> str:
    return reverse(f"stories:{name}", args=args)


def page(response: Any) -> str:
    assert response.status_code == 200, response.status_code
    return str(response.content.decode())


def test_a_member_tells_a_story_in_a_few_lines(client: Client, world: World) -> None:
    client.force_login(world.member)
    html = page(client.get(url("new", world.community.pk)))
    assert "What happened" in html and "What the program could learn" in html
    assert 'name="share_with_group"' in html and "checked" not in html  # private by default
    response = client.post(
        url("new", world.community.pk),
        {"title": "The sand timer", "immediate": "Fay showed us a sand timer.", "applied": ""},
    )
    story = Story.objects.get()
    assert response.status_code == 302 and response["Location"] == url("story", story.pk)
    assert story.is_private and story.cycles == ["immediate"]
    html = page(client.get(response["Location"]))
    assert "Saved. Only you can read it." in html and "Fay showed us a sand timer." in html


def test_a_story_with_nothing_told_is_refused_on_the_form(client: Client, world: World) -> None:
    client.force_login(world.member)
    html = page(client.post(url("new", world.community.pk), {"title": "Empty", "immediate": " "}))
    assert "error-summary" in html and "Tell at least one part of your story" in html
    html = page(client.post(url("new", world.community.pk), {"title": "", "immediate": "x"}))
    assert "error-summary" in html
    html = page(client.post(url("new", world.community.pk), {"title": "t", "immediate": "a\x00"}))
    assert "error-summary" in html
    assert not Story.objects.exists()


def test_the_author_edits_shares_stops_sharing_and_deletes(client: Client, world: World) -> None:
    story = make_story(world.member, world.community, immediate="First draft.")
    client.force_login(world.member)
    response = client.post(
        url("story", story.pk),
        {
            "title": "Second try",
            "immediate": "Better words.",
            "share_with_group": "on",
            "share_with_program": "on",
        },
    )
    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Second try" and story.is_shared_with_group
    html = page(client.get(url("story", story.pk)))
    assert "Saved, and shared the way you chose." in html and "Stop sharing it" in html
    assert client.post(url("stop_sharing", story.pk)).status_code == 302
    story.refresh_from_db()
    assert story.is_private
    assert client.post(url("delete", story.pk))["Location"] == url("mine")
    assert not Story.objects.exists()


def test_nobody_else_learns_a_story_exists(client: Client, world: World) -> None:
    story = make_story(world.member, world.community, group=True, program=True)
    for person in (world.facilitator, world.coordinator, world.mentor, world.staff):
        client.force_login(person)
        assert client.get(url("story", story.pk)).status_code == 404
        assert (
            client.post(url("story", story.pk), {"title": "x", "immediate": "y"}).status_code == 404
        )
        assert client.post(url("stop_sharing", story.pk)).status_code == 404
        assert client.post(url("delete", story.pk)).status_code == 404
    story.refresh_from_db()
    assert story.title == "A calmer tidy-up" and not story.is_private


def test_my_stories_page(client: Client, world: World, django_assert_num_queries: Any) -> None:
    for i in range(5):
        make_story(world.member, world.community, title=f"Story {i}", group=bool(i % 2))
    client.force_login(world.member)
    # session, user, active groups, stories with their groups, notifications badge
    with django_assert_num_queries(5):
        html = page(client.get(url("mine")))
    assert html.count('href="/stories/') >= 5 and "Tell a story" in html
    assert "shared with your group" in html and "private" in html


def test_the_group_reads_the_stories_shared_with_it_under_their_names(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    for i in range(6):
        author = make_member(world.community, UserFactory(name=f"Teller {i}"))
        make_story(author, world.community, title=f"Shared {i}", realised="It helped.", group=True)
    make_story(world.member, world.community, title="Kept private", immediate="Mine.")
    make_story(world.member, world.community, title="Program only", immediate="p", program=True)
    make_story(world.outsider, world.other_community, title="Next door", immediate="n", group=True)
    client.force_login(world.facilitator)
    # session, user, community + program, standing (membership, agreement, roles, program
    # roles), count, stories with authors, notifications badge
    with django_assert_num_queries(10):
        html = page(client.get(url("group", world.community.pk)))
    assert "Shared 5" in html and "Teller 5" in html and "The difference it made" in html
    for hidden in ("Kept private", "Program only", "Next door"):
        assert hidden not in html
    client.force_login(world.mentor)
    assert client.get(url("group", world.community.pk)).status_code == 403


def test_coordinators_see_counts_beside_anonymous_stories(
    client: Client, world: World, django_assert_num_queries: Any
) -> None:
    make_story(world.member, world.community, title="Seeds", immediate="We planted.", program=True)
    make_story(world.facilitator, world.community, title="Named", applied="x", group=True)
    make_story(world.outsider, world.other_community, title="Own", applied="y", realised="z")
    client.force_login(world.coordinator)
    # session, user, program, program roles, indicators, count, stories, badge
    with django_assert_num_queries(8):
        html = page(client.get(url("program", world.program.pk)))
    assert "3 stories told" in html and "by 3 people" in html
    assert (
        '<th scope="row">Applied value <span class="meta">· what you did differently</span></th>'
        '<td class="number">2</td>'
    ) in html
    assert "Seeds" in html and "We planted." in html
    for hidden in ("Named", "Own", "Mina", "Fay", "Otto", world.community.name):
        assert hidden not in html
    client.force_login(world.mentor)
    assert client.get(url("program", world.program.pk)).status_code == 403
