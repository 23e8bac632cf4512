"""Who sees a person's photo: the people who share a group or a pair with them, and they
themselves. Everyone else, and every public page, gets initials; the photo's address
answers 404 to them."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PERSONAS, World
from fireside.accounts import photos
from fireside.accounts.faces import PALETTE, Faces, may_see_photo, photo_url
from fireside.accounts.models import User
from fireside.accounts.tests import pictures
from fireside.communities.models import Membership
from fireside.conversations.actions import check_reply, check_start_thread
from fireside.demo.factories import make_member
from fireside.mentoring.tests.factories import make_pairing

pytestmark = pytest.mark.django_db


def contrast(hex_colour: str, other: tuple[int, int, int] = (255, 255, 255)) -> float:
    def luminance(rgb: tuple[int, ...]) -> float:
        def channel(c: int) -> float:
            s = c / 255
            return s / 12.92 if s <= 0.04045 else ((s + 0.055) / 1.055) ** 2.4

        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    rgb = tuple(int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    light, dark = sorted((luminance(rgb), luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_initials_have_aa_contrast_on_every_colour_of_the_palette() -> None:
    css = (Path(__file__).resolve().parents[2] / "static/css/fireside.css").read_text()
    for index, colour in enumerate(PALETTE):
        assert contrast(colour) >= 4.5, colour
        assert f".avatar-c{index} {{ background: {colour}; }}" in css


@pytest.fixture
def photographed(world: World, settings: Any, tmp_path: Path) -> User:
    """Mina, the member, has a photo."""
    settings.MEDIA_ROOT = tmp_path
    return photos.check_set_photo(
        user=world.member, upload=pictures.upload(pictures.png(), "mina.png")
    )


# Mina shares her group with Fay; Otto is in a sibling group, Walt only waits for hers, and
# the mentor, the coordinator and staff share no group with her.
SEES_MINA = {"member", "facilitator"}


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("size", [96, 256])
def test_the_photo_is_only_for_who_shares_a_group(
    world: World, photographed: User, persona: str, size: int
) -> None:
    client = Client()
    viewer = world.persona(persona)
    if viewer is not None:
        client.force_login(viewer)
    response = client.get(photo_url(photographed, size))
    if persona in SEES_MINA:
        assert response.status_code == 200
        assert response["Cache-Control"].startswith("private")
        assert pictures.read(b"".join([response.content])).size == (size, size)
    else:
        # The same answer as for someone without a photo: nothing to learn from it.
        assert response.status_code == 404
        assert b"RIFF" not in response.content


def test_an_unknown_size_or_a_person_without_a_photo_is_404(
    world: World, photographed: User
) -> None:
    client = Client()
    client.force_login(world.facilitator)
    assert client.get(f"/accounts/people/{photographed.pk}/photo/512/").status_code == 404
    url = reverse("accounts:photo_image", kwargs={"user_id": world.facilitator.pk, "size": 96})
    assert client.get(url).status_code == 404  # Fay has no photo


def test_leaving_the_group_ends_the_sharing_but_a_current_pair_keeps_it(
    world: World, photographed: User
) -> None:
    pairing = make_pairing(world.community, world.member, world.facilitator)
    Membership.objects.filter(user=world.facilitator).update(status="left")
    assert may_see_photo(world.facilitator, photographed)  # still her peer partner
    pairing.ended_on = pairing.starts_on
    pairing.save()
    assert not may_see_photo(world.facilitator, photographed)
    Membership.objects.filter(user=world.facilitator).update(status="active")
    assert may_see_photo(world.facilitator, photographed)
    Membership.objects.filter(user=world.member).update(status="waitlisted")
    assert not may_see_photo(world.facilitator, photographed)


def test_an_inactive_person_shows_no_photo(world: World, photographed: User) -> None:
    User.objects.filter(pk=photographed.pk).update(is_active=False)
    person = User.objects.get(pk=photographed.pk)
    assert not may_see_photo(world.facilitator, person)


def render(person: User | None, faces: Faces, size: int = 40, alt: str = "") -> str:
    template = Template("{% load avatars %}{% avatar person faces size alt %}")
    return template.render(Context({"person": person, "faces": faces, "size": size, "alt": alt}))


def test_the_tag_shows_the_photo_with_its_size_or_initials_without_a_query(
    world: World, photographed: User, django_assert_num_queries: Any
) -> None:
    sharing = Faces.known(world.facilitator, [photographed.pk])
    with django_assert_num_queries(0):
        shown = render(photographed, sharing)
        small = render(photographed, sharing, 32, "Mina Member")
        hidden = render(photographed, Faces.none(world.coordinator))
        nobody = render(None, sharing)
    assert 'width="40" height="40"' in shown and 'alt=""' in shown
    assert photo_url(photographed, 96) in shown
    assert photo_url(photographed, 96) in small and 'alt="Mina Member"' in small
    assert "<img" not in hidden and ">MM</span>" in hidden and 'aria-hidden="true"' in hidden
    assert "<img" not in nobody
    big = render(photographed, sharing, 128)
    assert photo_url(photographed, 256) in big and 'width="128"' in big


def test_among_asks_once_and_only_when_someone_shown_has_a_photo(
    world: World, photographed: User, django_assert_num_queries: Any
) -> None:
    with django_assert_num_queries(0):
        assert Faces.among(world.member, [world.facilitator, None]).visible == frozenset()
    with django_assert_num_queries(1):
        faces = Faces.among(world.facilitator, [photographed, world.member, world.facilitator])
    assert faces.shows(photographed)
    with django_assert_num_queries(1):
        assert not Faces.among(world.coordinator, [photographed]).shows(photographed)
    assert not Faces.among(None, [photographed]).shows(photographed)


def test_no_public_or_staff_page_shows_the_photo(world: World, photographed: User) -> None:
    photo = f"?v={photographed.photo}"
    pages = [
        (None, reverse("communities:directory")),
        (None, reverse("communities:detail", args=[world.community.pk])),
        (world.coordinator, reverse("communities:members", args=[world.community.pk])),
    ]
    for viewer, url in pages:
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        response = client.get(url)
        assert response.status_code == 200
        assert photo not in response.content.decode(), url
    client = Client()
    client.force_login(world.facilitator)
    members = client.get(reverse("communities:members", args=[world.community.pk])).content
    assert photo in members.decode()


def _thread_with_photographed_authors(world: World, authors: int) -> str:
    thread = check_start_thread(
        author=world.facilitator, community=world.community, title="T", body="b", kind="idea"
    )
    for n in range(authors):
        person = make_member(world.community)
        User.objects.filter(pk=person.pk).update(photo=f"photo-{n}-{thread.pk}")
        check_reply(author=User.objects.get(pk=person.pk), thread=thread, body=f"reply {n}")
    User.objects.filter(pk=world.facilitator.pk).update(photo=f"fay-{thread.pk}")
    return thread.get_absolute_url()


def test_a_thread_asks_once_for_its_authors_photos_however_many(world: World) -> None:
    """One query decides every author's photo: the count is the same for 2 and 5 authors."""
    world.community.capacity = 12
    world.community.save()
    client = Client()
    client.force_login(world.member)
    counts = []
    for authors in (2, 5):
        url = _thread_with_photographed_authors(world, authors)
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            page = client.get(url).content.decode()
        counts.append(len(ctx.captured_queries))
        assert page.count('<img class="avatar') == authors + 1
    assert counts[0] == counts[1]
