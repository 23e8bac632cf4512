"""Guests: someone from outside the group (an expert, a community representative) invited to
one gathering by email.

A guest has no account. Their email carries a signed link (django.core.signing, a salt of
its own) to a page that shows the gathering's date and time in its own zone, its place, its
online link and the agenda items the facilitator shares with guests: nothing else of the
group (no members, no conversations, no notes, no other agenda items). The link works until
a day after the gathering ends, and stops working as soon as the invitation is withdrawn.

Guests appear on the attendance sheet in a section of their own. Their attendance is kept
on their invitation (GatheringGuest.attended), never as an Attendance row: the hours ledger
counts members' attendance only, so a guest never earns hours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar

from fireside.accounts.models import User
from fireside.gatherings import ics
from fireside.gatherings.models import AgendaItem, Gathering, GatheringGuest
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, Gone, InvalidInput, NotFoundError
from fireside.lib.i18n import speaking_to
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text

SALT = "fireside.gatherings.guest-link"
MAX_GUESTS = 5
NAME_MAX = 100
NOTE_MAX = 200
EMAIL_MAX = 254
# A guest's link works until a day after the gathering ends.
LINK_GRACE = dt.timedelta(days=1)


# --- Links ---------------------------------------------------------------------------


def guest_token(guest: GatheringGuest) -> str:
    return signing.dumps([guest.gathering_id, guest.pk], salt=SALT, compress=True)


def guest_link(guest: GatheringGuest) -> str:
    return settings.SITE_URL + reverse(
        "gatherings:guest_page", kwargs={"guest_token": guest_token(guest)}
    )


def check_guest_link(token: str) -> GatheringGuest:
    """The invitation a link opens, or why it cannot: 400 forged or damaged, 410 withdrawn,
    cancelled or over (a day after the end). Reads only."""
    try:
        data: Any = signing.loads(token, salt=SALT)
        gathering_id, guest_id = data
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidInput(_("This link is not valid. Was it copied in full?")) from exc
    if not (isinstance(gathering_id, int) and isinstance(guest_id, int)):
        raise InvalidInput(_("This link is not valid. Was it copied in full?"))
    guest = (
        GatheringGuest.objects.select_related("gathering__community")
        .filter(pk=guest_id, gathering_id=gathering_id)
        .first()
    )
    if guest is None:
        raise Gone(_("This invitation is no longer in Fireside."))
    if guest.is_withdrawn:
        raise Gone(
            _("This invitation was withdrawn. If you think it is a mistake, ask who invited you.")
        )
    if guest.gathering.is_cancelled:
        raise Gone(_("This gathering was cancelled."))
    if guest.gathering.ends_at + LINK_GRACE <= timezone.now():
        raise Gone(_("This gathering is over, so its link no longer works. Thank you for coming!"))
    return guest


def shared_agenda(g: Gathering) -> list[AgendaItem]:
    """The agenda items a facilitator shares with the gathering's guests: only these."""
    return list(g.agenda.filter(shared_with_guests=True))


def guest_calendar(guest: GatheringGuest, *, method: str | None = None) -> bytes:
    """The one gathering for a guest's calendar: its time and place, the shared agenda, and
    the guest's own page, never the members' page. method: REQUEST or CANCEL for an email,
    None for the download."""
    g = guest.gathering
    event = ics._event(g, cancelled=method == "CANCEL", attendee=guest.email if method else None)
    del event["description"]
    lines = [g.community.name]
    topics = [item.topic for item in shared_agenda(g)]
    if topics:
        lines.append(_("Agenda: %(headline)s") % {"headline": " · ".join(topics)})
    if g.online_url:
        lines.append(_("Online: %(url)s") % {"url": g.online_url})
    lines.append(guest_link(guest))
    event.add("description", "\n".join(lines))
    cal = Calendar()
    cal.add("prodid", ics.PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    if method:
        cal.add("method", method)
    cal.add_component(event)
    cal.add_missing_timezones()
    return cal.to_ical()


# --- Inviting, resending, withdrawing ------------------------------------------------


@dataclass(frozen=True)
class GuestDetails:
    name: str
    email: str
    note: str


def _open_for_guests(g: Gathering) -> None:
    if g.is_cancelled:
        raise Gone(_("This gathering was cancelled, so it takes no guests."))
    if g.ends_at <= timezone.now():
        raise Gone(_("This gathering is over, so it takes no more guests."))


def check_invite_guest(
    *, gathering: Gathering, name: object, email: object, note: object
) -> GuestDetails:
    """The guest's details, checked; refuses with a clear message and changes nothing."""
    _open_for_guests(gathering)
    clean_name = clean_text(name, "name", NAME_MAX, required=True)
    clean_note = clean_text(note, "note", NOTE_MAX)
    address = clean_text(email, "email", EMAIL_MAX, required=True).lower()
    try:
        validate_email(address)
    except ValidationError as exc:
        raise InvalidInput(
            _("“%(email)s” is not an email address. Check it, as in ada@example.org.")
            % {"email": address[:60]},
            {"email": [_("Enter a valid email address.")]},
        ) from exc
    live = list(gathering.guests.invited())
    if any(guest.email == address for guest in live):
        raise Conflict(
            _("%(email)s is already invited to this gathering. You can send the invitation again.")
            % {"email": address},
            {"email": [_("This address is already invited to this gathering.")]},
        )
    if len(live) >= MAX_GUESTS:
        raise Conflict(
            _(
                "A gathering can have at most %(max)s guests, and this one has them. Withdraw "
                "an invitation first."
            )
            % {"max": MAX_GUESTS}
        )
    return GuestDetails(clean_name, address, clean_note)


def do_invite_guest(
    *, actor: User, gathering: Gathering, name: object, email: object, note: object
) -> GatheringGuest:
    with transaction.atomic():
        # One invitation at a time per gathering: the cap and the duplicate check hold.
        Gathering.objects.select_for_update().filter(pk=gathering.pk).first()
        details = check_invite_guest(gathering=gathering, name=name, email=email, note=note)
        try:
            with transaction.atomic():
                guest = GatheringGuest.objects.create(
                    gathering=gathering,
                    name=details.name,
                    email=details.email,
                    note=details.note,
                    invited_by=actor,
                )
        except IntegrityError:
            raise Conflict(
                _("%(email)s is already invited to this gathering.") % {"email": details.email},
                {"email": [_("This address is already invited to this gathering.")]},
            ) from None
        record(actor, "gatherings.guest_invited", gathering, guest=guest.pk)
        _send_invitation(guest, actor)
    return guest


def do_resend_invitation(*, actor: User, guest: GatheringGuest) -> GatheringGuest:
    with transaction.atomic():
        if guest.is_withdrawn:
            raise Gone(_("This invitation was withdrawn, so it cannot be sent again."))
        _open_for_guests(guest.gathering)
        _send_invitation(guest, actor)
    return guest


def do_withdraw_guest(*, actor: User, guest: GatheringGuest) -> GatheringGuest:
    """The guest's link stops working at once. Their attendance, if recorded, stays."""
    with transaction.atomic():
        changed = GatheringGuest.objects.filter(pk=guest.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=timezone.now()
        )
        if not changed:
            raise Gone(_("This invitation was already withdrawn."))
        guest.refresh_from_db()
        record(actor, "gatherings.guest_withdrawn", guest.gathering, guest=guest.pk)
    return guest


def guest_of(gathering: Gathering, guest_id: object) -> GatheringGuest:
    """One of this gathering's guests; another gathering's is not found."""
    if not isinstance(guest_id, int) or not 0 < guest_id < 2**63:
        raise NotFoundError(_("There is no such guest for this gathering."))
    guest = gathering.guests.filter(pk=guest_id).first()
    if guest is None:
        raise NotFoundError(_("There is no such guest for this gathering."))
    guest.gathering = gathering
    return guest


def tell_guests(g: Gathering, *, cancelled: bool = False) -> None:
    """The gathering moved or was cancelled: each invited guest hears of it, with a calendar
    file that updates (same UID, higher SEQUENCE) or cancels the event."""
    for guest in g.guests.invited().select_related("invited_by"):
        guest.gathering = g
        _send_invitation(guest, guest.invited_by, changed=not cancelled, cancelled=cancelled)


def _send_invitation(
    guest: GatheringGuest,
    inviter: User | None,
    *,
    changed: bool = False,
    cancelled: bool = False,
) -> None:
    """The guest has no account: the email speaks the inviter's language, with times in
    the gathering's own zone."""
    g = guest.gathering
    reader = SimpleNamespace(language=getattr(inviter, "language", ""), timezone="")
    with speaking_to(reader):
        content = guest_calendar(guest, method="CANCEL" if cancelled else "REQUEST")
    send_templated(
        "guest_cancelled" if cancelled else "guest_invitation",
        {
            "changed": changed,
            "guest": guest,
            "gathering": g,
            "community": g.community,
            "inviter": inviter,
            "cancelled": cancelled,
            "time": g.local_start,
            "agenda": shared_agenda(g),
            "link": guest_link(guest),
        },
        guest.email,
        attachments=[
            {
                "filename": "cancel.ics" if cancelled else "invite.ics",
                "content": content.decode(),
                "mimetype": f"text/calendar; method={'CANCEL' if cancelled else 'REQUEST'}; "
                "charset=utf-8",
            }
        ],
        recipient=reader,
    )


# --- The guest's answer, and who came -----------------------------------------------


class Unstarted(Conflict):
    """Attendance before the gathering started."""


def do_guest_answer(*, token: str, coming: object) -> GatheringGuest:
    """The guest says they will come, or cannot."""
    if not isinstance(coming, bool):
        raise InvalidInput(_("Please choose: you will come, or you cannot."))
    with transaction.atomic():
        guest = check_guest_link(token)
        if guest.gathering.starts_at <= timezone.now():
            raise Gone(_("The gathering has started, so there is no need to answer now."))
        GatheringGuest.objects.filter(pk=guest.pk).update(coming=coming)
        guest.coming = coming
    return guest


def check_record_guest_attendance(
    *, actor: User, gathering: Gathering, present: set[int]
) -> list[GatheringGuest]:
    """Which of the gathering's guests came. Kept on the invitation, never as Attendance:
    guests earn no hours. Any id that is not one of this gathering's guests refuses all."""
    g = gathering
    if g.is_cancelled:
        raise Gone(_("This gathering was cancelled, so there is no attendance to record."))
    if g.starts_at > timezone.now():
        raise Unstarted(_("You can record who came once the gathering has started."))
    with transaction.atomic():
        guests = list(g.guests.invited().select_for_update().order_by("pk"))
        known = {guest.pk for guest in guests}
        if not present <= known:
            raise InvalidInput(
                _("Someone ticked is not a guest of this gathering. Reload the page and try again.")
            )
        for guest in guests:
            guest.attended = guest.pk in present
            guest.save(update_fields=["attended"])
        record(actor, "gatherings.guest_attendance", g, present=sorted(present))
    return guests


def coming_guests(g: Gathering) -> list[GatheringGuest]:
    """The invited guests, as members see them (name and note), in the order invited."""
    return list(g.guests.invited().exclude(coming=False))


def guests_line(coming: list[GatheringGuest]) -> str:
    """One line for members' emails: "Guest: Dr. Ada Lovelace, early-literacy specialist",
    from `coming_guests`, in the language active now (each recipient's)."""
    people = [f"{guest.name}, {guest.note}" if guest.note else guest.name for guest in coming]
    if not people:
        return ""
    return (_("Guest: %(people)s") if len(people) == 1 else _("Guests: %(people)s")) % {
        "people": "; ".join(people)
    }
