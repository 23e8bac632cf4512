"""Backups: the database and the uploaded files in one archive, and the way back.

One gzip-compressed tar archive holds:

    manifest.json       what this is: format version, when, which database engine, the
                        migrations applied, and a SHA-256 and size for every other member
    database.sqlite3    on SQLite: a copy made with SQLite's online backup API, consistent
                        while the server keeps writing
    database.pgdump     on PostgreSQL: `pg_dump --format=custom`, one consistent snapshot
    media/<path>        every file under MEDIA_ROOT (resources, certificates…)

Only MEDIA_ROOT is copied: with uploaded files on an S3-compatible store (S3_BUCKET), backup
and restore refuse, and the bucket is backed up with the store's own tools.

The database is copied first and the files second, so a file uploaded in between is in the
archive without a row pointing at it (harmless); a file deleted in between is the only thing
that can be missing.

Restore checks everything before it touches anything: the manifest, every checksum, that the
archive is for this kind of database, and that it comes from a Fireside that knows all its
migrations. It refuses to replace a database (or media folder) that holds data unless told
to. The database is replaced in one step (SQLite's backup API; on PostgreSQL one psql
transaction that drops the old tables and loads the dump), then the media folder is swapped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.sqlite3._functions import register as register_django_functions
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

FORMAT = "fireside-backup"
VERSION = 1
MANIFEST = "manifest.json"
DB_MEMBER = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
MEDIA_PREFIX = "media/"
# Filled by `migrate` itself, so a freshly migrated database still counts as empty.
NOT_DATA = {"contenttypes.contenttype", "auth.permission"}
RESTORE_ARGS = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
PSQL_ARGS = [
    "psql",
    "--no-psqlrc",
    "--quiet",
    "--single-transaction",
    "--set=ON_ERROR_STOP=1",
    "--output=/dev/null",
]


class BackupError(Exception):
    """Something the operator must fix; the message says what. Nothing was changed."""


@dataclass
class BackupReport:
    path: Path
    engine: str
    database_bytes: int
    media_files: int
    media_bytes: int


@dataclass
class RestoreReport:
    path: Path
    engine: str
    created_at: str
    rows: dict[str, int]
    media_files: int
    replaced: Present | None = None
    migrations_to_apply: int = 0

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


# --- Shared helpers ------------------------------------------------------------------


def _engine(alias: str = DEFAULT_DB_ALIAS) -> str:
    vendor = connections[alias].vendor
    if vendor not in DB_MEMBER:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _check_local_media() -> None:
    """Backups copy MEDIA_ROOT. Uploaded files kept elsewhere (an S3-compatible store) are
    not copied, and a backup without them would look complete: refuse instead."""
    storage = storages["default"]
    if isinstance(storage, FileSystemStorage):
        return
    bucket = getattr(storage, "bucket_name", None)
    where = f"the S3 bucket {bucket!r}" if bucket else f"{type(storage).__name__}"
    raise BackupError(
        f"Uploaded files are kept in {where}, not under MEDIA_ROOT, and backup and restore "
        "only copy MEDIA_ROOT. Back the bucket up with the store's own tools (object "
        "versioning, replication or a sync to another bucket) and the database with "
        "pg_dump. Nothing was changed."
    )


def _media_files(root: Path) -> Iterator[Path]:
    if not root.is_dir():
        return
    for path in sorted(root.rglob("*")):
        if path.is_file() and not path.is_symlink():
            yield path


def _pg_env(alias: str = DEFAULT_DB_ALIAS) -> tuple[dict[str, str], str]:
    """The libpq environment for the client tools (the password never on a command line)."""
    conf = connections[alias].settings_dict
    env = {**os.environ}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")):
        if conf.get(key):
            env[var] = str(conf[key])
    if conf.get("PASSWORD"):
        env["PGPASSWORD"] = str(conf["PASSWORD"])
    return env, str(conf["NAME"])


def _run(args: list[str], env: dict[str, str], what: str, **kwargs: Any) -> bytes:
    tool = args[0]
    if shutil.which(tool) is None:
        raise BackupError(
            f"{tool} is not installed; it comes with PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client)."
        )
    done = subprocess.run(args, env=env, capture_output=True, check=False, **kwargs)  # noqa: S603
    if done.returncode != 0:
        raise BackupError(f"{what} failed: {done.stderr.decode(errors='replace').strip()}")
    return done.stdout


def applied_migrations(alias: str = DEFAULT_DB_ALIAS) -> list[list[str]]:
    return sorted(
        [app, name] for app, name in MigrationRecorder(connections[alias]).applied_migrations()
    )


def rows_by_model(alias: str = DEFAULT_DB_ALIAS) -> dict[str, int]:
    """Rows in every model's table that exists, by model label ("app.model")."""
    connection = connections[alias]
    tables = set(connection.introspection.table_names())
    counts: dict[str, int] = {}
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed or model._meta.db_table not in tables:
            continue
        counts[model._meta.label_lower] = model._default_manager.using(alias).count()
    return counts


@dataclass
class Present:
    """What a restore would overwrite: rows (beyond what `migrate` fills) and media files."""

    rows: dict[str, int]
    files: int

    def __bool__(self) -> bool:
        return bool(self.rows or self.files)

    def describe(self, limit: int = 6) -> str:
        parts = [f"{n:,} {label} row{'s' if n != 1 else ''}" for label, n in self.rows.items()]
        if len(parts) > limit:
            rest = len(parts) - limit
            parts = [*parts[:limit], f"rows in {rest} more table{'s' if rest != 1 else ''}"]
        if self.files:
            parts.append(f"{self.files} file{'s' if self.files != 1 else ''} under MEDIA_ROOT")
        return ", ".join(parts)

    def summary(self) -> str:
        total = sum(self.rows.values())
        return (
            f"{total:,} row{'s' if total != 1 else ''} in {len(self.rows)} "
            f"table{'s' if len(self.rows) != 1 else ''} and {self.files} "
            f"file{'s' if self.files != 1 else ''}"
        )


def data_present(alias: str = DEFAULT_DB_ALIAS) -> Present:
    return Present(
        rows={k: v for k, v in rows_by_model(alias).items() if v and k not in NOT_DATA},
        files=sum(1 for _ in _media_files(_media_root())),
    )


# --- Backup --------------------------------------------------------------------------


def _copy_sqlite(alias: str, target: Path) -> None:
    """SQLite's online backup API: a consistent copy while other connections write."""
    source = sqlite3.connect(connections[alias].settings_dict["NAME"], timeout=30)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
        # A self-contained file: no -wal or -shm beside it once it is in the archive.
        copy.execute("PRAGMA journal_mode=DELETE")
    finally:
        copy.close()
        source.close()


def _dump_postgres(alias: str, target: Path) -> None:
    env, name = _pg_env(alias)
    _run(
        ["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--file={target}", name],
        env,
        "pg_dump",
    )


def make_backup(destination: Path, *, alias: str = DEFAULT_DB_ALIAS) -> BackupReport:
    """Write a backup archive to `destination` (a new file, or a folder to put one in)."""
    _check_local_media()
    engine = _engine(alias)
    if destination.is_dir():
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        destination = destination / f"fireside-backup-{stamp}.tar.gz"
    if destination.exists():
        raise BackupError(f"{destination} already exists; choose another name.")
    if not destination.parent.is_dir():
        raise BackupError(f"The folder {destination.parent} does not exist.")
    partial = destination.with_name(destination.name + ".partial")
    with tempfile.TemporaryDirectory(dir=destination.parent, prefix=".fireside-backup-") as tmp:
        db_file = Path(tmp) / DB_MEMBER[engine]
        if engine == "sqlite":
            _copy_sqlite(alias, db_file)
        else:
            _dump_postgres(alias, db_file)
        media_root = _media_root()
        manifest: dict[str, Any] = {
            "format": FORMAT,
            "version": VERSION,
            "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "migrations": applied_migrations(alias),
            "database": {
                "member": db_file.name,
                "sha256": _sha256(db_file),
                "bytes": db_file.stat().st_size,
            },
            "media": [],
        }
        # Owner-only from the first byte: the archive holds every group's private content.
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as tar:
                tar.add(db_file, arcname=db_file.name)
                for path in _media_files(media_root):
                    rel = path.relative_to(media_root).as_posix()
                    manifest["media"].append(
                        {"path": rel, "sha256": _sha256(path), "bytes": path.stat().st_size}
                    )
                    tar.add(path, arcname=MEDIA_PREFIX + rel)
                body = json.dumps(manifest, indent=2).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size = len(body)
                info.mtime = int(dt.datetime.now(dt.UTC).timestamp())
                tar.addfile(info, io.BytesIO(body))
                tar.close()
                raw.flush()
                os.fsync(raw.fileno())
            partial.rename(destination)  # a half-written archive never carries the real name
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    return BackupReport(
        path=destination,
        engine=engine,
        database_bytes=manifest["database"]["bytes"],
        media_files=len(manifest["media"]),
        media_bytes=sum(m["bytes"] for m in manifest["media"]),
    )


# --- Restore -------------------------------------------------------------------------


def _unpack(archive: Path, into: Path) -> dict[str, Any]:
    """Extract and verify the archive; return its manifest. Raises BackupError."""
    try:
        with tarfile.open(archive, mode="r:*") as tar:
            # "data" refuses absolute paths, paths leaving the folder, links and devices.
            tar.extractall(into, filter="data")
    except (tarfile.TarError, OSError, EOFError) as exc:
        raise BackupError(f"{archive} is not a readable Fireside backup: {exc}.") from exc
    try:
        manifest = json.loads((into / MANIFEST).read_text())
    except (OSError, ValueError) as exc:
        raise BackupError(f"{archive} has no readable {MANIFEST}: not a Fireside backup.") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} is not a Fireside backup.")
    if manifest.get("version") != VERSION:
        raise BackupError(
            f"{archive} is a version {manifest.get('version')} backup; this Fireside reads "
            f"version {VERSION}."
        )
    expected = {manifest["database"]["member"]: manifest["database"]}
    expected.update({MEDIA_PREFIX + m["path"]: m for m in manifest["media"]})
    found = {
        p.relative_to(into).as_posix()
        for p in into.rglob("*")
        if p.is_file() and p.name != MANIFEST
    }
    if found != set(expected):
        extra, missing = sorted(found - set(expected)), sorted(set(expected) - found)
        raise BackupError(
            f"{archive} does not match its manifest (missing: {missing or 'none'}, "
            f"unexpected: {extra or 'none'}). It may be damaged; nothing was restored."
        )
    for member, entry in expected.items():
        if _sha256(into / member) != entry["sha256"]:
            raise BackupError(
                f"{member} in {archive} is damaged (its checksum does not match); "
                "nothing was restored."
            )
    return manifest


def _check_migrations(manifest: dict[str, Any], archive: Path) -> int:
    """Refuse a backup from a newer Fireside; return how many migrations it lacks."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    backed_up = {(app, name) for app, name in manifest["migrations"]}
    unknown = sorted(backed_up - known)
    if unknown:
        shown = ", ".join(f"{app}.{name}" for app, name in unknown[:5])
        raise BackupError(
            f"{archive} comes from a newer Fireside (it has migrations this one does not: "
            f"{shown}). Upgrade Fireside first, then restore."
        )
    return len(known - backed_up)


def _restore_sqlite(alias: str, source: Path) -> None:
    check = sqlite3.connect(source)
    # Expression indexes and constraints call the functions Django adds to SQLite.
    register_django_functions(check)
    try:
        result = check.execute("PRAGMA integrity_check").fetchone()
    finally:
        check.close()
    if result != ("ok",):
        raise BackupError(f"The database in the backup fails SQLite's integrity check: {result}.")
    connections[alias].close()
    backup = sqlite3.connect(source)
    live = sqlite3.connect(connections[alias].settings_dict["NAME"], timeout=30)
    try:
        # Page by page into the live file, under SQLite's own locking: other connections
        # see the old database or the new one, never a mixture.
        backup.backup(live)
    finally:
        live.close()
        backup.close()


def _restore_postgres(alias: str, dump: Path) -> None:
    env, name = _pg_env(alias)
    _run(["pg_restore", "--list", str(dump)], env, "Reading the dump")
    script = _run(
        [*RESTORE_ARGS, "--file=-", str(dump)],
        env,
        "pg_restore",
    )
    connection = connections[alias]
    quote = connection.ops.quote_name
    tables = connection.introspection.table_names()
    connection.close()
    # Tables the dump does not know (from a later migration) go too: the database ends up
    # exactly as backed up. All of it in one transaction: an error leaves the old data.
    drop = (
        f"DROP TABLE IF EXISTS {', '.join(quote(t) for t in tables)} CASCADE;\n" if tables else ""
    )
    _run(
        [*PSQL_ARGS, f"--dbname={name}"],
        env,
        "Loading the dump",
        input=drop.encode() + script,
    )


def _swap_media(unpacked: Path) -> None:
    """Put the archive's files in place of MEDIA_ROOT with two renames (same file system:
    the archive was unpacked beside MEDIA_ROOT)."""
    root = _media_root()
    incoming = unpacked / MEDIA_PREFIX.rstrip("/")
    if not incoming.is_dir():
        incoming.mkdir()
    old = root.with_name(root.name + ".replaced")
    if old.exists():
        shutil.rmtree(old)
    if root.exists():
        root.rename(old)
    incoming.rename(root)
    shutil.rmtree(old, ignore_errors=True)


def restore_backup(
    archive: Path, *, force: bool = False, alias: str = DEFAULT_DB_ALIAS
) -> RestoreReport:
    """Replace the database and MEDIA_ROOT with the archive's. See the module docstring."""
    _check_local_media()
    if not archive.is_file():
        raise BackupError(f"There is no file at {archive}.")
    engine = _engine(alias)
    scratch_parent = _media_root().parent
    scratch_parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=scratch_parent, prefix=".fireside-restore-") as tmp:
        unpacked = Path(tmp)
        manifest = _unpack(archive, unpacked)
        if manifest["engine"] != engine:
            raise BackupError(
                f"{archive} holds a {manifest['engine']} database and this Fireside uses "
                f"{engine}. Restore it into the same kind of database."
            )
        to_apply = _check_migrations(manifest, archive)
        present = data_present(alias)
        if present and not force:
            raise BackupError(
                f"The database or media folder already holds data ({present.describe()}). "
                "Restoring replaces all of it: run again with --force if that is what you "
                "want. Nothing was changed."
            )
        db_file = unpacked / manifest["database"]["member"]
        if engine == "sqlite":
            _restore_sqlite(alias, db_file)
        else:
            _restore_postgres(alias, db_file)
        _swap_media(unpacked)
    return RestoreReport(
        path=archive,
        engine=engine,
        created_at=manifest["created_at"],
        rows={k: v for k, v in rows_by_model(alias).items() if v},
        media_files=len(manifest["media"]),
        replaced=present or None,
        migrations_to_apply=to_apply,
    )
