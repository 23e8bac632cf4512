"""Logs an operator can search: one line per record (JSON or key=value text), each line of a
request carrying its request id, which the response's X-Request-ID header shows too."""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

request_id: ContextVar[str] = ContextVar("fireside_request_id", default="")

# What a proxy's id may look like to be kept: short, and nothing that could break a log line
# or a header (no spaces, newlines, quotes).
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
HEADER = "X-Request-ID"


def safe_request_id(candidate: str | None) -> str:
    """The proxy's id when it is a safe short token, else a new one."""
    if candidate and _SAFE_ID.fullmatch(candidate):
        return candidate
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: every line logged during the request names it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = safe_request_id(request.headers.get(HEADER))
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response[HEADER] = rid
        return response


class RequestIdFilter(logging.Filter):
    """Puts the current request's id (or "-" outside a request) on every record, and for
    Django's error lines the request's method and path (never its query string or body)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id.get() or "-"
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            record.method = request.method
            record.path = request.path
        return True


_EXTRA = ("method", "path", "status_code")


class JsonFormatter(logging.Formatter):
    """One JSON object per line."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "timestamp": dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        rid = getattr(record, "request_id", "-")
        if rid != "-":
            line["request_id"] = rid
        for name in _EXTRA:
            value = getattr(record, name, None)
            if value is not None:
                line[name] = value
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str)


class TextFormatter(logging.Formatter):
    """key=value text, for reading in a terminal."""

    def format(self, record: logging.LogRecord) -> str:
        stamp = dt.datetime.fromtimestamp(record.created, tz=dt.UTC).isoformat(timespec="seconds")
        parts = [stamp, record.levelname, f"logger={record.name}"]
        parts.append(f"request_id={getattr(record, 'request_id', '-')}")
        parts += [f"{n}={getattr(record, n)}" for n in _EXTRA if getattr(record, n, None)]
        text = " ".join(parts) + " " + json.dumps(record.getMessage())
        if record.exc_info:
            text += "\n" + self.formatException(record.exc_info)
        return text


def logging_config(*, log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting: every logger (Django's, the task worker's, Fireside's) writes
    through one handler to standard error."""
    handler = {
        "class": "logging.StreamHandler",
        "filters": ["request_id"],
        "formatter": log_format,
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "fireside.lib.logs.RequestIdFilter"}},
        "formatters": {
            "json": {"()": "fireside.lib.logs.JsonFormatter"},
            "text": {"()": "fireside.lib.logs.TextFormatter"},
        },
        "handlers": {"console": handler},
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # Django's defaults add handlers of their own (a console one in DEBUG): one line
            # per record, through ours.
            "django": {"handlers": ["console"], "level": level, "propagate": False},
            "django.server": {"handlers": ["console"], "level": level, "propagate": False},
        },
    }
