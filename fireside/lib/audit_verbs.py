"""The audit verbs: what each recorded verb did, in the words a coordinator would use,
grouped for the log's filter.

The groups live here, in lib, so that every app can declare its own verbs in its
`audit_verbs.py` without importing the audit app (accounts sits beside audit, and audit reads
accounts): `AuditConfig.ready()` finds those modules (autodiscover), so a feature's new verb
touches that app only; the audit app reads the verbs from here for its log and filter.
Coordinators see the accountable changes of their own program (every group not staff-only);
staff see everything.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Group:
    label: Promise
    # The life of groups and of accounts: staff's business, not a coordinator's.
    staff_only: bool = False
    verbs: dict[str, Promise] = field(default_factory=dict)


# In the filter's order.
GROUPS: dict[str, Group] = {
    "roles": Group(_("Roles")),
    "membership": Group(_("Membership")),
    "attendance": Group(_("Attendance")),
    "certificates": Group(_("Certificates")),
    "agreements": Group(_("Agreements")),
    "exports": Group(_("Exports")),
    "setup": Group(_("Program and groups")),
    "activity": Group(_("Group activity"), staff_only=True),
    "accounts": Group(_("Accounts"), staff_only=True),
}
# Every verb and its words; the verbs coordinators see, for their program.
VERBS: dict[str, Promise] = {}
COORDINATOR_VERBS: set[str] = set()


def register(group: str, verbs: dict[str, Promise], *, staff_only: bool = False) -> None:
    """Add an app's verbs to one of the groups. `staff_only`: verbs of a coordinators' group
    that only staff see (someone's own download is theirs and staff's)."""
    into = GROUPS[group]
    for verb, words in verbs.items():
        if verb in VERBS:
            raise ValueError(f"The audit verb {verb} is registered twice.")
        into.verbs[verb] = words
        VERBS[verb] = words
        if not (into.staff_only or staff_only):
            COORDINATOR_VERBS.add(verb)


def words_for(verb: str) -> str:
    words = VERBS.get(verb)
    return str(words) if words is not None else verb.replace("_", " ").replace(".", ": ")


def verb_choices(verbs: Iterable[str]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices for a select, limited to `verbs`."""
    wanted = set(verbs)
    return [
        (str(group.label), [(v, str(w)) for v, w in group.verbs.items() if v in wanted])
        for group in GROUPS.values()
        if wanted & set(group.verbs)
    ]
