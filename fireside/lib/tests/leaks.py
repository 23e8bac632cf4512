"""The leak test's machinery: marker strings seeded into private content by each app, and a
crawl of everything one person can get out of Fireside.

Each app that keeps private content contributes its markers through one function,
`leak_markers(world) -> Seeded`, in its `tests/factories.py`: it writes distinctive strings
(made by `marker()`) into its content, through the app's own actions where they exist (so
their emails, notifications and search entries are made as in real use), and returns them
with the path values that lead to the objects holding them. `seed_markers()` finds every
such function by itself; fireside/lib/tests/test_leaks.py says who may see each marker.
"""

from __future__ import annotations

import hashlib
import html
import io
import json
import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit

from django.contrib import admin
from django.core import mail
from django.test import Client
from django.urls import NoReverseMatch, reverse

from fireside.lib.tests.routes import api_routes, app_test_modules, web_names


def marker(key: str) -> str:
    """A string no real text contains: 'conversations.thread_body' becomes
    'LEAK-CONVERSATIONS-THREAD-BODY-5e1c'. The hash keeps one marker from being the start
    of another."""
    digest = hashlib.sha256(key.encode()).hexdigest()[:4]
    return f"LEAK-{key.upper().replace('.', '-').replace('_', '-')}-{digest}"


@dataclass
class Seeded:
    # key ("<app label>.<what>") -> the marker written into that content
    markers: dict[str, str] = field(default_factory=dict)
    # path argument -> value pointing at the seeded objects (thread_id, resource_id, ...)
    paths: dict[str, Any] = field(default_factory=dict)

    def add(self, key: str) -> str:
        """Make the marker for `key`, remember it and return it, to write it somewhere."""
        self.markers[key] = marker(key)
        return self.markers[key]


Seeder = Callable[[Any], Seeded]


def leak_sources() -> list[tuple[str, Seeder]]:
    """Every installed Fireside app's `tests.factories.leak_markers`, by app label."""
    found = []
    for label, module in app_test_modules("factories"):
        seeder = getattr(module, "leak_markers", None)
        if seeder is not None:
            found.append((label, seeder))
    return found


def seed_markers(world: Any) -> Seeded:
    """Seed every app's markers into the world; their keys are namespaced by app."""
    seeded = Seeded()
    for label, seeder in leak_sources():
        one = seeder(world)
        for key, text in one.markers.items():
            assert key.startswith(f"{label}."), f"{label} seeded {key}: prefix it with {label}."
            assert key not in seeded.markers, f"{key} is seeded twice"
            seeded.markers[key] = text
        seeded.paths.update(one.paths)
    texts = list(seeded.markers.values())
    assert not [a for a in texts for b in texts if a != b and a.lower() in b.lower()]
    return seeded


_MARK = re.compile(r"</?mark>")  # search highlights may split a marker


def found_in(text: str, markers: dict[str, str]) -> set[str]:
    """The keys of the markers in `text`, whatever their case."""
    haystack = _MARK.sub("", text).lower()
    return {key for key, value in markers.items() if value.lower() in haystack}


class Sightings:
    """Where each marker was seen, for one person."""

    def __init__(self, markers: dict[str, str]) -> None:
        self.markers = markers
        self.places: dict[str, list[str]] = defaultdict(list)
        self.visited: list[str] = []

    def look(self, where: str, text: str) -> None:
        self.visited.append(where)
        for key in found_in(text, self.markers):
            self.places[key].append(where)

    def keys(self) -> set[str]:
        return set(self.places)


# --- Crawling -------------------------------------------------------------------------------

SITE = "http://testserver"
_LINK = re.compile(r"""(?:href|hx-get|src)\s*=\s*["']([^"']+)["']""")
# Not pages of anyone's content (the admin is read on its own, as staff).
_SKIP_PREFIXES = ("/static/", "/admin/", "/media/", "/api/v1/docs", "/api/v1/openapi.json")


def _normalise(url: str) -> str | None:
    """Same-site URL without fragment or `next`; None for anything not worth a visit."""
    url = html.unescape(url.strip())
    if url.startswith(SITE):
        url = url[len(SITE) :]
    if not url.startswith("/") or url.startswith("//"):
        return None
    parts = urlsplit(url)
    if parts.path.startswith(_SKIP_PREFIXES):
        return None
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "next"]
    return parts.path + (f"?{urlencode(query)}" if query else "")


def links_in(text: str, content_type: str) -> Iterator[str]:
    if "html" in content_type:
        candidates: Iterable[str] = _LINK.findall(text)
    elif "json" in content_type:
        candidates = _strings(_json(text))
    else:
        return
    for candidate in candidates:
        url = _normalise(candidate)
        if url is not None:
            yield url


def _json(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if value.startswith(("/", SITE)):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


def start_urls(value_sets: list[dict[str, Any]]) -> list[str]:
    """Every named web URL and every API read, once per set of path values."""
    urls: list[str] = []
    names = web_names()
    for values in value_sets:
        for name, args in sorted(names.items()):
            try:
                urls.append(reverse(name, kwargs={arg: values[arg] for arg in args}))
            except (KeyError, NoReverseMatch):
                raise AssertionError(
                    f"No path value for {name}: add one to its app's tests/guard.py"
                ) from None
        for method, path in sorted(api_routes()):
            if method == "GET":
                urls.append(path.format(**values))
    return list(dict.fromkeys(urls))


@dataclass
class Crawler:
    client: Client
    token: str | None  # for the API; None for an anonymous visitor
    sightings: Sightings
    limit: int = 3000
    seen: set[str] = field(default_factory=set)

    def get(self, url: str) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        return self.client.get(url, headers=headers if url.startswith("/api/") else {})

    def crawl(self, urls: Iterable[str]) -> None:
        """Read each URL and every same-site link it leads to, breadth first."""
        queue = [u for u in urls if u not in self.seen]
        self.seen.update(queue)
        while queue:
            url = queue.pop(0)
            response = self.get(url)
            assert response.status_code != 500, url
            body, everything = read(response)
            self.sightings.look(url, everything)
            for link in links_in(body, response.get("Content-Type", "")):
                if link not in self.seen:
                    self.seen.add(link)
                    queue.append(link)
            assert len(self.seen) <= self.limit, "The crawl ran away: raise the limit or fix it"


def read(response: Any) -> tuple[str, str]:
    """(body, everything): the body as text (a PDF's text added), and the same with the
    headers before it (a download's file name is in one)."""
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    body = raw.decode(errors="replace")
    if response.get("Content-Type", "").startswith("application/pdf"):
        body += "\n" + pdf_text(raw)
    headers = "\n".join(f"{name}: {value}" for name, value in response.items())
    return body, f"{headers}\n{body}"


def everything_in(response: Any) -> str:
    return read(response)[1]


def pdf_text(content: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages)


def admin_urls() -> list[str]:
    """The admin's index, every app index, and for every registered model its list (plain
    and searched) and every object's change, history and delete-confirmation pages."""
    urls = [reverse("admin:index")]
    for model, _model_admin in admin.site._registry.items():
        info = (model._meta.app_label, model._meta.model_name)
        urls.append(reverse("admin:app_list", kwargs={"app_label": info[0]}))
        changelist = reverse("admin:{}_{}_changelist".format(*info))
        urls += [changelist, f"{changelist}?q=LEAK"]
        for pk in model._default_manager.values_list("pk", flat=True)[:300]:
            for view in ("change", "history", "delete"):
                urls.append(reverse("admin:{}_{}_{}".format(*info, view), args=[pk]))
    return list(dict.fromkeys(urls))


def read_admin(client: Client, sightings: Sightings) -> None:
    for url in admin_urls():
        response = client.get(url)
        assert response.status_code in (200, 302, 403), (url, response.status_code)
        sightings.look(url, everything_in(response))


def read_emails(email: str, sightings: Sightings) -> int:
    """Every email this address received: subject, text, HTML and attachments."""
    count = 0
    for i, message in enumerate(mail.outbox):
        if email.lower() not in {a.lower() for a in [*message.to, *message.cc, *message.bcc]}:
            continue
        count += 1
        sightings.look(f"email {i}: {message.subject}", email_text(message))
    return count


def email_text(message: Any) -> str:
    parts = [message.subject, message.body]
    parts += [content for content, _type in getattr(message, "alternatives", [])]
    for attachment in message.attachments:
        content = attachment[1] if isinstance(attachment, tuple) else attachment.get_payload()
        parts.append(content.decode(errors="replace") if isinstance(content, bytes) else content)
    return "\n".join(str(p) for p in parts)


def run_queued_tasks(capture: Callable[..., Any], worker_id: str = "leak-test") -> int:
    """Run every task waiting in the database queue, as `manage.py db_worker` would, until
    none is ready (tasks may queue more). Their rows stay, arguments included, as they do
    in production. `capture` is pytest-django's django_capture_on_commit_callbacks."""
    from django_tasks_db.management.commands.db_worker import Worker
    from django_tasks_db.models import DBTaskResult

    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id=worker_id,
        excluded_queue_names=[],
    )
    ran = 0
    while (result := DBTaskResult.objects.ready().order_by("enqueued_at").first()) is not None:
        with capture(execute=True):
            result.claim(worker_id)
            worker.run_task(result)
        ran += 1
        assert ran < 1000, "The task queue never empties"
    failed = [
        (r.task_path, r.traceback[-800:]) for r in DBTaskResult.objects.filter(status="FAILED")
    ]
    assert failed == [], failed
    return ran
