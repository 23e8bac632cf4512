"""A group's cover picture: set by its facilitators or coordinators with words saying what it
shows, kept 16:9 at two widths, and public like the directory card that shows it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.tests import pictures
from fireside.communities.covers import cover_url
from fireside.communities.models import Community

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media: Path) -> list[str]:
    return sorted(p.name for p in media.rglob("*") if p.is_file())


def as_(user: Any) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def send(
    client: Client, community: Community, alt: str = "A trail through tall pines", **extra: Any
) -> Any:
    body = {"file": pictures.upload(pictures.jpeg_with_gps(width=800, height=800)), "alt": alt}
    return client.post(reverse("communities:cover", args=[community.pk]), {**body, **extra})


def test_a_facilitator_sets_a_wide_clean_cover_everyone_can_see(world: World, media: Path) -> None:
    response = send(as_(world.facilitator), world.community)
    assert response.status_code == 302
    community = Community.objects.get(pk=world.community.pk)
    assert community.cover_alt == "A trail through tall pines"
    assert stored(media) == sorted(f"{community.cover}-{w}.webp" for w in (480, 1200))
    for width, height in ((480, 270), (1200, 675)):
        served = as_(None).get(cover_url(community, width))
        assert served.status_code == 200
        assert served["Cache-Control"] == "public, max-age=604800"
        image = pictures.read(served.content)
        assert (image.format, image.size) == ("WEBP", (width, height))
        assert dict(image.getexif()) == {} and b"SecretCam" not in served.content
    card = as_(None).get(reverse("communities:directory")).content.decode()
    assert f'srcset="{cover_url(community, 480)} 480w, {cover_url(community, 1200)} 1200w"' in card
    assert 'width="1200" height="675" alt="A trail through tall pines"' in card
    home = as_(world.member).get(reverse("home")).content.decode()
    assert cover_url(community, 480) in home
    group = as_(world.member).get(reverse("communities:home", args=[community.pk])).content
    assert cover_url(community, 1200) in group.decode()


def test_it_needs_words_for_the_picture(world: World, media: Path) -> None:
    response = send(as_(world.facilitator), world.community, alt="   ")
    assert response.status_code == 200
    assert "Say in a few words what the picture shows" in response.content.decode()
    assert stored(media) == []
    assert Community.objects.get(pk=world.community.pk).cover == ""


def test_it_says_the_cover_is_public(world: World, media: Path) -> None:
    page = as_(world.coordinator).get(reverse("communities:cover", args=[world.community.pk]))
    assert page.status_code == 200
    assert "Shown on the public group page and directory; don" in page.content.decode()


@pytest.mark.parametrize(
    ("make", "name", "why"),
    [
        (pictures.png, "cover.jpg", "ends in .jpg, but it is a PNG image"),
        (pictures.bomb, "cover.png", "too many pixels"),
        (lambda: b"hello\n", "cover.txt", "Choose a photo or picture"),
    ],
)
def test_it_refuses_what_is_not_a_usable_picture(
    world: World, media: Path, make: Any, name: str, why: str
) -> None:
    client = as_(world.facilitator)
    body = {"file": pictures.upload(make(), name), "alt": "Pines"}
    response = client.post(reverse("communities:cover", args=[world.community.pk]), body)
    assert why in response.content.decode().replace("&#x27;", "'")
    assert stored(media) == []


@pytest.mark.parametrize(
    ("persona", "status"), [("member", 403), ("outsider", 404), ("mentor", 403)]
)
def test_only_facilitators_and_coordinators_set_it(
    world: World, media: Path, persona: str, status: int
) -> None:
    response = send(as_(world.persona(persona)), world.community)
    assert response.status_code == status
    assert stored(media) == []


def test_the_words_change_alone_and_removing_deletes_the_files(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_(world.coordinator)
    send(client, world.community)
    url = reverse("communities:cover", args=[world.community.pk])
    assert client.post(url, {"alt": "Pines at dusk"}).status_code == 302
    community = Community.objects.get(pk=world.community.pk)
    assert community.cover_alt == "Pines at dusk" and len(stored(media)) == 2
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("communities:cover_remove", args=[community.pk]))
    assert response.status_code == 302
    assert stored(media) == []
    assert as_(None).get(cover_url(community, 480)).status_code == 404


def test_words_without_a_picture_ask_for_one(world: World, media: Path) -> None:
    url = reverse("communities:cover", args=[world.community.pk])
    response = as_(world.facilitator).post(url, {"alt": "Pines"})
    assert "Choose a picture first." in response.content.decode()
