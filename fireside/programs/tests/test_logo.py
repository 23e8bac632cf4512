"""The program's logo for the report's cover: set by coordinators or staff, checked and
written again from its pixels alone (no EXIF, no GPS), its shape kept, and removable."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts.tests import pictures
from fireside.audit.models import AuditEvent
from fireside.programs.models import Program

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


def send(client: Client, program: Program, data: bytes, name: str = "logo.jpg") -> Any:
    return client.post(
        reverse("programs:logo", args=[program.pk]), {"file": pictures.upload(data, name)}
    )


def test_a_coordinator_sets_a_clean_logo_its_shape_kept(world: World, media: Path) -> None:
    client = as_(world.coordinator)
    response = send(
        client, world.program, pictures.jpeg_with_gps(orientation=1, width=2400, height=800)
    )
    assert response.status_code == 302
    program = Program.objects.get(pk=world.program.pk)
    assert stored(media) == [f"{program.logo}.webp"]
    served = client.get(reverse("programs:logo_image", args=[program.pk]))
    image = pictures.read(served.content)
    assert (image.format, image.size) == ("WEBP", (1200, 400))  # fitted, not cropped
    assert dict(image.getexif()) == {} and b"SecretCam" not in served.content
    assert AuditEvent.objects.filter(verb="programs.set_logo").count() == 1
    page = client.get(reverse("programs:logo", args=[program.pk])).content.decode()
    assert f"?v={program.logo}" in page and "Remove the logo" in page
    detail = client.get(reverse("programs:detail", args=[program.pk])).content.decode()
    assert reverse("programs:logo", args=[program.pk]) in detail


@pytest.mark.parametrize(
    ("make", "name", "why", "status"),
    [
        (pictures.png, "logo.jpg", "ends in .jpg, but it is a PNG image", 415),
        (pictures.bomb, "logo.png", "too many pixels", 422),
        (lambda: b"hello\n", "logo.txt", "Choose a photo or picture", 415),
    ],
)
def test_it_refuses_what_is_not_a_usable_picture(
    world: World, media: Path, make: Any, name: str, why: str, status: int
) -> None:
    response = send(as_(world.coordinator), world.program, make(), name)
    assert response.status_code == status
    assert why in response.content.decode().replace("&#x27;", "'")
    assert stored(media) == [] and Program.objects.get(pk=world.program.pk).logo == ""


def test_an_empty_form_says_what_is_missing(world: World, media: Path) -> None:
    response = as_(world.coordinator).post(reverse("programs:logo", args=[world.program.pk]))
    assert response.status_code == 422 and "Choose a picture first." in response.content.decode()


@pytest.mark.parametrize(("persona", "status"), [("member", 403), ("mentor", 403)])
def test_only_coordinators_and_staff_set_it(
    world: World, media: Path, persona: str, status: int
) -> None:
    response = send(as_(world.persona(persona)), world.program, pictures.jpeg_with_gps())
    assert response.status_code == status
    assert stored(media) == []


def test_staff_replace_it_and_removing_deletes_the_file(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_(world.staff)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, world.program, pictures.jpeg_with_gps())
        send(client, world.program, pictures.jpeg_with_gps())
    assert len(stored(media)) == 1  # the first one is gone
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("programs:logo_remove", args=[world.program.pk]))
    assert response.status_code == 302
    assert stored(media) == [] and Program.objects.get(pk=world.program.pk).logo == ""
    assert client.get(reverse("programs:logo_image", args=[world.program.pk])).status_code == 404
    assert AuditEvent.objects.filter(verb="programs.remove_logo").count() == 1
