"""A person's role type, once they are in a group, changes only when a coordinator confirms it.

The person asks on their profile or through the API (fireside/accounts/actions.py keeps the
request on the user: `role_type_requested`); meanwhile everything — joining, invitations,
the directory's "groups for you" — reads the confirmed `role_type`, so another role's group
never opens on a word typed alone. The request shows to the coordinators of every program
the person is in (active or waiting in one of its groups); any one of them confirms or
declines it, and the person is told by email. Confirming moves nobody out of a group: the
coordinator sees the person's groups that no longer fit and acts on them.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts import role_types
from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, NotAllowed, NotFoundError
from fireside.lib.mail import send_templated
from fireside.programs.models import Program
from fireside.programs.words import register_use_check, role_type_label

IN_A_GROUP = (Membership.Status.ACTIVE, Membership.Status.WAITLISTED)


def in_a_group(user: User) -> bool:
    return Membership.objects.filter(user=user, status__in=IN_A_GROUP).exists()


def waiting_in(programs: list[Program] | QuerySet[Program]) -> QuerySet[User]:
    """People with a change of role waiting, who are in a group of one of these programs."""
    return (
        User.objects.filter(is_active=True)
        .exclude(role_type_requested="")
        .filter(
            memberships__status__in=IN_A_GROUP,
            memberships__community__program__in=programs,
        )
        .distinct()
        .order_by("role_type_requested_at", "pk")
    )


@dataclass(frozen=True)
class Request:
    user: User
    current: str  # the confirmed role type's name, in the program's words
    wanted: str
    groups: list[Membership]  # their groups in this program
    no_longer_fit: list[Membership]  # those a confirmed change would leave for another role


def requests_for(program: Program, viewer: User | None = None) -> list[Request]:
    """The changes waiting in this program, each with the person's groups: two queries.
    The viewer's own change is not theirs to decide, so it is left out."""
    people = [p for p in waiting_in([program]) if viewer is None or p.pk != viewer.pk]
    places: dict[int, list[Membership]] = {}
    for m in (
        Membership.objects.filter(user__in=people, status__in=IN_A_GROUP)
        .select_related("community")
        .order_by("community__name")
    ):
        places.setdefault(m.user_id, []).append(m)
    found = []
    for person in people:
        groups = places.get(person.pk, [])
        found.append(
            Request(
                user=person,
                current=role_type_label(program, person.role_type),
                wanted=role_type_label(program, person.role_type_requested),
                groups=groups,
                no_longer_fit=[
                    m for m in groups if m.community.audience != person.role_type_requested
                ],
            )
        )
    return found


def _person(program: Program, user_id: int, actor: User) -> User:
    if user_id == actor.pk:
        raise NotAllowed(
            _("Another coordinator of your program confirms a change of your own role.")
        )
    user = waiting_in([program]).filter(pk=user_id).first()
    if user is None:
        raise NotFoundError(_("No change of role from this person waits in this program."))
    return user


def do_confirm_role_type(*, actor: User, program: Program, user_id: int) -> list[Community]:
    """The asked-for role becomes the person's role. Returns their groups (in any program)
    that are now for another role, for the coordinator to act on; nobody is moved."""
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=_person(program, user_id, actor).pk)
        wanted = person.role_type_requested
        if not wanted:
            raise Conflict(_("This change was already decided."))
        before = person.role_type
        person.role_type = wanted
        person.role_type_requested = ""
        person.role_type_requested_at = None
        person.save(update_fields=["role_type", "role_type_requested", "role_type_requested_at"])
        record(
            actor,
            "accounts.role_type_confirm",
            person,
            program_id=program.pk,
            role_type=wanted,
            before=before,
        )
        send_templated(
            "role_type_confirmed",
            {"user": person, "program": program, "code": wanted},
            person.email,
        )
    return list(
        Community.objects.filter(memberships__user=person, memberships__status__in=IN_A_GROUP)
        .exclude(audience=wanted)
        .order_by("name")
    )


def do_decline_role_type(*, actor: User, program: Program, user_id: int) -> None:
    with transaction.atomic():
        person = User.objects.select_for_update().get(pk=_person(program, user_id, actor).pk)
        wanted = person.role_type_requested
        person.role_type_requested = ""
        person.role_type_requested_at = None
        person.save(update_fields=["role_type_requested", "role_type_requested_at"])
        record(actor, "accounts.role_type_decline", person, program_id=program.pk, role_type=wanted)
        send_templated(
            "role_type_declined",
            {"user": person, "program": program, "code": wanted, "current": person.role_type},
            person.email,
        )


def _groups_for(program: Program, code: str) -> str:
    count = Community.objects.filter(program=program, audience=code).count()
    if not count:
        return ""
    return ngettext(
        "%(n)s group of the program is for it", "%(n)s groups of the program are for it", count
    ) % {"n": count}


def register_all() -> None:
    role_types.register_lock(in_a_group)
    register_use_check(_groups_for)
