"""A person's photo: what is stored is a clean square at two sizes; bad files are refused
with a clear word and leave nothing behind; removing and erasing delete the files."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from conftest import World
from fireside.accounts import photos
from fireside.accounts.actions import do_erase_user
from fireside.accounts.faces import photo_url
from fireside.accounts.models import User
from fireside.accounts.tests import pictures

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored(media: Path) -> list[str]:
    return sorted(p.name for p in media.rglob("*") if p.is_file())


def as_(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def send(client: Client, data: bytes, name: str = "photo.jpg", **crop: Any) -> Any:
    body = {"file": pictures.upload(data, name), **crop}
    return client.post(reverse("accounts:photo"), body)


def test_it_keeps_an_upright_square_without_any_metadata(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, pictures.jpeg_with_gps(orientation=6))
    assert response.status_code == 302
    member = User.objects.get(pk=world.member.pk)
    assert member.photo
    assert stored(media) == sorted(f"{member.photo}-{s}.webp" for s in (96, 256))
    for size in (96, 256):
        served = client.get(photo_url(member, size))
        assert served.status_code == 200
        assert served["Content-Type"] == "image/webp"
        assert served["Cache-Control"] == "private, max-age=86400"
        image = pictures.read(served.content)
        assert image.format == "WEBP"
        assert image.size == (size, size)
        assert "exif" not in image.info and "xmp" not in image.info
        assert "icc_profile" not in image.info
        assert dict(image.getexif()) == {}
        raw = served.content
        assert b"Exif" not in raw and b"SecretCam" not in raw and b"PhoneMaker" not in raw
        # Turned upright (a quarter to the right): the red left half is now on top.
        rgb = image.convert("RGB")
        top, bottom = rgb.getpixel((size // 2, size // 8)), rgb.getpixel((size // 2, size * 7 // 8))
        assert isinstance(top, tuple) and isinstance(bottom, tuple)
        assert top[0] > 150 and top[2] < 100, top
        assert bottom[2] > 150 and bottom[0] < 100, bottom


def test_it_keeps_the_square_the_person_chose(world: World, media: Path) -> None:
    client = as_(world.member)
    # Upright, the picture is 200 wide and 400 tall: its bottom square is all blue.
    response = send(
        client, pictures.jpeg_with_gps(orientation=6), crop_x="0", crop_y="200", crop_size="200"
    )
    assert response.status_code == 302
    member = User.objects.get(pk=world.member.pk)
    image = pictures.read(client.get(photo_url(member, 96)).content).convert("RGB")
    for point in [(5, 5), (48, 48), (90, 90)]:
        pixel = image.getpixel(point)
        assert isinstance(pixel, tuple) and pixel[2] > 150 and pixel[0] < 100, (point, pixel)


@pytest.mark.parametrize(
    ("crop", "why"),
    [
        ({"crop_x": "0", "crop_y": "250", "crop_size": "200"}, "outside the picture"),
        ({"crop_x": "-1", "crop_y": "0", "crop_size": "100"}, "outside the picture"),
        ({"crop_x": "0", "crop_y": "0", "crop_size": "10"}, "outside the picture"),
        ({"crop_x": "0", "crop_y": "0", "crop_size": "lots"}, "crop is not right"),
        ({"crop_x": "0", "crop_y": "", "crop_size": "100"}, "crop is not right"),
    ],
)
def test_it_refuses_a_crop_that_does_not_fit(
    world: World, media: Path, crop: dict[str, str], why: str
) -> None:
    response = send(as_(world.member), pictures.jpeg_with_gps(), **crop)
    assert response.status_code == 200
    assert why in response.content.decode()
    assert stored(media) == []
    assert User.objects.get(pk=world.member.pk).photo == ""


@pytest.mark.parametrize(
    ("make", "name", "status", "why"),
    [
        (pictures.png, "disguised.jpg", 415, "ends in .jpg, but it is a PNG image"),
        (lambda: b"just some words\n", "notes.jpg", 415, "ends in .jpg, but it is a plain text"),
        (lambda: b"%PDF-1.4\n%%EOF\n", "photo.pdf", 415, "Choose a photo or picture"),
        (pictures.bomb, "bomb.png", 200, "too many pixels"),
        (lambda: b"\xff\xd8\xff\xe0" + b"\x00" * 400, "broken.jpg", 200, "could not be read"),
        (lambda: pictures.png(40, 40), "tiny.png", 200, "too small"),
    ],
)
def test_it_refuses_what_is_not_a_usable_picture(
    world: World, media: Path, make: Any, name: str, status: int, why: str
) -> None:
    response = send(as_(world.member), make(), name)
    assert response.status_code == status
    assert why in response.content.decode().replace("&#x27;", "'")
    assert stored(media) == []
    assert User.objects.get(pk=world.member.pk).photo == ""


def test_it_refuses_a_file_over_the_limit_unread(world: World, media: Path, settings: Any) -> None:
    settings.UPLOAD_MAX_BYTES = 2048
    response = send(as_(world.member), pictures.jpeg_with_gps(width=1200, height=900) * 2)
    assert response.status_code == 413
    assert "larger than" in response.content.decode()
    assert stored(media) == []


def test_a_new_photo_replaces_the_old_files_and_removing_deletes_them(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    client = as_(world.member)
    with django_capture_on_commit_callbacks(execute=True):
        send(client, pictures.jpeg_with_gps())
    first = User.objects.get(pk=world.member.pk).photo
    with django_capture_on_commit_callbacks(execute=True):
        send(client, pictures.png(), "square.png")
    second = User.objects.get(pk=world.member.pk).photo
    assert second != first
    assert stored(media) == sorted(f"{second}-{s}.webp" for s in (96, 256))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:photo_remove"))
    assert response.status_code == 302
    assert stored(media) == []
    assert User.objects.get(pk=world.member.pk).photo == ""
    # The old address is gone too.
    assert client.get(f"/accounts/people/{world.member.pk}/photo/96/?v={second}").status_code == 404


def test_erasure_deletes_the_photo_files(
    world: World, media: Path, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        photos.check_set_photo(user=world.member, upload=pictures.upload(pictures.png(), "a.png"))
    assert len(stored(media)) == 2
    export = as_(world.member).get(reverse("accounts:export")).json()
    assert export["account"]["photo"] == photo_url(world.member, 256)
    with django_capture_on_commit_callbacks(execute=True):
        do_erase_user(user=User.objects.get(pk=world.member.pk))
    assert stored(media) == []
    assert User.objects.get(pk=world.member.pk).photo == ""


def test_a_failed_save_leaves_no_file(
    world: World, media: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("fireside.accounts.photos.record", broken)
    with pytest.raises(RuntimeError):
        photos.check_set_photo(user=world.member, upload=pictures.upload(pictures.png(), "a.png"))
    assert stored(media) == []
    assert User.objects.get(pk=world.member.pk).photo == ""


def test_the_pages_work_without_a_photo(world: World, media: Path) -> None:
    client = as_(world.member)
    page = client.get(reverse("accounts:photo")).content.decode()
    assert 'enctype="multipart/form-data"' in page
    assert "Remove my photo" not in page
    profile = client.get(reverse("accounts:profile")).content.decode()
    assert "Add a photo" in profile
    assert '<span class="avatar avatar-64' in profile and ">MM</span>" in profile
