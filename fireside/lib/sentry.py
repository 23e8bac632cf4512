"""Optional error reports to Sentry (SENTRY_DSN), with personal data taken out first: no
request bodies, cookies, query strings or headers that could carry them, no email address,
name or IP address of the person (only their id), and no email address in any message."""

from __future__ import annotations

import re
from typing import Any

EMAIL = re.compile(r"[^\s@<>\"'(),;:]+@[^\s@<>\"'(),;:]+\.[A-Za-z]{2,}")
REDACTED = "[email]"
_KEPT_HEADERS = {"user-agent", "accept", "accept-language", "content-type", "host", "referer"}


def _scrub_text(value: Any) -> Any:
    return EMAIL.sub(REDACTED, value) if isinstance(value, str) else value


def _scrub_url(url: Any) -> Any:
    return url.split("?", 1)[0] if isinstance(url, str) else url


def _scrub_request(request: dict[str, Any]) -> None:
    for name in ("data", "cookies", "query_string", "env"):
        request.pop(name, None)
    if "url" in request:
        request["url"] = _scrub_text(_scrub_url(request["url"]))
    headers = request.get("headers")
    if isinstance(headers, dict):
        request["headers"] = {
            k: _scrub_text(_scrub_url(v) if k.lower() == "referer" else v)
            for k, v in headers.items()
            if k.lower() in _KEPT_HEADERS
        }


def _scrub_exceptions(exception: dict[str, Any]) -> None:
    for value in exception.get("values", []):
        value["value"] = _scrub_text(value.get("value"))
        # Local variables can hold anything a person sent.
        for frame in (value.get("stacktrace") or {}).get("frames", []):
            frame.pop("vars", None)


def before_send(event: dict[str, Any], hint: dict[str, Any]) -> dict[str, Any] | None:
    request = event.get("request")
    if isinstance(request, dict):
        _scrub_request(request)
    user = event.get("user")
    if isinstance(user, dict):
        event["user"] = {"id": user["id"]} if "id" in user else {}
    if "message" in event:
        event["message"] = _scrub_text(event["message"])
    logentry = event.get("logentry")
    if isinstance(logentry, dict):
        for name in ("message", "formatted"):
            if name in logentry:
                logentry[name] = _scrub_text(logentry[name])
        logentry.pop("params", None)
    exception = event.get("exception")
    if isinstance(exception, dict):
        _scrub_exceptions(exception)
    for crumb in (event.get("breadcrumbs") or {}).get("values", []):
        crumb["message"] = _scrub_text(crumb.get("message"))
        crumb.pop("data", None)
    return event


def init_sentry(
    *, dsn: str, environment: str, traces_sample_rate: float, transport: Any = None
) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.django import DjangoIntegration

    options: dict[str, Any] = {}
    if transport is not None:
        options["transport"] = transport
    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration()],
        send_default_pii=False,
        max_request_body_size="never",
        include_local_variables=False,
        traces_sample_rate=traces_sample_rate,
        before_send=before_send,  # type: ignore[arg-type]
        **options,
    )
