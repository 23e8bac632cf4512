"""Answering an invitation: opening the link, accepting (making the account if needed) and
declining. Accepting joins through fireside.communities.actions.check_join, the path
everyone takes: the group's audience and the person's own acceptance of its agreement are
checked there, never skipped here."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.actions import check_register_user, do_verify_email
from fireside.accounts.models import User
from fireside.communities.access import FACILITATING
from fireside.communities.actions import check_join
from fireside.communities.models import Membership
from fireside.communities.roles import do_assign_role
from fireside.invitations.models import Invitation
from fireside.lib.audit import record
from fireside.lib.errors import Gone, InvalidInput, NotAllowed


def closed_reason(invitation: Invitation) -> str | None:
    """Why the link no longer works, in a sentence; None while it does."""
    state = invitation.state
    if state == Invitation.State.ACCEPTED:
        return _("This invitation has already been accepted. Sign in to find your group.")
    if state == Invitation.State.DECLINED:
        return _(
            "This invitation was declined. If you have changed your mind, ask the person "
            "who invited you to invite you again."
        )
    if state == Invitation.State.WITHDRAWN:
        return _(
            "This invitation was withdrawn. If you think that is a mistake, ask the person "
            "who invited you."
        )
    if state == Invitation.State.EXPIRED:
        return _("This invitation has expired. Ask the person who invited you to send it again.")
    return None


def _check_open(invitation: Invitation) -> None:
    reason = closed_reason(invitation)
    if reason:
        raise Gone(reason)


def is_for(invitation: Invitation, user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False)) and (
        user.email.lower() == invitation.email.lower()
    )


def check_for(invitation: Invitation, user: Any) -> None:
    """Someone signed in with another address: refused, whatever they hold."""
    if getattr(user, "is_authenticated", False) and not is_for(invitation, user):
        raise NotAllowed(
            _(
                "This invitation was sent to another email address than the one you are "
                "signed in with. Sign out, then open the link again."
            )
        )


def mark_opened(invitation: Invitation) -> None:
    """The first time the link is opened: its state then reads "opened"."""
    if invitation.opened_at is None and invitation.is_open:
        invitation.opened_at = timezone.now()
        Invitation.objects.filter(pk=invitation.pk, opened_at__isnull=True).update(
            opened_at=invitation.opened_at
        )


def _record(actor: User | None, verb: str, invitation: Invitation, **data: Any) -> None:
    target = invitation.community or invitation.program
    record(
        actor,
        verb,
        target,
        invitation_id=invitation.pk,
        program_id=invitation.program_id,
        **data,
    )


def _require_agreement(invitation: Invitation, agree_to_agreement: object) -> None:
    if invitation.community_id and agree_to_agreement is not True:
        raise InvalidInput(
            _("To join, read the group's agreement and tick the box to accept it."),
            {"agree_to_agreement": [_("Accept the agreement to join.")]},
        )


def check_accept(
    *, invitation: Invitation, user: User, agree_to_agreement: object
) -> tuple[Membership | None, int | None]:
    """The invited person accepts: joins the group (a seat, or the waitlist when it is full)
    or, for an invitation to the program alone, is simply welcome. Single use. Returns the
    membership (None for a program) and the waitlist position (None when seated)."""
    _check_open(invitation)
    check_for(invitation, user)
    if not is_for(invitation, user):
        raise NotAllowed(_("Sign in, or make your account, to accept the invitation."))
    _require_agreement(invitation, agree_to_agreement)
    with transaction.atomic():
        locked = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("program", "community", "invited_by")
            .get(pk=invitation.pk)
        )
        _check_open(locked)
        # The emailed link reached them: the address is theirs.
        do_verify_email(user=user)
        membership, position = _join(locked, user)
        locked.accepted_at = timezone.now()
        locked.user = user
        locked.save(update_fields=["accepted_at", "user"])
        _record(
            user,
            "invitations.accept",
            locked,
            status=membership.status if membership else None,
        )
    invitation.refresh_from_db()
    return membership, position


def _join(invitation: Invitation, user: User) -> tuple[Membership | None, int | None]:
    community = invitation.community
    if community is None:
        program = invitation.program
        if user.role_type not in program.eligible_role_types:
            open_to = ", ".join(program.eligible_role_type_labels()) or _("no one yet")
            raise NotAllowed(
                _(
                    "%(name)s is open to: %(open_to)s. Your profile says otherwise; if that has "
                    "changed, update your profile."
                )
                % {"name": program.name, "open_to": open_to}
            )
        return None, None
    already = (
        Membership.objects.filter(community=community, user=user)
        .exclude(status=Membership.Status.LEFT)
        .first()
    )
    if already is not None:
        return already, None
    membership, position = check_join(user=user, community=community, agree_to_agreement=True)
    if membership.status == Membership.Status.ACTIVE:
        if invitation.joined_on:
            membership.joined_on = invitation.joined_on
            membership.save(update_fields=["joined_on"])
        if invitation.role in FACILITATING:
            # The coordinator who invited them as facilitator asked for it; they accepted.
            do_assign_role(
                actor=invitation.invited_by or user,
                community=community,
                user=user,
                role=invitation.role,
            )
    return membership, position


def check_accept_new_account(
    *,
    invitation: Invitation,
    name: str,
    password: str,
    agree_to_agreement: object,
    role_type: str = "",
    language: str = "",
    ip: str = "",
) -> tuple[User, Membership | None, int | None]:
    """Someone with no account accepts: the account is made with the invited address
    (verified: they opened the emailed link), then they accept as above, all or nothing.
    An address that has an account already is refused (409: sign in instead); only the
    holder of the link learns that."""
    _check_open(invitation)
    _require_agreement(invitation, agree_to_agreement)
    stated = invitation.role_type or role_type
    if not stated:
        raise InvalidInput(
            _("Choose your role, so we can check the group is for you."),
            {"role_type": [_("This field is required.")]},
        )
    with transaction.atomic():
        user = check_register_user(
            email=invitation.email,
            password=password,
            name=name,
            role_type=stated,
            region=invitation.region,
            language=language,
            ip=ip,
            verified=True,
        )
        membership, position = check_accept(
            invitation=invitation, user=user, agree_to_agreement=agree_to_agreement
        )
    return user, membership, position


def check_decline(*, invitation: Invitation, user: Any = None) -> None:
    """The link's holder says no. Nothing else changes."""
    _check_open(invitation)
    check_for(invitation, user)
    with transaction.atomic():
        locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
        _check_open(locked)
        locked.declined_at = timezone.now()
        locked.save(update_fields=["declined_at"])
        _record(user if is_for(invitation, user) else None, "invitations.decline", locked)
    invitation.refresh_from_db()
