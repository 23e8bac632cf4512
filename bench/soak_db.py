"""soak_db.py prepare MANIFEST USERS SEED | check LEDGER — bench/soak's Django side.

Run by bench/soak.py with the project's virtualenv and the same environment as the servers
it starts (production mode, the soak's PostgreSQL database). Prints JSON.

- `prepare`: who the virtual users are (the scale dataset's bench member and other active
  members of the bench member's groups, one person each, so their writes can be checked
  one by one), which communities, threads and gatherings each can reach, their calendar
  feed token, and what anonymous visitors browse. Sign-in and API tokens are not made here:
  the load driver gets them over HTTP, as a browser or an API client would.
- `check`: after the load and the queue's drain, whether the database agrees with the
  driver's ledger of accepted writes (replies, RSVPs), whether every task that came due
  finished and none failed, whether every email was sent exactly once (the Message-IDs the
  mail backend wrote to files), and that no row points at a row that is not there.
"""

from __future__ import annotations

import datetime as dt
import email
import json
import os
import random
import sys
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fireside.settings")

import django

django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.db import models  # noqa: E402
from django.db.models import F, Max  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_tasks_db.models import DBTaskResult  # noqa: E402

from fireside.accounts.models import User  # noqa: E402
from fireside.audit.models import AuditEvent  # noqa: E402
from fireside.communities.models import Community, Membership  # noqa: E402
from fireside.conversations.models import Reply, Thread  # noqa: E402
from fireside.gatherings.models import Gathering, Rsvp  # noqa: E402
from fireside.gatherings.notices import feed_for  # noqa: E402
from fireside.notifications.models import Kind, Notification  # noqa: E402
from fireside.ops.models import OutgoingEmail  # noqa: E402
from fireside.programs.models import Program  # noqa: E402
from fireside.search.models import Entry  # noqa: E402

THREADS_EACH = 40  # threads a virtual user reads and answers
GATHERINGS_EACH = 20


def prepare(manifest_path: str, users: int, seed: int) -> dict[str, Any]:
    assert not settings.DEBUG and settings.PRODUCTION, "production mode, as served"
    bench = json.loads(Path(manifest_path).read_text())["bench"]
    rng = random.Random(seed)
    member = User.objects.get(email=bench["member_email"])
    groups = list(bench["member_groups"])
    others = sorted(
        set(
            Membership.objects.filter(
                community_id__in=groups,
                status=Membership.Status.ACTIVE,
                user__is_active=True,
                user__is_staff=False,
            )
            .exclude(user=member)
            .values_list("user_id", flat=True)
        )
    )
    chosen = [member.pk, *rng.sample(others, min(users - 1, len(others)))]
    now = timezone.now()
    people = []
    for user in User.objects.filter(pk__in=chosen).order_by("pk"):
        communities = sorted(
            Membership.objects.filter(user=user, status=Membership.Status.ACTIVE).values_list(
                "community_id", flat=True
            )
        )
        threads = list(
            Thread.objects.filter(community_id__in=communities, hidden_at__isnull=True)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
        gatherings = Gathering.objects.filter(
            community_id__in=communities, cancelled_at__isnull=True
        ).order_by("pk")
        past = list(gatherings.filter(starts_at__lt=now).values_list("pk", flat=True))
        # RSVPs go to gatherings at least a week away, so none closes during the run.
        upcoming = list(
            gatherings.filter(starts_at__gt=now + dt.timedelta(days=7)).values_list("pk", flat=True)
        )
        people.append(
            {
                "email": user.email,
                "communities": communities,
                "threads": rng.sample(threads, min(THREADS_EACH, len(threads))),
                "past_gatherings": rng.sample(past, min(GATHERINGS_EACH, len(past))),
                "upcoming_gatherings": rng.sample(upcoming, min(GATHERINGS_EACH, len(upcoming))),
                "feed": feed_for(user).token,
            }
        )
    return {
        "marks": marks(),
        "password": bench["password"],
        "people": people,
        "programs": list(Program.objects.order_by("pk").values_list("pk", flat=True)),
        "communities": list(Community.objects.order_by("pk").values_list("pk", flat=True)),
        "regions": sorted(set(Community.objects.values_list("region", flat=True))),
        "search_words": [bench.get("search_word", "transitions"), "circle", "play", "families"],
    }


# --- after the run -------------------------------------------------------------------


def _result(ok: bool, **figures: Any) -> dict[str, Any]:
    return {"ok": bool(ok), **figures}


def check_replies(ledger: dict[str, Any]) -> dict[str, Any]:
    mine = new(Reply, ledger).filter(body__contains=ledger["marker"])
    in_db = Counter(mine.values_list("thread_id", flat=True))
    accepted = Counter({int(k): v for k, v in ledger["replies_by_thread"].items()})
    mismatched = sorted(t for t in set(in_db) | set(accepted) if in_db[t] != accepted[t])
    return _result(
        not mismatched,
        accepted=sum(accepted.values()),
        in_database=sum(in_db.values()),
        threads=len(accepted),
        threads_mismatched=mismatched[:20],
    )


def check_threads(ledger: dict[str, Any]) -> dict[str, Any]:
    """A thread's last activity is never earlier than its latest reply."""
    touched = [int(k) for k in ledger["replies_by_thread"]]
    behind = (
        Thread.objects.filter(pk__in=touched)
        .annotate(latest=Max("replies__created_at"))
        .filter(last_activity_at__lt=F("latest"))
        .count()
    )
    return _result(behind == 0, threads=len(touched), activity_behind_latest_reply=behind)


def check_search(ledger: dict[str, Any]) -> dict[str, Any]:
    """Every new reply is in the search index once; no entry points at a missing post."""
    ids = list(
        new(Reply, ledger).filter(body__contains=ledger["marker"]).values_list("pk", flat=True)
    )
    entries = Counter(
        Entry.objects.filter(type="reply", object_id__in=ids).values_list("object_id", flat=True)
    )
    missing = sum(1 for i in ids if entries[i] == 0)
    repeated = sum(1 for n in entries.values() if n > 1)
    orphans = {
        kind: Entry.objects.filter(type=kind)
        .exclude(object_id__in=model.objects.values("pk"))
        .count()
        for kind, model in (("reply", Reply), ("thread", Thread))
    }
    return _result(
        missing == repeated == sum(orphans.values()) == 0,
        replies=len(ids),
        not_indexed=missing,
        indexed_twice=repeated,
        orphan_entries=orphans,
    )


def new(model: type[models.Model], ledger: dict[str, Any]) -> models.QuerySet[Any]:
    """The rows written during the run: ids above the highest before it (timestamps would
    not do: the scale dataset dates some rows after the moment it was built)."""
    return model._base_manager.filter(pk__gt=ledger["marks"][model._meta.label])


def marks() -> dict[str, int]:
    return {
        m._meta.label: m._base_manager.aggregate(top=Max("pk"))["top"] or 0
        for m in (Reply, Notification, OutgoingEmail, AuditEvent)
    }


def check_notifications(ledger: dict[str, Any]) -> dict[str, Any]:
    """A reply tells the thread's author (when they are an active member and not the one
    replying) and nobody else, since the bodies mention no one; each such note is emailed
    at once (the default) and becomes exactly one queued email."""
    expected = 0
    for r in new(Reply, ledger).filter(body__contains=ledger["marker"]).select_related("thread"):
        author = r.thread.author_id
        if author is None or author == r.author_id:
            continue
        expected += Membership.objects.filter(
            community_id=r.thread.community_id,
            user_id=author,
            status=Membership.Status.ACTIVE,
            user__is_active=True,
        ).exists()
    notes = new(Notification, ledger).filter(kind=Kind.REPLY)
    emailed = notes.filter(emailed_at__isnull=False).count()
    emails = new(OutgoingEmail, ledger)
    return _result(
        notes.count() == expected and emails.count() == emailed,
        expected=expected,
        notifications=notes.count(),
        emailed=emailed,
        emails_queued=emails.count(),
        other_notifications=new(Notification, ledger).exclude(kind=Kind.REPLY).count(),
    )


def check_emails(ledger: dict[str, Any], mail_dir: Path) -> dict[str, Any]:
    """Every email of the run sent, and each written out by the mail backend exactly once."""
    rows = new(OutgoingEmail, ledger)
    statuses = Counter(rows.values_list("status", flat=True))
    ids = set(rows.values_list("message_id", flat=True))
    written: Counter[str] = Counter()
    for path in sorted(mail_dir.glob("*.log")) if mail_dir.is_dir() else []:
        # The file backend writes each message, then a line of 79 dashes.
        for chunk in path.read_text().split("\n" + "-" * 79 + "\n"):
            if chunk.strip():
                written[email.message_from_string(chunk.lstrip("\n"))["Message-ID"]] += 1
    duplicates = sum(n - 1 for n in written.values() if n > 1)
    not_written = len(ids - set(written))
    strangers = len(set(written) - ids)
    return _result(
        set(statuses) <= {OutgoingEmail.Status.SENT}
        and duplicates == not_written == strangers == 0,
        emails=len(ids),
        by_status=dict(statuses),
        messages_written=sum(written.values()),
        duplicates=duplicates,
        sent_but_not_written=not_written,
        written_but_not_ours=strangers,
        attempts_over_one=rows.filter(attempts__gt=1).count(),
    )


def check_tasks(since: dt.datetime) -> dict[str, Any]:
    """Every task enqueued during the run that came due finished, and none failed. (The
    scale dataset writes no tasks, so enqueued_at tells the run's.)"""
    tasks = DBTaskResult.objects.filter(enqueued_at__gte=since)
    by_status = Counter(tasks.values_list("status", flat=True))
    due_unfinished = tasks.ready().count() + tasks.running().count()
    later = tasks.filter(status="READY").exclude(pk__in=tasks.ready().values("pk")).count()
    paths = Counter(tasks.values_list("task_path", flat=True))
    returned = Counter(
        str(v)
        for v in tasks.filter(task_path="fireside.lib.mail.deliver_email").values_list(
            "return_value", flat=True
        )
    )
    waits = [
        (s - e).total_seconds()
        for e, s in tasks.filter(started_at__isnull=False).values_list("enqueued_at", "started_at")
        if s is not None
    ]
    waits.sort()
    return _result(
        by_status.get("FAILED", 0) == 0 and due_unfinished == 0,
        enqueued=sum(by_status.values()),
        by_status=dict(by_status),
        due_unfinished=due_unfinished,
        scheduled_for_later=later,
        by_task=dict(paths),
        deliver_email_returned=dict(returned),
        wait_to_start_p50_s=round(waits[len(waits) // 2], 3) if waits else None,
        wait_to_start_max_s=round(waits[-1], 3) if waits else None,
        workers=sorted({w for ids in tasks.values_list("worker_ids", flat=True) for w in ids}),
    )


def check_rsvps(ledger: dict[str, Any]) -> dict[str, Any]:
    """Each virtual user is one person and answers one at a time: the database keeps
    their last accepted answer, in one row per person and gathering (a constraint)."""
    last = ledger["rsvp_last"]  # "email gathering_id" -> response
    pairs = [(k.split()[0], int(k.split()[1]), v) for k, v in last.items()]
    users = dict(User.objects.filter(email__in={p[0] for p in pairs}).values_list("email", "pk"))
    stored = {
        (u, g): r
        for u, g, r in Rsvp.objects.filter(
            user_id__in=users.values(), gathering_id__in={p[1] for p in pairs}
        ).values_list("user_id", "gathering_id", "response")
    }
    wrong = [f"{e} {g}" for e, g, r in pairs if stored.get((users.get(e, 0), g)) != r]
    return _result(not wrong, answered_pairs=len(pairs), not_as_last_answered=wrong[:20])


def check_audit(ledger: dict[str, Any]) -> dict[str, Any]:
    replies = new(Reply, ledger).filter(body__contains=ledger["marker"]).count()
    events = new(AuditEvent, ledger).filter(verb="conversations.reply").count()
    return _result(events == replies, reply_events=events, replies=replies)


def check_orphans() -> dict[str, Any]:
    """Every foreign key of every table, checked by a query (not only trusted to the
    database's constraints): rows pointing at a row that is not there."""
    found: dict[str, int] = {}
    checked = 0
    for model in apps.get_models(include_auto_created=True):
        if model._meta.proxy or not model._meta.managed:
            continue
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.ForeignKey):
                continue
            target = field.related_model._base_manager  # type: ignore[union-attr]
            there = target.values(field.target_field.attname)
            checked += 1
            n = (
                model._base_manager.filter(**{f"{field.attname}__isnull": False})
                .exclude(**{f"{field.attname}__in": there})
                .count()
            )
            if n:
                found[f"{model._meta.label}.{field.name}"] = n
    return _result(not found, foreign_keys_checked=checked, orphans=found)


def check(ledger_path: str) -> dict[str, Any]:
    ledger = json.loads(Path(ledger_path).read_text())
    since = dt.datetime.fromisoformat(ledger["started_at"])
    return {
        "replies": check_replies(ledger),
        "threads": check_threads(ledger),
        "search_index": check_search(ledger),
        "notifications": check_notifications(ledger),
        "emails": check_emails(ledger, Path(ledger["mail_dir"])),
        "tasks": check_tasks(since),
        "rsvps": check_rsvps(ledger),
        "audit": check_audit(ledger),
        "orphans": check_orphans(),
    }


def main() -> None:
    what = sys.argv[1]
    if what == "prepare":
        out = prepare(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]))
    elif what == "check":
        out = check(sys.argv[2])
    else:
        raise SystemExit(__doc__)
    json.dump(out, sys.stdout, indent=1, default=str)


if __name__ == "__main__":
    main()
