"""Invitations by email: made, sent, resent, withdrawn, opened, accepted and declined.

`create_invitation` is the one way an invitation is made (a coordinator's or member's
invitation, a spreadsheet import, a new program year): callers check who may invite and
count their rate; it checks the address and the audience. Accepting joins through the
same path as anyone joining (fireside.communities.actions.check_join): the audience rule
and the person's own acceptance of the agreement are never skipped.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.invitations.access import check_may_invite, may_manage
from fireside.invitations.addresses import BATCH_MAX, clean_email, parse_addresses
from fireside.invitations.models import NOTE_MAX, Invitation, new_token
from fireside.lib import ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, NotAllowed, TooMany, Unprocessable
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text
from fireside.programs.models import Program
from fireside.programs.words import role_type_label


def audience_refusal(program: Program, community: Community | None, role_type: str) -> str | None:
    """Why a person of this role type cannot be invited here, in the words joining uses
    (fireside.communities.actions.join_refusal); None when they can, or when nobody has
    said what their role is yet (accepting checks it then)."""
    if not role_type:
        return None
    if role_type not in program.eligible_role_types:
        open_to = ", ".join(program.eligible_role_type_labels()) or _("no one yet")
        return _("%(name)s is open to: %(open_to)s, not to “%(role_label)s”.") % {
            "name": program.name,
            "open_to": open_to,
            "role_label": role_type_label(program, role_type),
        }
    if community is not None and role_type != community.audience:
        return _(
            "%(name)s is a group for people whose role is “%(role_label)s”, not “%(role_label2)s”."
        ) % {
            "name": community.name,
            "role_label": role_type_label(program, community.audience),
            "role_label2": role_type_label(program, role_type),
        }
    return None


def _expiry(program: Program, expires_on: dt.date | None) -> dt.datetime:
    if expires_on is None:
        return timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS)
    if expires_on < timezone.localdate():
        raise InvalidInput(
            _("The invitation cannot expire in the past."),
            {"expires_on": [_("Choose today or a later day.")]},
        )
    # The end of that day where the program runs.
    end = dt.datetime.combine(expires_on + dt.timedelta(days=1), dt.time(0))
    return end.replace(tzinfo=ZoneInfo(program.timezone))


def _live_place(email: str, program: Program, community: Community | None) -> Membership | None:
    places = Membership.objects.filter(user__email__iexact=email).exclude(
        status=Membership.Status.LEFT
    )
    if community is not None:
        return places.filter(community=community).select_related("community").first()
    return places.filter(community__program=program).select_related("community").first()


def _clean_texts(name: str, region: str, note: str) -> tuple[str, str, str]:
    return (
        clean_text(name, "name", 150, label=_("The name")),
        clean_text(region, "region", 100, label=_("The region")),
        clean_text(note, "note", NOTE_MAX, label=_("The note")),
    )


def _check_fields(
    community: Community | None,
    *,
    role: str,
    source: str,
    joined_on: dt.date | None,
    role_type: str,
) -> None:
    if role not in Invitation.Role.values:
        raise InvalidInput(
            _("role must be one of: %(values)s.") % {"values": ", ".join(Invitation.Role.values)},
            {"role": [_("Choose one of the listed roles.")]},
        )
    if role != Invitation.Role.MEMBER and community is None:
        raise InvalidInput(
            _("A facilitator is invited to a group: choose the group."),
            {"community": [_("Choose the group they will facilitate.")]},
        )
    if source not in Invitation.Source.values:
        raise InvalidInput(_("Unknown source of the invitation."))
    if joined_on is not None and joined_on > timezone.localdate():
        raise InvalidInput(
            _("The date they joined cannot be in the future."),
            {"joined_on": [_("Choose today or an earlier day.")]},
        )


def create_invitation(
    *,
    actor: User | None,
    program: Program,
    community: Community | None = None,
    email: str,
    name: str = "",
    role_type: str = "",
    region: str = "",
    role: str = "member",
    joined_on: dt.date | None = None,
    source: str = "invite",
    note: str = "",
    expires_on: dt.date | None = None,
    send: bool = True,
) -> Invitation:
    """Invite an address to a group (or to the program alone when `community` is None).

    No permission check and no rate limit: callers do both. Idempotent: a live invitation
    for the same address and group (or program) is returned unchanged, unless it expired,
    when it is renewed and sent again. A group that is full is no reason to refuse: the
    person joins its waitlist on accepting. Raises InvalidInput (address, fields), Unprocessable
    (the audience: a group is for one role type) and Conflict (already in the group).

    The returned instance's `token` holds the raw token when one was made here (new or
    renewed, with send=False too: the caller then sends its own email with
    `invitation_url(invitation)`)."""
    email = clean_email(email)
    if community is not None and community.program_id != program.pk:
        raise InvalidInput(_("That group is not part of this program."))
    name, region, note = _clean_texts(name, region, note)
    role_type = (role_type or "").strip()
    _check_fields(community, role=role, source=source, joined_on=joined_on, role_type=role_type)
    if role_type and role_type not in program.role_type_codes():
        codes = program.role_type_codes()
        raise InvalidInput(
            _("role_type must be one of: %(choices)s.") % {"choices": ", ".join(codes)},
            {"role_type": [_("Choose one of the listed role types.")]},
        )
    account = User.objects.filter(email__iexact=email).first()
    stated = role_type or (account.role_type if account else "")
    refusal = audience_refusal(program, community, stated)
    if refusal:
        raise Unprocessable(
            _("We cannot invite %(email)s: %(refusal)s") % {"email": email, "refusal": refusal},
            {"email": [refusal]},
        )
    place = _live_place(email, program, community)
    if place is not None:
        raise Conflict(
            _("%(email)s is already in %(group)s (%(status)s).")
            % {
                "email": email,
                "group": place.community.name,
                "status": place.get_status_display().lower(),
            }
        )
    existing = _live_invitation(email, program, community)
    if existing is not None:
        if existing.is_expired:
            return do_send(actor=actor, invitation=existing, renew=True, send=send)
        return existing
    expires_at = _expiry(program, expires_on)
    raw, digest = new_token()
    invitation = Invitation(
        program=program,
        community=community,
        email=email,
        name=name,
        role_type=role_type,
        region=region,
        role=role,
        joined_on=joined_on,
        user=account,
        invited_by=actor if getattr(actor, "pk", None) else None,
        source=source,
        note=note,
        token_hash=digest,
        expires_at=expires_at,
    )
    try:
        with transaction.atomic():
            invitation.save()
            _record(actor, "invitations.create", invitation, source=source, role=role)
            invitation.token = raw
            if send:
                _send(invitation, raw)
    except IntegrityError:
        # Another request invited the same address at the same moment: theirs stands.
        raced = _live_invitation(email, program, community)
        if raced is None:
            raise
        return raced
    return invitation


def _live_invitation(
    email: str, program: Program, community: Community | None
) -> Invitation | None:
    live = Invitation.objects.live().filter(email=email)
    if community is not None:
        return live.filter(community=community).first()
    return live.filter(program=program, community__isnull=True).first()


def _record(actor: User | None, verb: str, invitation: Invitation, **data: object) -> None:
    """On the group (or the program), where the program's audit log looks; never the
    address, which is personal data."""
    target = invitation.community or invitation.program
    data.update(invitation_id=invitation.pk, program_id=invitation.program_id)
    if invitation.user_id:
        data["user_id"] = invitation.user_id  # the log names them, as for any member
    record(actor, verb, target, **data)


def invitation_url(invitation: Invitation, raw: str | None = None) -> str:
    """The full link the email carries (needs the raw token: only the instance that made
    it has it)."""
    token = raw or invitation.token
    if not token:
        raise ValueError("The raw token is only known when it is made: resend instead.")
    return settings.SITE_URL + reverse("invitations:accept", kwargs={"invitation_token": token})


def email_context(invitation: Invitation, raw: str) -> dict[str, Any]:
    """What the "invitation" email says, the same for one person invited alone or five
    thousand from a file (fireside/enrolment/invite.py)."""
    program = invitation.program
    expires_on = timezone.localtime(invitation.expires_at, ZoneInfo(program.timezone)).date()
    # The last day the link works, as the person reads it: the day before it ends at midnight.
    if timezone.localtime(invitation.expires_at, ZoneInfo(program.timezone)).time() == dt.time(0):
        expires_on -= dt.timedelta(days=1)
    return {
        "invitation": invitation,
        "program": program,
        "community": invitation.community,
        "inviter": invitation.invited_by,
        "name": invitation.name or (invitation.user.display_name if invitation.user else ""),
        "link": invitation_url(invitation, raw),
        "decline_link": settings.SITE_URL
        + reverse("invitations:decline", kwargs={"invitation_token": raw}),
        "expires_on": expires_on,
        "note": invitation.note,
    }


def _send(invitation: Invitation, raw: str) -> None:
    """Queue the email with the current transaction, and count it."""
    send_templated("invitation", email_context(invitation, raw), invitation.email)
    invitation.sent_at = timezone.now()
    invitation.send_count += 1
    invitation.save(update_fields=["sent_at", "send_count"])


def do_send(
    *, actor: User | None, invitation: Invitation, renew: bool = True, send: bool = True
) -> Invitation:
    """A new token (the old link stops working) and, with `renew`, a new expiry; then the
    email, when `send`. For resending, renewing an expired invitation, and sending one made
    with send=False. Already authorised and counted."""
    raw, digest = new_token()
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("program", "community", "invited_by", "user")
            .get(pk=invitation.pk)
        )
        if not locked.is_live:
            raise Conflict(
                _("This invitation is closed (%(state)s).")
                % {"state": locked.get_state_display().lower()}
            )
        locked.token_hash = digest
        fields = ["token_hash"]
        if renew:
            locked.expires_at = timezone.now() + dt.timedelta(days=settings.INVITATION_DAYS)
            fields.append("expires_at")
        locked.save(update_fields=fields)
        _record(actor, "invitations.resend", locked)
        locked.token = raw
        if send:
            _send(locked, raw)
    return locked


# --- Many addresses at once ----------------------------------------------------------------


@dataclass
class Outcome:
    email: str
    status: str  # invited, already_invited, already_member, not_for_group
    message: str = ""
    invitation: Invitation | None = None


@dataclass
class InviteResult:
    outcomes: list[Outcome] = field(default_factory=list)

    def of(self, status: str) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == status]

    @property
    def invited(self) -> list[Outcome]:
        return self.of(INVITED)


INVITED = "invited"
ALREADY_INVITED = "already_invited"
ALREADY_MEMBER = "already_member"
NOT_FOR_GROUP = "not_for_group"


def _count_sends(actor: User, n: int) -> None:
    """Each address is an email to someone else: counted (in the shared cache, before any
    write) per person inviting, against INVITATION_HOURLY_LIMIT."""
    limit = settings.INVITATION_HOURLY_LIMIT
    for counted in range(n):
        if not ratelimit.attempt("invite", str(actor.pk), limit, 3600):
            for _j in range(counted):
                ratelimit.refund("invite", str(actor.pk))
            raise TooMany(
                _(
                    "You have sent many invitations in the last hour (at most %(limit)s). "
                    "Try again later."
                )
                % {"limit": limit}
            )


def check_invite(
    *,
    actor: User,
    program: Program,
    community: Community | None = None,
    emails: str,
    note: str = "",
    role: str = "member",
) -> InviteResult:
    """Invite one address or many (pasted): coordinators to the program or any of its
    groups; a group's members (facilitators included) to their own group, as members. A
    malformed address refuses the whole batch, nothing written; otherwise each address gets
    its own outcome."""
    if community is not None and community.program_id != program.pk:
        raise InvalidInput(_("That group is not part of this program."))
    check_may_invite(actor, program, community, role)
    addresses, bad = parse_addresses(emails)
    if bad:
        listed = ", ".join(bad[:10]) + ("…" if len(bad) > 10 else "")
        raise InvalidInput(
            ngettext(
                "This is not an email address: %(bad)s. Correct it and send the list again; "
                "nobody was invited.",
                "These are not email addresses: %(bad)s. Correct them and send the list "
                "again; nobody was invited.",
                len(bad),
            )
            % {"bad": listed},
            {"emails": [_("Not an email address: %(address)s") % {"address": b} for b in bad]},
        )
    if not addresses:
        raise InvalidInput(
            _("Enter at least one email address."), {"emails": [_("This field is required.")]}
        )
    if len(addresses) > BATCH_MAX:
        raise InvalidInput(
            _("At most %(max)s addresses at a time; for more, import a spreadsheet.")
            % {"max": BATCH_MAX},
            {"emails": [_("Too many addresses.")]},
        )
    if any(email == actor.email.lower() for _name, email in addresses):
        raise NotAllowed(
            _(
                "You cannot invite yourself. Every member joins by accepting the group's "
                "agreement: if the group is for you, join it from its page."
            )
        )
    _check_texts(note)
    _count_sends(actor, len(addresses))
    result = InviteResult()
    with transaction.atomic():
        for name, email in addresses:
            result.outcomes.append(
                _invite_one(actor, program, community, email=email, name=name, note=note, role=role)
            )
    return result


def _check_texts(note: str) -> None:
    clean_text(note, "note", NOTE_MAX, label=_("The note"))


def _invite_one(
    actor: User,
    program: Program,
    community: Community | None,
    *,
    email: str,
    name: str,
    note: str,
    role: str,
) -> Outcome:
    existing = _live_invitation(email, program, community)
    if existing is not None and not existing.is_expired:
        return Outcome(
            email,
            ALREADY_INVITED,
            _("%(email)s is already invited; they have not answered yet.") % {"email": email},
            existing,
        )
    try:
        invitation = create_invitation(
            actor=actor,
            program=program,
            community=community,
            email=email,
            name=name,
            note=note,
            role=role,
        )
    except Conflict as exc:
        return Outcome(email, ALREADY_MEMBER, exc.message)
    except Unprocessable as exc:
        return Outcome(email, NOT_FOR_GROUP, exc.message)
    return Outcome(email, INVITED, _("%(email)s is invited.") % {"email": email}, invitation)


# --- Resending and withdrawing -------------------------------------------------------------


def check_resend(*, actor: User, invitation: Invitation) -> Invitation:
    """A new link (the old one stops working), a new expiry, and the email again."""
    if not may_manage(actor, invitation):
        raise NotAllowed(_("Only who sent it, the group's facilitators and coordinators can."))
    if not invitation.is_live:
        raise Conflict(
            _("This invitation is closed (%(state)s).")
            % {"state": invitation.get_state_display().lower()}
        )
    _count_sends(actor, 1)
    return do_send(actor=actor, invitation=invitation, renew=True, send=True)


def check_withdraw(*, actor: User, invitation: Invitation) -> Invitation:
    """The link stops working at once."""
    if not may_manage(actor, invitation):
        raise NotAllowed(_("Only who sent it, the group's facilitators and coordinators can."))
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        if not locked.is_live:
            raise Conflict(
                _("This invitation is closed (%(state)s).")
                % {"state": locked.get_state_display().lower()}
            )
        locked.withdrawn_at = timezone.now()
        locked.save(update_fields=["withdrawn_at"])
        _record(actor, "invitations.withdraw", locked)
    invitation.refresh_from_db()
    return invitation
