"""What Fireside stores about a person, app by app: exported on request, erased on request.

Accounts owns this registry; every app that stores something about a person registers itself
here, beside its models, so accounts never imports the apps above it (pretix's data shredders
are the model). To register, write `<app>/personal_data.py`:

    from fireside.accounts.personal_data import Claim, Exempt, Section, register, rows

    def register_all() -> None:
        register(
            app="gatherings",
            sections=[
                Section(
                    "debriefs",
                    lambda user: rows(Debrief.objects.filter(written_by=user), "logistics"),
                    claims=(Claim("gatherings.Debrief", ("written_by",), ("logistics",)),),
                ),
            ],
            exempt=[Exempt("gatherings.Series", ("created_by", "rrule"), "Why it is kept.")],
            erase=do_erase_for,  # user -> None, inside the erasure's transaction
            erase_order=90,
        )

and call `register_all()` from the app's `AppConfig.ready()`.

- A **section** is one key of the export: its name and a function returning plain JSON
  values (a list of dicts, or a dict of such lists). Sections appear in registration order
  (INSTALLED_APPS order), each name once.
- A **claim** says which model a section reads: `people` are its foreign keys to the user that
  point at the person exported, `text` the columns that person's export carries (what they
  wrote, or what describes them). `fireside/accounts/tests/test_personal_data.py` fails for
  any foreign key, one-to-one or many-to-many to the user, in any installed model, that no
  claim or exemption names; and, on every model with such a key, for any text or JSON
  column neither claimed nor exempted. It also checks that the claimed text of every row
  of a person really is in their export.
- An **exemption** names columns that are deliberately not exported, with the reason (the
  group's shared record, another person's words, a secret's hash, a derived copy…).
- **Erasure** runs every app's `erase` in ascending `erase_order` inside one transaction,
  then anonymises the user row itself (`fireside.accounts.actions.do_erase_user`). An app
  erases or anonymises what describes the person; what they wrote for others stays under
  "A former member". When a step depends on another (rows that protect or feed others),
  give it a later `erase_order`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.db.models import F

if TYPE_CHECKING:
    from fireside.accounts.models import User

Exporter = Callable[["User"], Any]
Eraser = Callable[["User"], None]


@dataclass(frozen=True)
class Claim:
    model: str  # "app_label.ModelName"
    people: tuple[str, ...] = ()
    text: tuple[str, ...] = ()


@dataclass(frozen=True)
class Exempt:
    model: str
    fields: tuple[str, ...]
    reason: str

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise ValueError(f"Say why {self.model} is not exported.")


@dataclass(frozen=True)
class Section:
    name: str
    export: Exporter
    claims: tuple[Claim, ...] = ()


@dataclass(frozen=True)
class Provider:
    app: str
    sections: tuple[Section, ...]
    exempt: tuple[Exempt, ...]
    erase: Eraser | None
    erase_order: int


@dataclass
class _Registry:
    providers: dict[str, Provider] = field(default_factory=dict)


_registry = _Registry()


def register(
    *,
    app: str,
    sections: Iterable[Section] = (),
    exempt: Iterable[Exempt] = (),
    erase: Eraser | None = None,
    erase_order: int = 100,
) -> None:
    """Declare what `app` stores about a person. Registering an app again replaces it."""
    provider = Provider(app, tuple(sections), tuple(exempt), erase, erase_order)
    taken = {s.name for p in _registry.providers.values() if p.app != app for s in p.sections}
    names = [s.name for s in provider.sections]
    clash = (set(names) & taken) | {n for n in names if names.count(n) > 1}
    if clash:
        raise ValueError(f"Export sections registered twice: {sorted(clash)}")
    _registry.providers[app] = provider


def providers() -> list[Provider]:
    return list(_registry.providers.values())


def sections() -> list[Section]:
    return [s for p in providers() for s in p.sections]


def claims() -> list[Claim]:
    return [c for s in sections() for c in s.claims]


def exemptions() -> list[Exempt]:
    return [e for p in providers() for e in p.exempt]


def export(user: User) -> dict[str, Any]:
    """Every registered section for this person, in registration order."""
    return {s.name: s.export(user) for s in sections()}


def erase(user: User) -> None:
    """Every registered eraser, in `erase_order`; the caller holds the transaction."""
    for provider in sorted(providers(), key=lambda p: p.erase_order):
        if provider.erase is not None:
            provider.erase(user)


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date | dt.datetime) else value


def rows(qs: Any, *fields: str, **renamed: str) -> list[dict[str, Any]]:
    """Rows as plain JSON values; `renamed` maps an output key to a related field."""
    values = qs.values(*fields, **{k: F(v) for k, v in renamed.items()})
    return [{k: plain(v) for k, v in row.items()} for row in values]
