"""Uploaded files on an S3-compatible store: moto's S3 server runs in this process on a
loopback port, Fireside's default storage points at it through the same S3_* variables an
operator sets, and files go up and come back through the real pages."""

from __future__ import annotations

import datetime as dt
import os
import secrets
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from moto.server import ThreadedMotoServer
from storages.backends.s3 import S3Storage

from conftest import World
from fireside.accounts.models import ApiToken
from fireside.certificates.models import Certificate
from fireside.certificates.tests.factories import attend, past_gathering
from fireside.conversations.models import Resource
from fireside.conversations.tests import files
from fireside.lib.env import S3_SPOOL_BYTES, S3_VARIABLES, s3_storage

ROOT = Path(__file__).resolve().parents[3]
KEYS = {"S3_ACCESS_KEY_ID": "fireside-test-key", "S3_SECRET_ACCESS_KEY": "fireside-test-secret"}
PREFIX = "site-a/media"
ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers"


@pytest.fixture(scope="session")
def s3_endpoint() -> Iterator[str]:
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    try:
        yield f"http://{host}:{port}"
    finally:
        server.stop()


@pytest.fixture
def clean_s3_env(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in S3_VARIABLES:
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(f"{name}_FILE", raising=False)
    return monkeypatch


class Bucket:
    def __init__(self, endpoint: str, name: str) -> None:
        self.name = name
        self.client = boto3.client(
            "s3",
            endpoint_url=endpoint,
            region_name="us-east-1",
            aws_access_key_id=KEYS["S3_ACCESS_KEY_ID"],
            aws_secret_access_key=KEYS["S3_SECRET_ACCESS_KEY"],
        )

    def object_keys(self) -> list[str]:
        listed = self.client.list_objects_v2(Bucket=self.name)
        return sorted(o["Key"] for o in listed.get("Contents", []))

    def read(self, key: str) -> bytes:
        return bytes(self.client.get_object(Bucket=self.name, Key=key)["Body"].read())

    def public_grants(self, key: str) -> list[Any]:
        acl = self.client.get_object_acl(Bucket=self.name, Key=key)
        return [g for g in acl["Grants"] if g["Grantee"].get("URI") == ALL_USERS]


@pytest.fixture
def bucket(
    s3_endpoint: str, clean_s3_env: pytest.MonkeyPatch, settings: Any, tmp_path: Path
) -> Iterator[Bucket]:
    """A fresh bucket, and STORAGES["default"] built from the environment as settings.py
    builds it. Changing STORAGES through `settings` sends setting_changed, on which Django
    empties its storage handler's cache and resets default_storage (and again on the way
    out), so FileFields and default_storage use the S3 storage here and only here."""
    bucket = Bucket(s3_endpoint, f"fireside-test-{secrets.token_hex(6)}")
    bucket.client.create_bucket(Bucket=bucket.name)
    env = {
        "S3_BUCKET": bucket.name,
        "S3_ENDPOINT_URL": s3_endpoint,
        "S3_REGION": "us-east-1",
        "S3_PREFIX": f"/{PREFIX}/",
        "S3_ADDRESSING_STYLE": "path",
        **KEYS,
    }
    for name, value in env.items():
        clean_s3_env.setenv(name, value)
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {**settings.STORAGES, "default": s3_storage()}
    assert isinstance(storages["default"], S3Storage)
    assert default_storage.bucket_name == bucket.name  # the lazy object was reset too
    yield bucket
    for key in bucket.object_keys():
        bucket.client.delete_object(Bucket=bucket.name, Key=key)
    bucket.client.delete_bucket(Bucket=bucket.name)


def store_requests() -> list[str]:
    """Every request the default storage sends from now on (this thread's connection)."""
    sent: list[str] = []
    events = default_storage.connection.meta.client.meta.events

    def note(request: Any, **_: Any) -> None:
        sent.append(f"{request.method} {request.url}")

    events.register("before-send", note)
    return sent


def nothing_local(root: Path) -> bool:
    return not root.exists() or not any(p.is_file() for p in root.rglob("*"))


# Configuration -----------------------------------------------------------------------------


def test_without_s3_bucket_files_stay_under_media_root(clean_s3_env: pytest.MonkeyPatch) -> None:
    assert s3_storage() is None


def test_the_environment_becomes_a_private_s3_storage(clean_s3_env: pytest.MonkeyPatch) -> None:
    for name, value in {
        "S3_BUCKET": "fireside-media",
        "S3_ENDPOINT_URL": "https://s3.example.org",
        "S3_REGION": "ca-central-1",
        "S3_PREFIX": "prod/",
        "S3_ADDRESSING_STYLE": "Virtual",
        **KEYS,
    }.items():
        clean_s3_env.setenv(name, value)
    config = s3_storage()
    assert config is not None and config["BACKEND"] == "storages.backends.s3.S3Storage"
    options = config["OPTIONS"]
    assert options["bucket_name"] == "fireside-media"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["region_name"] == "ca-central-1"
    assert options["location"] == "prod"
    assert options["addressing_style"] == "virtual"
    assert (options["access_key"], options["secret_key"]) == tuple(KEYS.values())
    # No ACL sent (objects stay as private as the bucket), nothing overwritten, and any URL
    # the storage might ever make is signed and short-lived.
    assert options["default_acl"] is None and options["file_overwrite"] is False
    assert options["querystring_auth"] is True and options["querystring_expire"] <= 60
    assert options["max_memory_size"] == S3_SPOOL_BYTES
    storage = S3Storage(**options)  # django-storages takes every option as given
    assert storage.location == "prod" and storage.default_acl is None


def test_keys_can_come_from_files(clean_s3_env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "id").write_text("key-from-file\n")
    (tmp_path / "secret").write_text("secret-from-file\n")
    clean_s3_env.setenv("S3_BUCKET", "fireside-media")
    clean_s3_env.setenv("S3_ACCESS_KEY_ID_FILE", str(tmp_path / "id"))
    clean_s3_env.setenv("S3_SECRET_ACCESS_KEY_FILE", str(tmp_path / "secret"))
    config = s3_storage()
    assert config is not None
    assert config["OPTIONS"]["access_key"] == "key-from-file"
    assert config["OPTIONS"]["secret_key"] == "secret-from-file"


@pytest.mark.parametrize(
    ("env", "complaint"),
    [
        ({"S3_BUCKET": "fireside-media"}, "S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY are not"),
        (
            {"S3_BUCKET": "fireside-media", "S3_ACCESS_KEY_ID": "k"},
            "S3_SECRET_ACCESS_KEY is not",
        ),
        (
            {"S3_BUCKET": "fireside-media", "S3_SECRET_ACCESS_KEY": "s"},
            "S3_ACCESS_KEY_ID is not",
        ),
        ({"S3_ENDPOINT_URL": "http://127.0.0.1:9000", **KEYS}, "S3_BUCKET is not"),
        ({"S3_PREFIX": "media"}, "S3_PREFIX is set but S3_BUCKET is not"),
        (
            {"S3_BUCKET": "fireside-media", "S3_ENDPOINT_URL": "127.0.0.1:9000", **KEYS},
            "S3_ENDPOINT_URL must be an http:// or https:// address",
        ),
        (
            {"S3_BUCKET": "fireside-media", "S3_ADDRESSING_STYLE": "sideways", **KEYS},
            "S3_ADDRESSING_STYLE must be one of auto, path, virtual",
        ),
        ({"S3_BUCKET": "fireside-media", "S3_PREFIX": "a/../b", **KEYS}, "S3_PREFIX"),
        ({"S3_BUCKET": "my bucket", **KEYS}, "S3_BUCKET must be a bucket name"),
    ],
)
def test_a_half_or_broken_configuration_is_refused(
    clean_s3_env: pytest.MonkeyPatch, env: dict[str, str], complaint: str
) -> None:
    for name, value in env.items():
        clean_s3_env.setenv(name, value)
    with pytest.raises(ImproperlyConfigured) as refused:
        s3_storage()
    assert complaint in str(refused.value)


def _start_production(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SECRET_KEY", "DEBUG", "S3_", "ALLOWED_HOSTS"))
    }
    clean.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    clean.update(
        FIRESIDE_ENV="production",
        DJANGO_SETTINGS_MODULE="fireside.settings",
        SECRET_KEY="a-long-production-secret-0123456789-abcdefghij",
        ALLOWED_HOSTS="fireside.example.org",
        **env,
    )
    code = (
        "import django; django.setup(); "
        "from django.core.files.storage import storages; s = storages['default']; "
        "print(type(s).__name__, s.bucket_name, s.location)"
    )
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_production_refuses_to_start_with_a_bucket_and_no_keys() -> None:
    result = _start_production(S3_BUCKET="fireside-media", S3_ACCESS_KEY_ID="k")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "S3_BUCKET is set but S3_SECRET_ACCESS_KEY is not" in result.stderr


def test_production_starts_on_s3_when_fully_configured() -> None:
    result = _start_production(
        S3_BUCKET="fireside-media", S3_PREFIX="prod", S3_REGION="ca-central-1", **KEYS
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["S3Storage", "fireside-media", "prod"]


# Resources -----------------------------------------------------------------------------------


def test_a_resource_goes_to_the_bucket_and_only_members_get_it_back(
    client: Client, world: World, bucket: Bucket, settings: Any
) -> None:
    content = files.docx()
    client.force_login(world.member)
    response = client.post(
        reverse("conversations:resource_new", args=[world.community.pk]),
        {
            "title": "Transition songs",
            "provenance": "adapted",
            "file": SimpleUploadedFile("songs.docx", content),
        },
    )
    resource = Resource.objects.get()
    assert response.status_code == 302 and response["Location"] == resource.get_absolute_url()
    # In the bucket, under the prefix, with the random name; private; nothing on local disk.
    key = f"{PREFIX}/{resource.file.name}"
    assert resource.file.name.startswith("resources/")
    assert bucket.object_keys() == [key]
    assert bucket.read(key) == content
    assert bucket.public_grants(key) == []
    assert nothing_local(settings.MEDIA_ROOT)

    client.force_login(world.facilitator)
    sent = store_requests()
    download = client.get(resource.get_download_url())
    assert download.status_code == 200  # streamed by Fireside, never a redirect to the store
    assert b"".join(download.streaming_content) == content
    # Size (which is also the existence check), then django-storages' open and download.
    assert [r.split()[0] for r in sent] == ["HEAD", "HEAD", "HEAD", "GET"], sent
    assert download["Content-Length"] == str(len(content))
    assert download["Content-Disposition"] == 'attachment; filename="songs.docx"'
    assert download["Cache-Control"] == "private, no-store"

    token = ApiToken.issue(world.member)
    api = client.get(
        reverse("api:resource_download", kwargs={"resource_id": resource.pk}),
        headers={"Authorization": f"Bearer {token}"},
    )
    assert api.status_code == 200 and b"".join(api.streaming_content) == content

    for outsider in (world.outsider, world.waitlisted, world.staff):
        client.force_login(outsider)
        assert client.get(resource.get_download_url()).status_code == 404, outsider
    outsider_token = ApiToken.issue(world.outsider)
    refused = client.get(
        reverse("api:resource_download", kwargs={"resource_id": resource.pk}),
        headers={"Authorization": f"Bearer {outsider_token}"},
    )
    assert refused.status_code == 404
    client.logout()
    assert client.get(resource.get_download_url())["Location"].startswith(reverse("accounts:login"))


def test_a_refused_upload_leaves_the_bucket_empty(
    client: Client, world: World, bucket: Bucket
) -> None:
    client.force_login(world.member)
    response = client.post(
        reverse("conversations:resource_new", args=[world.community.pk]),
        {"title": "R", "provenance": "found", "file": SimpleUploadedFile("r.pdf", files.png())},
    )
    assert response.status_code == 415
    assert not Resource.objects.exists() and bucket.object_keys() == []


def test_a_file_gone_from_the_bucket_is_a_404_and_removing_deletes_the_object(
    client: Client,
    world: World,
    bucket: Bucket,
    django_capture_on_commit_callbacks: Any,
) -> None:
    client.force_login(world.member)
    for name, content in (("a.pdf", files.pdf()), ("b.png", files.png())):
        client.post(
            reverse("conversations:resource_new", args=[world.community.pk]),
            {"title": name, "provenance": "found", "file": SimpleUploadedFile(name, content)},
        )
    first, second = Resource.objects.order_by("pk")
    assert len(bucket.object_keys()) == 2
    bucket.client.delete_object(Bucket=bucket.name, Key=f"{PREFIX}/{first.file.name}")
    assert client.get(first.get_download_url()).status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        removed = client.post(reverse("conversations:resource_remove", args=[second.pk]))
    assert removed.status_code == 302
    assert bucket.object_keys() == []


def test_a_file_missing_from_local_media_is_a_404_too(
    client: Client, world: World, settings: Any, tmp_path: Path
) -> None:
    """The same size-first check on the local storage, which raises FileNotFoundError too."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.member)
    client.post(
        reverse("conversations:resource_new", args=[world.community.pk]),
        {"title": "a", "provenance": "found", "file": SimpleUploadedFile("a.pdf", files.pdf())},
    )
    resource = Resource.objects.get()
    assert client.get(resource.get_download_url()).status_code == 200
    (tmp_path / resource.file.name).unlink()
    assert client.get(resource.get_download_url()).status_code == 404


# Certificates --------------------------------------------------------------------------------


def test_a_certificate_pdf_is_kept_in_the_bucket_and_handed_only_to_its_holder(
    client: Client, world: World, bucket: Bucket, settings: Any
) -> None:
    attend(
        past_gathering(world.community, dt.datetime.now(dt.UTC) - dt.timedelta(days=3)),
        world.member,
        60,
    )
    client.force_login(world.member)
    made = client.post(reverse("certificates:generate", args=[world.program.pk]))
    certificate = Certificate.objects.get()
    assert made.status_code == 302
    key = f"{PREFIX}/certificates/{certificate.code}.pdf"
    assert certificate.pdf.name == f"certificates/{certificate.code}.pdf"
    assert bucket.object_keys() == [key]
    stored = bucket.read(key)
    assert stored.startswith(b"%PDF-") and bucket.public_grants(key) == []
    assert nothing_local(settings.MEDIA_ROOT)

    url = reverse("certificates:pdf", args=[certificate.display_code])
    download = client.get(url)
    assert download.status_code == 200 and download["Content-Type"] == "application/pdf"
    assert b"".join(download.streaming_content) == stored

    client.force_login(world.outsider)
    assert client.get(url).status_code == 404

    # Gone from the bucket: drawn again from what was stated, and stored again.
    bucket.client.delete_object(Bucket=bucket.name, Key=key)
    client.force_login(world.member)
    again = client.get(url)
    assert again.status_code == 200
    redrawn = b"".join(again.streaming_content)
    assert redrawn.startswith(b"%PDF-")
    certificate.refresh_from_db()
    assert bucket.object_keys() == [f"{PREFIX}/{certificate.pdf.name}"]
    assert bucket.read(f"{PREFIX}/{certificate.pdf.name}") == redrawn


# Backups -------------------------------------------------------------------------------------


@pytest.mark.parametrize("command", ["backup", "restore"])
def test_backup_and_restore_refuse_when_files_are_on_s3(
    world: World, bucket: Bucket, tmp_path: Path, command: str
) -> None:
    """They copy MEDIA_ROOT only: an archive without the bucket's files would look complete."""
    archive = tmp_path / "fireside.tar.gz"
    if command == "restore":
        archive.write_bytes(b"not even looked at")
    with pytest.raises(CommandError) as refused:
        call_command(command, str(archive), *(["--force"] if command == "restore" else []))
    message = str(refused.value)
    assert f"the S3 bucket '{bucket.name}'" in message and "Nothing was changed" in message
    if command == "backup":
        assert not archive.exists()
    else:
        assert archive.read_bytes() == b"not even looked at"
    left = [p.name for p in tmp_path.iterdir()]
    assert left == (["fireside.tar.gz"] if command == "restore" else [])
