"""Typed readers for the environment: junk is an error, never a silent default."""

from __future__ import annotations

import os
import re
from pathlib import Path
from typing import Any

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name} must be one of true/false/1/0/yes/no/on/off, not {raw!r}.")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {raw!r}.") from exc
    if minimum is not None and value < minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {value}.")
    return value


def env_float(name: str, default: float, *, minimum: float, maximum: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = float(raw)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {raw!r}.") from exc
    if not minimum <= value <= maximum:
        raise ImproperlyConfigured(f"{name} must be from {minimum} to {maximum}, not {value}.")
    return value


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return list(default or [])
    return [item.strip() for item in raw.split(",") if item.strip()]


def trusted_proxies(items: list[str]) -> list[str]:
    """TRUSTED_PROXIES: each an IP address or a network (CIDR), checked here so that a typo
    fails at start-up rather than silently trusting nobody (or everybody)."""
    import ipaddress

    networks = []
    for item in items:
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError as exc:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXIES must list IP addresses or networks like 10.0.0.0/8, not {item!r}."
            ) from exc
    return networks


def env_secret(name: str, default: str = "") -> str:
    """Read NAME, or the contents of the file named by NAME_FILE (for container secrets)."""
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ImproperlyConfigured(
                f"{name}_FILE points at {path!r}, which cannot be read."
            ) from exc
    return os.environ.get(name, default)


def email_settings(url: str) -> dict[str, object]:
    """Turn EMAIL_URL (smtp://, smtp+tls://, smtp+ssl://, console:, file:/path, locmem:)
    into Django's EMAIL_* settings."""
    from urllib.parse import unquote, urlsplit

    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "console":
        return {"EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend"}
    if scheme == "locmem":
        return {"EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    if scheme == "file":
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
            "EMAIL_FILE_PATH": parts.path or "var/mail",
        }
    if scheme in {"smtp", "smtp+tls", "smtp+ssl"}:
        return {
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": parts.hostname or "localhost",
            "EMAIL_PORT": parts.port
            or (465 if scheme == "smtp+ssl" else 587 if scheme == "smtp+tls" else 25),
            "EMAIL_HOST_USER": unquote(parts.username or ""),
            "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
            "EMAIL_USE_TLS": scheme == "smtp+tls",
            "EMAIL_USE_SSL": scheme == "smtp+ssl",
        }
    raise ImproperlyConfigured(
        f"EMAIL_URL must start with smtp://, smtp+tls://, smtp+ssl://, console:, file: or locmem:, "
        f"not {url!r}."
    )


S3_VARIABLES = (
    "S3_BUCKET",
    "S3_ENDPOINT_URL",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "S3_PREFIX",
    "S3_ADDRESSING_STYLE",
)
_S3_KEYS = ("S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY")
_ADDRESSING_STYLES = ("auto", "path", "virtual")
_BUCKET_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{1,61}[A-Za-z0-9]")
# Bigger files spool to a temporary file while they are sent, not to memory.
S3_SPOOL_BYTES = 2 * 1024 * 1024


def s3_storage() -> dict[str, Any] | None:
    """The STORAGES entry that keeps uploaded files on an S3-compatible store (through
    django-storages), or None when S3_BUCKET is unset. A half configuration is an error,
    never a silent fall-back to local files or to credentials found elsewhere.

    Objects are written with no ACL (they stay as private as the bucket, which must not be
    public) and are never linked to: Fireside streams them to members through its own views
    after the access check."""
    bucket = env_str("S3_BUCKET").strip()
    if not bucket:
        stray = [name for name in S3_VARIABLES if env_str(name).strip()]
        stray += [f"{n}_FILE" for n in _S3_KEYS if env_str(f"{n}_FILE")]
        if stray:
            raise ImproperlyConfigured(
                f"{', '.join(stray)} {'is' if len(stray) == 1 else 'are'} set but S3_BUCKET is "
                "not: set S3_BUCKET to keep uploaded files on an S3-compatible store, or unset "
                "the S3_ variables to keep them under MEDIA_ROOT."
            )
        return None
    if not _BUCKET_NAME.fullmatch(bucket):
        raise ImproperlyConfigured(
            f"S3_BUCKET must be a bucket name (3 to 63 letters, digits, dots and hyphens), "
            f"not {bucket!r}."
        )
    access_key = env_secret("S3_ACCESS_KEY_ID").strip()
    secret_key = env_secret("S3_SECRET_ACCESS_KEY").strip()
    missing = [
        name
        for name, value in (("S3_ACCESS_KEY_ID", access_key), ("S3_SECRET_ACCESS_KEY", secret_key))
        if not value
    ]
    if missing:
        raise ImproperlyConfigured(
            f"S3_BUCKET is set but {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} "
            "not: uploaded files on an S3-compatible store need both keys (or their _FILE "
            "variants)."
        )
    endpoint = env_str("S3_ENDPOINT_URL").strip() or None
    if endpoint is not None:
        from urllib.parse import urlsplit

        parts = urlsplit(endpoint)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ImproperlyConfigured(
                f"S3_ENDPOINT_URL must be an http:// or https:// address, not {endpoint!r}."
            )
    style = env_str("S3_ADDRESSING_STYLE").strip().lower() or None
    if style is not None and style not in _ADDRESSING_STYLES:
        raise ImproperlyConfigured(
            f"S3_ADDRESSING_STYLE must be one of {', '.join(_ADDRESSING_STYLES)}, not {style!r}."
        )
    prefix = env_str("S3_PREFIX").strip().strip("/")
    if prefix and any(part in {"", ".", ".."} for part in prefix.split("/")):
        raise ImproperlyConfigured(
            f"S3_PREFIX must be a plain folder path like fireside/media, not {prefix!r}."
        )
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "access_key": access_key,
            "secret_key": secret_key,
            "endpoint_url": endpoint,
            "region_name": env_str("S3_REGION").strip() or None,
            "addressing_style": style,
            "location": prefix,
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
            "querystring_expire": 60,
            "custom_domain": None,
            "max_memory_size": S3_SPOOL_BYTES,
        },
    }
