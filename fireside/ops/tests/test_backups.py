"""manage.py backup / restore: a full round trip compares every table and every file."""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import connection

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.conversations.resources import check_share_resource
from fireside.conversations.tests import files
from fireside.demo.factories import UserFactory
from fireside.ops import backups


@pytest.fixture
def media(settings: Any, tmp_path: Path) -> Path:
    root = tmp_path / "var" / "media"
    root.mkdir(parents=True)
    settings.MEDIA_ROOT = root
    return root


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, in primary-key order, field by field."""
    tables: dict[str, list[tuple[Any, ...]]] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        columns = [f.attname for f in model._meta.concrete_fields]
        tables[model._meta.label_lower] = list(
            model._default_manager.order_by("pk").values_list(*columns)
        )
    return tables


def media_files(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_it_round_trips_the_demo_and_its_uploads(tmp_path: Path, media: Path) -> None:
    run("seed_demo")
    community = Community.objects.order_by("pk").first()
    assert community is not None
    member = Membership.objects.filter(community=community, status="active").first()
    assert member is not None
    for name, content in (("plan.pdf", files.pdf()), ("sky.png", files.png())):
        check_share_resource(
            author=member.user,
            community=community,
            title=f"Shared {name}",
            provenance="developed",
            upload=SimpleUploadedFile(name, content),
        )
    before, before_files = snapshot(), media_files(media)
    assert sum(len(rows) for rows in before.values()) > 500  # the demo is really there
    # The two shared files, and the demo's drawn photos and group covers.
    assert {name.split("/")[0] for name in before_files} >= {"avatars", "covers"}
    assert len(before_files) > 2

    archive = tmp_path / "fireside.tar.gz"
    said = run("backup", str(archive))
    assert f"to {archive}" in said
    assert archive.stat().st_mode & 0o077 == 0  # readable by its owner only

    # Over data that is there, restore refuses and changes nothing.
    UserFactory(email="after-the-backup@example.org")
    with pytest.raises(CommandError, match=r"already holds data.*--force"):
        run("restore", str(archive))
    assert User.objects.filter(email="after-the-backup@example.org").exists()

    # Wipe everything, then restore onto the empty database.
    call_command("flush", interactive=False, verbosity=0)
    for path in media.rglob("*"):
        if path.is_file():
            path.unlink()
    said = run("restore", str(archive))
    assert "Restored" in said and f" {len(before_files)} uploaded file(s)" in said
    assert "replaced" not in said

    assert snapshot() == before
    assert media_files(media) == before_files
    # Sequences came back too: a new row gets a fresh id.
    assert UserFactory(email="new-after-restore@example.org").pk > max(
        pk for pk, *_ in before["accounts.user"]
    )


@pytest.mark.django_db(transaction=True)
def test_force_replaces_what_is_there_and_says_so(tmp_path: Path, media: Path) -> None:
    kept = UserFactory(email="kept@example.org")
    (media / "notes.txt").write_text("from the backup")
    archive = tmp_path / "b.tar.gz"
    run("backup", str(archive))
    UserFactory(email="later@example.org")
    (media / "notes.txt").write_text("changed later")
    (media / "later.txt").write_text("made later")

    said = run("restore", str(archive), "--force")

    assert "It replaced what was there before: " in said
    assert list(User.objects.values_list("email", flat=True)) == [kept.email]
    assert media_files(media) == {"notes.txt": hashlib.sha256(b"from the backup").hexdigest()}


@pytest.mark.django_db
def test_backup_never_overwrites_a_file(tmp_path: Path, media: Path) -> None:
    existing = tmp_path / "there.tar.gz"
    existing.write_bytes(b"keep me")
    with pytest.raises(CommandError, match="already exists"):
        run("backup", str(existing))
    assert existing.read_bytes() == b"keep me"


def archive_with(tmp_path: Path, manifest: dict[str, Any], members: dict[str, bytes]) -> Path:
    path = tmp_path / "made.tar.gz"
    with tarfile.open(path, "w:gz") as tar:
        for name, data in {**members, "manifest.json": json.dumps(manifest).encode()}.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return path


def manifest_for(db: bytes, **changes: Any) -> dict[str, Any]:
    return {
        "format": backups.FORMAT,
        "version": backups.VERSION,
        "created_at": "2026-11-30T12:00:00+00:00",
        "engine": connection.vendor,
        "migrations": [],
        "database": {
            "member": backups.DB_MEMBER[connection.vendor],
            "sha256": hashlib.sha256(db).hexdigest(),
            "bytes": len(db),
        },
        "media": [],
        **changes,
    }


@pytest.mark.django_db
def test_a_damaged_archive_is_refused_before_anything_changes(tmp_path: Path, media: Path) -> None:
    db = b"not really a database"
    manifest = manifest_for(db)
    manifest["database"]["sha256"] = "0" * 64
    path = archive_with(tmp_path, manifest, {manifest["database"]["member"]: db})
    user = UserFactory()
    with pytest.raises(CommandError, match="damaged"):
        run("restore", str(path), "--force")
    assert User.objects.filter(pk=user.pk).exists()


@pytest.mark.django_db
def test_a_file_that_is_not_a_backup_is_refused(tmp_path: Path, media: Path) -> None:
    path = tmp_path / "photo.tar.gz"
    path.write_bytes(files.png())
    with pytest.raises(CommandError, match="not a readable Fireside backup"):
        run("restore", str(path))


@pytest.mark.django_db
def test_members_outside_the_archive_folder_are_refused(tmp_path: Path, media: Path) -> None:
    db = b"x"
    path = archive_with(
        tmp_path,
        manifest_for(db),
        {"../escaped.txt": b"out", backups.DB_MEMBER[connection.vendor]: db},
    )
    with pytest.raises(CommandError, match="not a readable Fireside backup"):
        run("restore", str(path), "--force")
    assert not (tmp_path / "escaped.txt").exists()


@pytest.mark.django_db
def test_a_backup_of_another_engine_or_a_newer_fireside_is_refused(
    tmp_path: Path, media: Path
) -> None:
    db = b"x"
    member = backups.DB_MEMBER[connection.vendor]
    other = "postgresql" if connection.vendor == "sqlite" else "sqlite"
    path = archive_with(tmp_path, manifest_for(db, engine=other), {member: db})
    with pytest.raises(CommandError, match=f"holds a {other} database"):
        run("restore", str(path))

    newer = manifest_for(db, migrations=[["accounts", "9999_from_the_future"]])
    path = archive_with(tmp_path, newer, {member: db})
    with pytest.raises(CommandError, match=r"newer Fireside.*accounts\.9999_from_the_future"):
        run("restore", str(path))
