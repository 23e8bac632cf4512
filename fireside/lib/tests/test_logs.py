from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client

from fireside.lib.logs import JsonFormatter, RequestIdFilter, TextFormatter, request_id

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines() -> Iterator[io.StringIO]:
    """What the configured console handler (LOGGING) writes."""
    handler = logging.getLogger("django").handlers[0]
    assert isinstance(handler, logging.StreamHandler)
    assert logging.getLogger().handlers.count(handler) == 1  # the root logger's too
    out = io.StringIO()
    old = handler.setStream(out)
    try:
        yield out
    finally:
        handler.setStream(old)


def test_a_safe_request_id_is_kept_and_sent_back(client: Client) -> None:
    response = client.get("/", HTTP_X_REQUEST_ID="req-2024.abc_123")
    assert response["X-Request-ID"] == "req-2024.abc_123"


@pytest.mark.parametrize(
    "hostile", ["a" * 500, "abc\ndef", "abc def", "<script>", "-leading-dash", "id\r\nSet-Cookie"]
)
def test_a_hostile_request_id_is_replaced(client: Client, hostile: str) -> None:
    response = client.get("/", HTTP_X_REQUEST_ID=hostile)
    sent = response["X-Request-ID"]
    assert sent != hostile
    assert len(sent) == 32
    assert int(sent, 16) >= 0


def test_without_a_request_id_one_is_made_for_each_request(client: Client) -> None:
    first, second = client.get("/")["X-Request-ID"], client.get("/")["X-Request-ID"]
    assert len(first) == len(second) == 32
    assert first != second
    assert request_id.get() == ""  # nothing leaks past the request


def test_a_500_logs_its_request_id_method_and_path_but_not_the_query(
    settings: Any, log_lines: io.StringIO
) -> None:
    settings.ROOT_URLCONF = "fireside.lib.tests.boom_urls"
    handler = logging.getLogger("django").handlers[0]
    text_formatter = handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        response = Client(raise_request_exception=False).get(
            "/boom/?token=secret-in-query", HTTP_X_REQUEST_ID="trace42"
        )
    finally:
        handler.setFormatter(text_formatter)
    assert response.status_code == 500
    assert response["X-Request-ID"] == "trace42"
    lines = [json.loads(line) for line in log_lines.getvalue().splitlines() if line.startswith("{")]
    app_line = next(line for line in lines if line["logger"] == "fireside.test")
    assert app_line["request_id"] == "trace42"
    error = next(line for line in lines if line["logger"] == "django.request")
    assert error["level"] == "ERROR"
    assert error["request_id"] == "trace42"
    assert (error["method"], error["path"], error["status_code"]) == ("GET", "/boom/", 500)
    assert "RuntimeError" in error["exception"]
    assert {"timestamp", "message"} <= set(error)
    assert "secret-in-query" not in log_lines.getvalue()


def test_the_text_format_names_the_request_too(settings: Any, log_lines: io.StringIO) -> None:
    settings.ROOT_URLCONF = "fireside.lib.tests.boom_urls"
    Client(raise_request_exception=False).get("/boom/", HTTP_X_REQUEST_ID="trace43")
    line = next(x for x in log_lines.getvalue().splitlines() if "logger=django.request" in x)
    assert " ERROR " in line
    assert "request_id=trace43" in line
    assert "method=GET path=/boom/" in line


def test_the_json_formatter_writes_one_parsable_line_per_record() -> None:
    record = logging.LogRecord(
        "fireside.x", logging.WARNING, __file__, 1, 'said "%s"\nthen left', ("hi",), None
    )
    token = request_id.set("r1")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    parsed = json.loads(line)
    assert parsed["message"] == 'said "hi"\nthen left'
    assert (parsed["level"], parsed["logger"], parsed["request_id"]) == (
        "WARNING",
        "fireside.x",
        "r1",
    )
    assert parsed["timestamp"].endswith("+00:00")
    assert "request_id=r1" in TextFormatter().format(record)


def test_lines_outside_a_request_have_no_request_id() -> None:
    record = logging.LogRecord("django_tasks_db", logging.INFO, __file__, 1, "task done", (), None)
    RequestIdFilter().filter(record)
    assert "request_id" not in json.loads(JsonFormatter().format(record))


def test_the_task_worker_logs_through_the_same_handler() -> None:
    from django_tasks_db.management.commands.db_worker import Command

    Command().configure_logging(verbosity=1)
    worker = logging.getLogger("django_tasks_db")
    # No handler of its own (it adds one only when none is found): its lines reach ours.
    assert worker.handlers == []
    assert worker.hasHandlers()
