"""Reading the audit trail: which events a viewer may see, and each one in plain words.

An event holds identifiers (`data`), never content, but a few actions also note a short
free text there (a revocation's reason, a removed resource's title). Nothing here shows
`data` as it is: only the keys in DETAILS are read, each rendered as a person's name, a
number or a label. Coordinators see the accountable changes of their own program (roles,
membership, attendance, certificates, agreements, exports, the program's set-up), not who
wrote, flagged or answered what; staff see every event.

The verbs' words are in fireside/lib/audit_verbs.py, and the names of programs, groups and
gatherings come from the apps that own them (fireside/audit/targets.py).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import reduce
from operator import or_
from typing import Any
from zoneinfo import ZoneInfo

from django.apps import apps
from django.db.models import BigIntegerField, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.audit.models import AuditEvent
from fireside.audit.targets import KINDS, LABELS, PROGRAM_SCOPES
from fireside.lib.audit_verbs import COORDINATOR_VERBS, words_for

PER_PAGE = 50

# --- Which events ------------------------------------------------------------------------


def program_events(program_id: int) -> QuerySet[AuditEvent]:
    """The accountable changes in one program: on the program itself, on its groups, its
    certificates, and attendance corrections in its gatherings (each app's scope)."""
    scopes = [scope(program_id) for scope in PROGRAM_SCOPES]
    return (
        AuditEvent.objects.filter(verb__in=COORDINATOR_VERBS)
        .annotate(gathering=Cast(KT("data__gathering_id"), BigIntegerField()))
        .filter(reduce(or_, scopes, Q(pk__in=[])))
    )


def all_events() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.all()


# --- In plain words ----------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    at: dt.datetime
    actor: str
    verb: str
    what: str
    target: str
    details: list[str]


@dataclass
class Names:
    """Everything the rows name, fetched once for a whole page (a query per kind: people,
    and what the apps registered: groups, programs, gatherings)."""

    users: dict[int, str]
    kinds: dict[str, dict[int, str]]

    @classmethod
    def for_events(cls, events: list[AuditEvent], viewer: User | None = None) -> Names:
        """What a viewer may read of each: a gathering's title is part of its group's
        schedule, so staff outside it read "a gathering", and the admin (no viewer) always
        does (fireside/gatherings/audit_targets.py)."""
        ids: dict[str, set[int]] = {kind: set() for kind in ("user", *KINDS)}
        for e in events:
            for kind, pk in _named(e):
                if _is_id(pk) and kind in ids:
                    ids[kind].add(pk)
        users = {
            u.pk: u.display_name
            for u in User.objects.filter(pk__in=ids["user"]).only("pk", "name", "email")
        }
        kinds = {kind: k.read(ids[kind], viewer) if ids[kind] else {} for kind, k in KINDS.items()}
        return cls(users, kinds)

    def user(self, pk: Any) -> str:
        return self.users.get(pk, str(_("a former member"))) if _is_id(pk) else ""

    def of(self, kind: str, pk: Any) -> str:
        """The name of a registered kind's row, "" when unknown."""
        return self.kinds.get(kind, {}).get(pk, "") if _is_id(pk) else ""


def _named(e: AuditEvent) -> list[tuple[str, Any]]:
    """(kind, id) of everyone and everything an event names."""
    found = [("user", e.actor_id), (_target_kind(e.target_type), e.target_id)]
    found += [("user", e.data.get(key)) for key in ("user_id", "holder_id", "to")]
    found += [("user", pk) for pk in e.data.get("user_ids") or []]
    found += [("community", e.data.get("community_id")), ("program", e.data.get("program_id"))]
    found += [("gathering", e.data.get("gathering_id"))]
    return [(kind, pk) for kind, pk in found if kind]


def _target_kind(target_type: str) -> str:
    if target_type == "accounts.user":
        return "user"
    return next((kind for kind, k in KINDS.items() if k.target_type == target_type), "")


def _is_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _target(e: AuditEvent, names: Names) -> str:
    pk = e.target_id
    kind = _target_kind(e.target_type)
    if kind and kind != "user":
        return names.of(kind, pk) or str(KINDS[kind].gone or "")
    if e.target_type == "accounts.user":
        return "" if pk == e.actor_id else names.user(pk)  # "Mina … updated their profile"
    if e.target_type == "certificates.certificate":
        # Never the code: whoever holds it can verify the certificate.
        return str(_("a certificate of %(name)s") % {"name": names.user(e.data.get("holder_id"))})
    if not e.target_type:
        return ""
    try:
        model = apps.get_model(e.target_type)
    except (LookupError, ValueError):
        return e.target_type
    return str(model._meta.verbose_name)


def _minutes(e: AuditEvent, names: Names) -> str:
    was, now = e.data.get("was_minutes"), e.data.get("now_minutes")
    if not (_is_id(was) and _is_id(now)):
        return ""
    return str(_("from %(was)s to %(now)s minutes") % {"was": was, "now": now})


def _number(key: str, words: Callable[[int], str]) -> Callable[[AuditEvent, Names], str]:
    def render(e: AuditEvent, names: Names) -> str:
        n = e.data.get(key)
        return words(n) if _is_id(n) else ""

    return render


def _label_of(key: str) -> Callable[[AuditEvent, Names], str]:
    """The registered label of the value under `key` (fireside/audit/targets.py)."""

    def render(e: AuditEvent, names: Names) -> str:
        value, labels = e.data.get(key), LABELS.get(key, {})
        return str(labels[value]) if isinstance(value, str) and value in labels else ""

    return render


def _date(key: str, words: Promise) -> Callable[[AuditEvent, Names], str]:
    def render(e: AuditEvent, names: Names) -> str:
        try:
            day = dt.date.fromisoformat(str(e.data.get(key)))
        except ValueError:
            return ""
        return str(words) % {"day": date_format(day, "j M Y")}

    return render


def _counted(e: AuditEvent, names: Names) -> str:
    n = e.data.get("count")
    if not _is_id(n):
        return ""
    if e.verb == "gatherings.schedule":
        return ngettext("%(n)s gathering", "%(n)s gatherings", n) % {"n": n}
    if e.verb == "conversations.dismiss_flags":
        return ngettext("%(n)s flag", "%(n)s flags", n) % {"n": n}
    if e.verb == "surveys.mix":
        return ngettext("%(n)s answer", "%(n)s answers", n) % {"n": n}
    return str(n)


# The only keys of `data` ever shown, each rendered from a known shape (free text never).
DETAILS: list[Callable[[AuditEvent, Names], str]] = [
    lambda e, n: n.user(e.data.get("user_id")),
    lambda e, n: ", ".join(n.user(u) for u in e.data.get("user_ids") or [] if _is_id(u)),
    lambda e, n: n.user(e.data.get("holder_id")) if e.verb != "certificates.revoke" else "",
    lambda e, n: n.user(e.data.get("to")),
    _label_of("role"),
    _label_of("status"),
    lambda e, n: (
        str(_("was %(status)s") % {"status": LABELS["status"][e.data["was"]]})
        if e.data.get("was") in LABELS.get("status", {})
        else ""
    ),
    _number("position", lambda n: _("place %(n)s on the waiting list") % {"n": n}),
    _number("version", lambda n: _("version %(n)s") % {"n": n}),
    _number("rows", lambda n: ngettext("%(n)s person", "%(n)s people", n) % {"n": n}),
    _counted,
    _minutes,
    lambda e, n: n.of("gathering", e.data.get("gathering_id")),
    lambda e, n: n.of("community", e.data.get("community_id")),
    lambda e, n: (
        str(_("%(hours)s hours") % {"hours": e.data["hours"]})
        if isinstance(e.data.get("hours"), str) and e.data["hours"].replace(".", "", 1).isdigit()
        else ""
    ),
    _date("period_start", _("from %(day)s")),
    _date("period_end", _("to %(day)s")),
    lambda e, n: str(_("through the API")) if e.data.get("via") == "api" else "",
]


def rows(events: list[AuditEvent], zone: ZoneInfo, viewer: User | None = None) -> list[Row]:
    names = Names.for_events(events, viewer)
    fireside = str(_("Fireside (on its own)"))
    return [
        Row(
            at=e.at.astimezone(zone),
            actor=names.user(e.actor_id) if e.actor_id else fireside,
            verb=e.verb,
            what=words_for(e.verb),
            target=_target(e, names),
            details=[text for render in DETAILS if (text := render(e, names))],
        )
        for e in events
    ]
