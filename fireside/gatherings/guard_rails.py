"""Guard rails when scheduling: a start in the past, a clash with another gathering, an
agenda longer than the gathering, and the time zones a person most likely means."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.models import Community, CommunityRole
from fireside.gatherings.models import Gathering
from fireside.lib.errors import Conflict, InvalidInput
from fireside.lib.validators import time_zones

LONGEST = dt.timedelta(hours=24)  # no gathering lasts longer
FACILITATING = (CommunityRole.Role.FACILITATOR, CommunityRole.Role.CO_FACILITATOR)


class Clash(Conflict):
    """The new gathering overlaps others; the person may confirm and schedule anyway."""

    def __init__(self, message: str, clashes: list[Gathering]) -> None:
        super().__init__(message, {"starts_at": [_("Clashes with another gathering.")]})
        self.clashes = clashes


def check_when(
    starts: list[dt.datetime], *, already_happened: bool | None, now: dt.datetime
) -> None:
    """A start in the past only when the person says the gathering already happened, and
    then every start is in the past. None leaves both open (API v1 accepts either)."""
    if already_happened is None:
        return
    if already_happened and starts[-1] > now:
        raise InvalidInput(
            _(
                "You said this gathering already happened, but it starts in the future. Untick "
                "“Record a gathering that already happened” to schedule it, or choose a past date."
            ),
            {"starts_at": [_("In the future.")]},
        )
    if not already_happened and starts[0] < now:
        raise InvalidInput(
            _(
                "The start, %(when)s, is in the past. Choose a later date, or tick “Record a "
                "gathering that already happened” to record it (no invitations are sent)."
            )
            % {"when": date_format(starts[0], "j F Y, H:i")},
            {"starts_at": [_("In the past.")]},
        )


def facilitated_groups(user: User) -> list[int]:
    return list(
        CommunityRole.objects.current()
        .filter(user=user, role__in=FACILITATING)
        .values_list("community_id", flat=True)
    )


def find_clashes(
    *,
    actor: User,
    community: Community,
    starts: list[dt.datetime],
    duration: int,
    exclude: int | None = None,
) -> list[Gathering]:
    """Gatherings that overlap one of the new starts: in the same group, or in another
    group the person facilitates. Cancelled gatherings clash with nothing; a gathering
    being moved (exclude, its pk) never clashes with itself."""
    if not starts:
        return []
    length = dt.timedelta(minutes=duration)
    groups = {community.pk, *facilitated_groups(actor)}
    nearby = (
        Gathering.objects.filter(
            Q(community_id__in=groups),
            cancelled_at__isnull=True,
            starts_at__lt=starts[-1] + length,
            starts_at__gt=starts[0] - LONGEST,
        )
        .select_related("community")
        .order_by("starts_at", "pk")
    )
    return [
        g
        for g in nearby
        if g.pk != exclude
        and any(g.starts_at < start + length and start < g.ends_at for start in starts)
    ]


def clash_message(clashes: Iterable[Gathering], *, moving: bool = False) -> str:
    shown = list(clashes)
    items = [
        _("“%(title)s” (%(group)s), %(when)s")
        % {
            "title": g.title,
            "group": g.community.name,
            "when": date_format(g.local_start, "j F Y, H:i"),
        }
        for g in shown[:5]
    ]
    more = len(shown) - len(items)
    text = ngettext(
        "This time clashes with another gathering: %(list)s.",
        "This time clashes with other gatherings: %(list)s.",
        len(shown),
    ) % {"list": "; ".join(items)}
    if more:
        text += " " + ngettext("And %(n)s more.", "And %(n)s more.", more) % {"n": more}
    if moving:
        return text + " " + _("Choose another time, or confirm to save it anyway.")
    return text + " " + _("Choose another time, or confirm to schedule it anyway.")


def check_no_clash(
    *,
    actor: User,
    community: Community,
    starts: list[dt.datetime],
    duration: int,
    exclude: int | None = None,
) -> None:
    """Raise Clash when the starts overlap other gatherings; exclude is the pk of a
    gathering being moved (the message then asks to save, not to schedule)."""
    clashes = find_clashes(
        actor=actor, community=community, starts=starts, duration=duration, exclude=exclude
    )
    if clashes:
        raise Clash(clash_message(clashes, moving=exclude is not None), clashes)


def check_move(
    *, actor: User, gathering: Gathering, new: dict[str, Any], allow_clash: bool
) -> None:
    """A gathering moved to a new start or length (new holds the cleaned changes) must not
    clash with another one unless allow_clash. It never clashes with itself, and a change of
    title or place alone is not checked."""
    start = new.get("starts_at", gathering.starts_at)
    length = new.get("duration_minutes", gathering.duration_minutes)
    if allow_clash or (start, length) == (gathering.starts_at, gathering.duration_minutes):
        return
    check_no_clash(
        actor=actor,
        community=gathering.community,
        starts=[start],
        duration=length,
        exclude=gathering.pk,
    )


def agenda_fit(total: int, length: int) -> str:
    """The agenda's minutes against the gathering's length, e.g. for a heading."""
    if total <= length:
        return _("Agenda: %(total)s of %(length)s minutes") % {"total": total, "length": length}
    return _("Agenda: %(total)s of %(length)s minutes — %(over)s minutes over") % {
        "total": total,
        "length": length,
        "over": total - length,
    }


def zone_choices(*first: str) -> list[tuple[str, str]]:
    """Every time zone, with the given ones (the program's, the person's) on top."""
    every = time_zones()
    top = [z for z in dict.fromkeys(first) if z in every]
    rest = [z for z in every if z not in top]
    return [(z, z.replace("_", " ")) for z in [*top, *rest]]
