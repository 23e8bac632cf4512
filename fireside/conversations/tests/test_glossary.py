"""Shared understandings: terms that hold several members' perspectives side by side."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.communities.actions import do_update_agreement
from fireside.conversations import glossary
from fireside.conversations.models import Perspective, Term
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed
from fireside.search.models import Entry

pytestmark = pytest.mark.django_db


def _term(world: World, name: str = "Loose parts", **kwargs: Any) -> Term:
    return glossary.check_add_term(
        author=world.member,
        community=world.community,
        name=name,
        perspective=kwargs.get("perspective", "Open-ended things children *move*."),
    )


def test_a_term_starts_with_its_authors_perspective(world: World) -> None:
    term = _term(world, name="  Loose   parts ")
    assert term.name == "Loose parts"
    (first,) = term.perspectives.all()
    assert first.author == world.member and "<em>move</em>" in first.body_html
    entry = Entry.objects.get(type="term", object_id=term.pk)
    assert entry.title == "Loose parts" and "move" in entry.body


def test_a_term_is_in_the_glossary_once_whatever_its_case(world: World) -> None:
    _term(world)
    with pytest.raises(Conflict, match="already in the glossary"):
        _term(world, name="LOOSE PARTS")
    # Another group has its own glossary.
    glossary.check_add_term(
        author=world.outsider, community=world.other_community, name="Loose parts", perspective="p"
    )
    assert Term.objects.count() == 2


def test_each_member_has_one_perspective_and_only_they_change_it(world: World) -> None:
    term = _term(world)
    theirs = glossary.check_set_perspective(author=world.facilitator, term=term, body="Treasure")
    glossary.check_set_perspective(author=world.member, term=term, body="Changed my mind")
    assert term.perspectives.count() == 2
    mine = Perspective.objects.get(term=term, author=world.member)
    assert mine.body == "Changed my mind"
    theirs.refresh_from_db()
    assert theirs.body == "Treasure"  # the member's edit never touches someone else's words
    assert "Treasure" in Entry.objects.get(type="term", object_id=term.pk).body


@pytest.mark.parametrize(
    ("name", "perspective"), [("", "p"), ("t", ""), ("x" * 121, "p"), ("t", "x" * 5001)]
)
def test_empty_or_long_terms_are_refused(world: World, name: str, perspective: str) -> None:
    with pytest.raises(InvalidInput):
        _term(world, name=name, perspective=perspective)
    assert not Term.objects.exists()


def test_only_members_who_accepted_the_agreement_add(world: World) -> None:
    with pytest.raises(NotAllowed):
        glossary.check_add_term(
            author=world.outsider, community=world.community, name="t", perspective="p"
        )
    term = _term(world)
    do_update_agreement(actor=world.facilitator, community=world.community, text="New rules")
    with pytest.raises(NotAllowed):
        glossary.check_set_perspective(author=world.member, term=term, body="b")


def test_the_pages_add_a_term_and_perspectives_side_by_side(client: Client, world: World) -> None:
    client.force_login(world.member)
    new = reverse("conversations:term_new", args=[world.community.pk])
    assert '<label for="id_name">' in client.get(new).content.decode()
    response = client.post(new, {"name": "Provocation", "perspective": "An invitation"})
    term = Term.objects.get()
    assert response["Location"] == term.get_absolute_url()

    client.force_login(world.facilitator)
    mine = reverse("conversations:perspective", args=[term.pk])
    client.post(mine, {"body": "A question in *things*"})
    html = client.get(term.get_absolute_url()).content.decode()
    assert "An invitation" in html and "<em>things</em>" in html
    assert "Mina Member" in html and "Fay Facilitator" in html
    assert "Change your perspective" in html

    form = client.get(mine).content.decode()
    assert "A question in *things*" in form and "csrfmiddlewaretoken" in form
    client.post(mine, {"body": "Changed"})
    assert Perspective.objects.get(author=world.facilitator).body == "Changed"
    assert Perspective.objects.get(author=world.member).body == "An invitation"

    listing = client.get(reverse("conversations:glossary", args=[world.community.pk]))
    assert "Provocation" in listing.content.decode()
    assert "2 perspectives" in listing.content.decode()


def test_a_duplicate_term_points_to_the_existing_one(client: Client, world: World) -> None:
    term = _term(world)
    client.force_login(world.facilitator)
    response = client.post(
        reverse("conversations:term_new", args=[world.community.pk]),
        {"name": "loose parts", "perspective": "x"},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "error-summary" in html
    assert term.get_absolute_url() in html
    assert Term.objects.count() == 1


def test_outsiders_never_see_a_glossary(client: Client, world: World) -> None:
    term = _term(world)
    for user in (world.outsider, world.waitlisted, world.staff):
        client.force_login(user)
        assert client.get(term.get_absolute_url()).status_code == 404
        assert (
            client.post(
                reverse("conversations:perspective", args=[term.pk]), {"body": "x"}
            ).status_code
            == 404
        )
    assert term.perspectives.count() == 1
