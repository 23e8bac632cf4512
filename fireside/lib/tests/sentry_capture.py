"""A process that reports one failing request to Sentry through a transport that keeps the
events instead of sending them, and prints them as JSON (for test_sentry)."""

from __future__ import annotations

import io
import json
from typing import Any
from urllib.parse import urlencode
from wsgiref.util import setup_testing_defaults

import django
from django.conf import settings


def main() -> None:
    settings.ROOT_URLCONF = "fireside.lib.tests.boom_urls"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    django.setup()
    import sentry_sdk
    from django.core.wsgi import get_wsgi_application

    from fireside.lib.sentry import init_sentry

    events: list[Any] = []

    class Keep(sentry_sdk.transport.Transport):
        def capture_envelope(self, envelope: Any) -> None:
            events.extend(item.payload.json for item in envelope.items if item.type == "event")

    init_sentry(
        dsn="http://public@127.0.0.1:9/1", environment="test", traces_sample_rate=0, transport=Keep
    )
    # Through the WSGI application, as gunicorn calls it (the integration hooks in there).
    body = urlencode({"email": "body.person@example.org", "password": "hunter2 secret"})
    environ: dict[str, Any] = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/boom/",
        "QUERY_STRING": "next=query.person@example.org",
        "CONTENT_TYPE": "application/x-www-form-urlencoded",
        "CONTENT_LENGTH": str(len(body)),
        "HTTP_COOKIE": "tracking=cookie.person@example.org",
        "HTTP_USER_AGENT": "Firefox",
        "REMOTE_ADDR": "198.51.100.23",
        "wsgi.input": io.BytesIO(body.encode()),
    }
    setup_testing_defaults(environ)
    statuses: list[str] = []
    b"".join(get_wsgi_application()(environ, lambda status, headers: statuses.append(status)))
    sentry_sdk.flush()
    print(json.dumps({"status": int(statuses[0][:3]), "events": events}))


if __name__ == "__main__":
    main()
