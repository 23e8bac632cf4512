"""Checking a participants' file against the program: every problem of every row, at once.

A handful of queries whatever the file's length (the program's groups with their counts,
the accounts of the addresses in the file, their places in the program's groups, the live
invitations), so a file of 5,000 rows is checked in about the time it takes to read it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.enrolment.parse import header_key
from fireside.programs import words
from fireside.programs.models import Program

NAME_MAX = 150
REGION_MAX = 100
EMAIL_MAX = 254
_CHUNK = 900  # addresses per query: under SQLite's oldest limit on query parameters
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")

MEMBER, FACILITATOR, CO_FACILITATOR = "member", "facilitator", "co_facilitator"
_ROLES = {
    MEMBER: ("member", "membre", "participant", "participante"),
    FACILITATOR: ("facilitator", "facilitateur", "facilitatrice", "animateur", "animatrice"),
    CO_FACILITATOR: (
        "co-facilitator",
        "cofacilitator",
        "co_facilitator",
        "co-facilitateur",
        "cofacilitateur",
        "co-facilitatrice",
        "cofacilitatrice",
        "co-animateur",
        "co-animatrice",
        "coanimateur",
        "coanimatrice",
    ),
}
ROLE_WORDS = {header_key(w): role for role, words in _ROLES.items() for w in words}
ROLE_WORDS.update({header_key(w).replace(" ", ""): r for w, r in list(ROLE_WORDS.items())})

# What a row will do, once the file is clean.
NEW, INVITED, MEMBER_ALREADY = "new", "invited", "member"


@dataclass
class Plan:
    row: int
    name: str
    email: str
    role_type: str
    region: str
    community_id: int | None
    role: str
    joined_on: dt.date | None
    status: str = NEW
    user_id: int | None = None


@dataclass
class Checked:
    problems: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    plans: list[Plan] = field(default_factory=list)

    @property
    def clean(self) -> bool:
        return not self.problems

    @property
    def problem_count(self) -> int:
        return sum(len(p) for p in self.problems.values())

    def add(self, row: int, column: str, message: str) -> None:
        self.problems.setdefault(row, []).append((column, message))

    def counts(self) -> dict[str, int]:
        statuses = Counter(p.status for p in self.plans)
        return {
            "rows": len(self.plans) + len(set(self.problems) - {p.row for p in self.plans}),
            "new": statuses[NEW],
            "invited": statuses[INVITED],
            "members": statuses[MEMBER_ALREADY],
            "groups": len({p.community_id for p in self.plans if p.community_id}),
        }

    def problem_list(self) -> list[dict[str, Any]]:
        return [
            {"row": row, "column": column, "message": message}
            for row in sorted(self.problems)
            for column, message in self.problems[row]
        ]


def role_types(program: Program) -> dict[str, str]:
    """Each of the program's role types by its code and its English and French names."""
    found: dict[str, str] = {}
    for code in program.role_type_codes():
        found[header_key(code)] = code
        found[header_key(code.replace("_", " "))] = code
        for language in ("en", "fr-ca"):
            with translation.override(language):
                found[header_key(words.role_type_label(program, code))] = code
    return found


def column_label(column: str) -> str:
    labels = {
        "name": _("Name"),
        "email": _("Email"),
        "role_type": _("Role type"),
        "region": _("Region"),
        "group": _("Group"),
        "role": _("Role"),
        "joined_on": _("Joined on"),
    }
    return str(labels.get(column, column))


def _today(program: Program) -> dt.date:
    return timezone.now().astimezone(ZoneInfo(program.timezone)).date()


def _chunks(values: Sequence[str]) -> Iterable[Sequence[str]]:
    for start in range(0, len(values), _CHUNK):
        yield values[start : start + _CHUNK]


# Where other apps say who is already invited: (email, community id or None) pairs.
# fireside/enrolment/invite.py fills it in; without it, no one counts as invited.
def live_invitations(program: Program, emails: Sequence[str]) -> set[tuple[str, int | None]]:
    from fireside.enrolment import invite

    return invite.live_invitations(program, emails)


class _Checker:
    def __init__(self, program: Program, rows: Sequence[dict[str, Any]]) -> None:
        self.program = program
        self.rows = rows
        self.result = Checked()
        self.today = _today(program)
        self.kinds = role_types(self.program)
        groups = list(Community.objects.with_counts().filter(program=program))
        self.groups = {g.pk: g for g in groups}
        self.by_name: dict[str, list[Community]] = defaultdict(list)
        for g in groups:
            self.by_name[" ".join(g.name.split()).casefold()].append(g)

    def run(self) -> Checked:
        emails = self._emails()
        found = sorted({e for e in emails.values() if e})
        self.accounts: dict[str, User] = {}
        for part in _chunks(found):
            for user in User.objects.filter(email__in=part):
                self.accounts[user.email.lower()] = user
        self.places: set[tuple[int, int]] = set()
        ids = [u.pk for u in self.accounts.values()]
        for start in range(0, len(ids), _CHUNK):
            self.places.update(
                Membership.objects.filter(
                    community__program=self.program,
                    user_id__in=ids[start : start + _CHUNK],
                )
                .exclude(status=Membership.Status.LEFT)
                .values_list("user_id", "community_id")
            )
        self.invited = live_invitations(self.program, found)
        for raw in self.rows:
            self._row(raw, emails.get(int(raw["row"]), ""))
        self._capacity()
        return self.result

    def _emails(self) -> dict[int, str]:
        """Each row's address, lower-cased, once checked; duplicates flagged."""
        first: dict[str, int] = {}
        out: dict[int, str] = {}
        for raw in self.rows:
            number = int(raw["row"])
            email = str(raw.get("email") or "").strip().lower()
            if not email:
                if not _has_problem(raw, "email"):
                    self.result.add(number, "email", _("The email address is missing."))
                continue
            try:
                if len(email) > EMAIL_MAX:
                    raise ValidationError("too long")
                validate_email(email)
            except ValidationError:
                self.result.add(
                    number,
                    "email",
                    _("“%(email)s” is not an email address.") % {"email": email[:80]},
                )
                continue
            if email in first:
                self.result.add(
                    number,
                    "email",
                    _("%(email)s is already on row %(row)s.")
                    % {"email": email, "row": first[email]},
                )
                continue
            first[email] = number
            out[number] = email
        return out

    def _row(self, raw: dict[str, Any], email: str) -> None:
        number = int(raw["row"])
        for column, message in raw.get("problems") or ():
            self.result.add(number, column, message)
        name = " ".join(str(raw.get("name") or "").split())
        if not name:
            if not _has_problem(raw, "name"):
                self.result.add(number, "name", _("The name is missing."))
        elif len(name) > NAME_MAX:
            self.result.add(number, "name", _too_long(len(name), NAME_MAX))
        region = str(raw.get("region") or "").strip()
        if len(region) > REGION_MAX:
            self.result.add(number, "region", _too_long(len(region), REGION_MAX))
        account = self.accounts.get(email)
        role_type = self._role_type(number, raw, account)
        group = self._group(number, raw, role_type)
        role = self._role(number, raw, group)
        joined_on = self._date(number, raw)
        if number in self.result.problems or not email:
            return
        plan = Plan(
            row=number,
            name=name,
            email=email,
            role_type=role_type,
            region=region,
            community_id=group.pk if group else None,
            role=role,
            joined_on=joined_on,
            user_id=account.pk if account else None,
        )
        if account and self._is_member(account.pk, plan.community_id):
            plan.status = MEMBER_ALREADY
        elif (email, plan.community_id) in self.invited:
            plan.status = INVITED
        self.result.plans.append(plan)

    def _is_member(self, user_id: int, community_id: int | None) -> bool:
        if community_id is None:
            return any(u == user_id for u, _c in self.places)
        return (user_id, community_id) in self.places

    def _role_type(self, number: int, raw: dict[str, Any], account: User | None) -> str:
        text = str(raw.get("role_type") or "").strip()
        if account is not None and not account.is_active:
            self.result.add(
                number, "email", _("This address belongs to a closed account; leave it out.")
            )
            return ""
        if not text and account is not None:
            text = account.role_type  # the account's own, checked as if the file said it
        if not text:
            if not _has_problem(raw, "role_type"):
                self.result.add(number, "role_type", _("The role type is missing."))
            return ""
        code = self.kinds.get(header_key(text), "")
        if not code:
            self.result.add(
                number,
                "role_type",
                _("“%(value)s” is not a role type. Use one of: %(choices)s.")
                % {
                    "value": text[:80],
                    "choices": ", ".join(
                        f"{c} ({words.role_type_label(self.program, c)})"
                        for c in self.program.eligible_role_types
                    ),
                },
            )
            return ""
        if code not in self.program.eligible_role_types:
            self.result.add(
                number,
                "role_type",
                _("%(name)s is not open to “%(role)s”; it is open to: %(open_to)s.")
                % {
                    "name": self.program.name,
                    "role": words.role_type_label(self.program, code),
                    "open_to": ", ".join(self.program.eligible_role_type_labels()),
                },
            )
        if account is not None and account.role_type != code:
            self.result.add(
                number,
                "role_type",
                _(
                    "This address belongs to an account whose role type is “%(theirs)s”, not "
                    "“%(file)s”. Correct the file, or ask the person to update their profile "
                    "first."
                )
                % {
                    "theirs": words.role_type_label(self.program, account.role_type),
                    "file": words.role_type_label(self.program, code),
                },
            )
        return code

    def _group(self, number: int, raw: dict[str, Any], role_type: str) -> Community | None:
        text = " ".join(str(raw.get("group") or "").split())
        if not text:
            return None
        matches = self.by_name.get(text.casefold(), [])
        if not matches:
            self.result.add(
                number,
                "group",
                _("There is no group named “%(group)s” in %(program)s.")
                % {"group": text[:150], "program": self.program.name},
            )
            return None
        if len(matches) > 1:
            self.result.add(
                number,
                "group",
                _("Several groups are named “%(group)s”; rename one so each name is unique.")
                % {"group": text},
            )
            return None
        group = matches[0]
        if role_type and group.audience != role_type:
            self.result.add(
                number,
                "group",
                _("%(group)s is a group for “%(audience)s”, not “%(role)s”.")
                % {
                    "group": group.name,
                    "audience": words.role_type_label(self.program, group.audience),
                    "role": words.role_type_label(self.program, role_type),
                },
            )
        return group

    def _role(self, number: int, raw: dict[str, Any], group: Community | None) -> str:
        text = str(raw.get("role") or "").strip()
        if not text:
            return MEMBER
        role = ROLE_WORDS.get(header_key(text)) or ROLE_WORDS.get(header_key(text).replace(" ", ""))
        if role is None:
            self.result.add(
                number,
                "role",
                _(
                    "“%(value)s” is not a role in a group: use member, facilitator or "
                    "co-facilitator."
                )
                % {"value": text[:80]},
            )
            return MEMBER
        if role != MEMBER and group is None and not str(raw.get("group") or "").strip():
            self.result.add(number, "role", _("A facilitator's row needs the group's name."))
        return role

    def _date(self, number: int, raw: dict[str, Any]) -> dt.date | None:
        text = str(raw.get("joined_on") or "").strip()
        if not text:
            return None
        try:
            if not _ISO_DATE.match(text):
                raise ValueError(text)
            value = dt.date.fromisoformat(text)
        except ValueError:
            self.result.add(
                number,
                "joined_on",
                _("“%(value)s” is not a date: write it as YYYY-MM-DD, e.g. 2026-09-14.")
                % {"value": text[:40]},
            )
            return None
        if value > self.today:
            self.result.add(
                number,
                "joined_on",
                _("%(date)s is in the future: the date someone joined is today or earlier.")
                % {"date": value.isoformat()},
            )
        elif not self.program.starts_on <= value <= self.program.ends_on:
            self.result.add(
                number,
                "joined_on",
                _("%(date)s is outside the program (%(start)s to %(end)s).")
                % {
                    "date": value.isoformat(),
                    "start": date_format(self.program.starts_on, "j F Y"),
                    "end": date_format(self.program.ends_on, "j F Y"),
                },
            )
        return value

    def _capacity(self) -> None:
        """A group cannot take more than its seats: joining beyond would only waitlist."""
        going: dict[int, list[int]] = defaultdict(list)
        for raw_row, community_id in self._rows_to_groups():
            going[community_id].append(raw_row)
        for community_id, numbers in going.items():
            group = self.groups[community_id]
            taken = int(getattr(group, "active_count", 0))
            seats = max(0, group.capacity - taken)
            over = len(numbers) - seats
            if over <= 0:
                continue
            message = ngettext(
                "%(group)s is full: %(over)s over capacity (%(capacity)s seats, %(taken)s "
                "taken); remove rows or raise the group's capacity.",
                "%(group)s is full: %(over)s over capacity (%(capacity)s seats, %(taken)s "
                "taken); remove rows or raise the group's capacity.",
                over,
            ) % {"group": group.name, "over": over, "capacity": group.capacity, "taken": taken}
            for number in numbers[seats:]:
                self.result.add(number, "group", message)
        if going:
            keep = {p.row for p in self.result.plans if p.row not in self.result.problems}
            self.result.plans = [p for p in self.result.plans if p.row in keep]

    def _rows_to_groups(self) -> list[tuple[int, int]]:
        """Rows (with or without other problems) that would take a seat in a group."""
        plans = {p.row: p for p in self.result.plans}
        out = []
        for raw in self.rows:
            number = int(raw["row"])
            plan = plans.get(number)
            if plan is not None:
                if plan.community_id and plan.status != MEMBER_ALREADY:
                    out.append((number, plan.community_id))
                continue
            text = " ".join(str(raw.get("group") or "").split()).casefold()
            matches = self.by_name.get(text, []) if text else []
            if len(matches) == 1:
                out.append((number, matches[0].pk))
        return out


def _has_problem(raw: dict[str, Any], column: str) -> bool:
    return any(c == column for c, _m in raw.get("problems") or ())


def _too_long(length: int, limit: int) -> str:
    return _("This is %(length)s characters long; the most is %(limit)s.") % {
        "length": length,
        "limit": limit,
    }


def check_rows(program: Program, rows: Sequence[dict[str, Any]]) -> Checked:
    """Every problem of every row, and what each clean row would do."""
    return _Checker(program, rows).run()
