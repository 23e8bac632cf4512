"""Group actions: creating and updating a group, its agreement, and membership (joining, the
waitlist, leaving, removal, erasure). Seat offers are in seat_offers.py, roles in roles.py."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities import leaving
from fireside.communities.models import Agreement, Community, CommunityRole, Membership, SeatOffer
from fireside.communities.seats import lapse_due, taken_seats
from fireside.lib.audit import record
from fireside.lib.errors import (
    Conflict,
    InvalidInput,
    NotAllowed,
    NotFoundError,
    Unprocessable,
    from_validation_error,
)
from fireside.lib.mail import send_templated
from fireside.lib.text import clean_text
from fireside.programs.models import Program
from fireside.programs.words import role_type_label

AGREEMENT_MAX = 20_000
REASON_MAX = 500


def _check_audience(program: Program, audience: str) -> None:
    """A group is for one of the program's role types, and one the program is open to."""
    if audience not in program.eligible_role_types or audience not in program.role_type_codes():
        eligible = [c for c in program.eligible_role_types if c in program.role_type_codes()]
        raise Unprocessable(
            _(
                "This program is not open to the audience %(audience)r. Choose one of: "
                "%(eligible_role_types)s."
            )
            % {"audience": audience, "eligible_role_types": ", ".join(eligible)},
            {"audience": [_("Not an eligible role type in this program.")]},
        )


def _check_capacity(program: Program, capacity: int) -> None:
    if capacity > program.max_group_size:
        raise Unprocessable(
            _(
                "Capacity %(capacity)s is more than this program's group size limit of "
                "%(max_group_size)s."
            )
            % {"capacity": capacity, "max_group_size": program.max_group_size},
            {
                "capacity": [
                    _("At most %(max_group_size)s.") % {"max_group_size": program.max_group_size}
                ]
            },
        )


def check_create_community(
    *,
    actor: User,
    program: Program,
    name: str,
    purpose: str,
    audience: str,
    region: str,
    mode: str,
    capacity: int,
    meeting_place: str = "",
    rhythm: str = "",
    agreement: str,
) -> Community:
    agreement = clean_text(
        agreement,
        "agreement",
        AGREEMENT_MAX,
        required=True,
        label=_("The agreement"),
        missing=_("Write the group's agreement: every member accepts it on joining."),
    )
    community = Community(
        program=program,
        # The columns' own limits are checked by full_clean below, with Django's wording.
        name=clean_text(name, "name", None),
        purpose=clean_text(purpose, "purpose", None),
        audience=audience,
        region=clean_text(region, "region", None),
        mode=mode,
        capacity=capacity,
        meeting_place=clean_text(meeting_place, "meeting_place", None),
        rhythm=clean_text(rhythm, "rhythm", None),
    )
    if not isinstance(capacity, int) or capacity < 2:
        raise Unprocessable(
            _("A community needs room for at least 2 people."), {"capacity": [_("At least 2.")]}
        )
    _check_capacity(program, capacity)
    try:
        community.full_clean()
    except ValidationError as exc:
        raise from_validation_error(exc) from exc
    _check_audience(program, audience)
    with transaction.atomic():
        community.save()
        Agreement.objects.create(community=community, version=1, text=agreement, created_by=actor)
        record(actor, "communities.create", community, program_id=program.pk)
    return community


def check_update_community(
    *,
    actor: User,
    community: Community,
    name: str,
    purpose: str,
    region: str,
    mode: str,
    capacity: int,
    meeting_place: str = "",
    rhythm: str = "",
) -> list[Membership]:
    """A coordinator edits a group's details. Raising the capacity seats people from the
    waitlist at once; those promoted are returned (and emailed)."""
    with transaction.atomic():
        locked = (
            Community.objects.select_for_update().select_related("program").get(pk=community.pk)
        )
        active = _active(locked).count()
        if not isinstance(capacity, int) or capacity < max(2, active):
            raise Unprocessable(
                _("%(active)s people are active members, so the capacity cannot go below %(max)s.")
                % {"active": active, "max": max(2, active)},
                {"capacity": [_("At least %(max)s.") % {"max": max(2, active)}]},
            )
        _check_capacity(locked.program, capacity)
        for field, value in {
            "name": name,
            "purpose": purpose,
            "region": region,
            "mode": mode,
            "meeting_place": meeting_place,
            "rhythm": rhythm,
        }.items():
            setattr(locked, field, clean_text(value, field, None))  # limits: full_clean
        locked.capacity = capacity
        try:
            locked.full_clean()
        except ValidationError as exc:
            raise from_validation_error(exc) from exc
        locked.save()
        record(actor, "communities.update", locked, capacity=capacity)
        promoted = _fill_seats(locked)
    community.refresh_from_db()
    return promoted


def do_update_agreement(*, actor: User, community: Community, text: str) -> Agreement:
    """A new version; members see the change and accept it again before they post."""
    text = clean_text(
        text,
        "text",
        AGREEMENT_MAX,
        required=True,
        label=_("The agreement"),
        missing=_("The agreement cannot be empty."),
    )
    with transaction.atomic():
        locked = Community.objects.select_for_update().get(pk=community.pk)
        current = locked.agreements.order_by("-version").first()
        if current and current.text == text:
            raise InvalidInput(_("The agreement is unchanged."))
        version = (current.version + 1) if current else 1
        agreement = Agreement.objects.create(
            community=locked, version=version, text=text, created_by=actor
        )
        record(actor, "communities.update_agreement", locked, version=version)
        for membership in _active(locked).exclude(user=actor).select_related("user"):
            send_templated(
                "agreement_changed",
                {"user": membership.user, "community": locked, "agreement": agreement},
                membership.user.email,
            )
        # The person who wrote the new version has read it.
        _active(locked).filter(user=actor).update(
            agreement=agreement, agreement_accepted_at=timezone.now()
        )
    return agreement


def do_accept_agreement(*, user: User, community: Community, version: int) -> Membership:
    """A member accepts the current version (the version they read, so a change made while
    they were reading is not accepted unseen)."""
    with transaction.atomic():
        membership = _live(community).select_for_update().filter(user=user).first()
        if membership is None:
            raise NotFoundError(_("You are not in this group."))
        current = community.agreements.order_by("-version").first()
        if current is None or current.version != version:
            raise Conflict(
                _("The agreement has changed since you opened it. Please read the new version.")
            )
        membership.agreement = current
        membership.agreement_accepted_at = timezone.now()
        membership.save(update_fields=["agreement", "agreement_accepted_at"])
        record(user, "communities.accept_agreement", community, version=version)
    return membership


# --- Membership: joining, the waitlist, leaving ---------------------------------------


def _active(community: Community) -> QuerySet[Membership]:
    return Membership.objects.filter(community=community, status=Membership.Status.ACTIVE)


def _live(community: Community) -> QuerySet[Membership]:
    return Membership.objects.filter(community=community).exclude(status=Membership.Status.LEFT)


def waitlist(community: Community) -> QuerySet[Membership]:
    """First come, first served: in the order people asked to join."""
    return Membership.objects.filter(
        community=community, status=Membership.Status.WAITLISTED
    ).order_by("requested_at", "pk")


def waitlist_position(membership: Membership) -> int | None:
    if membership.status != Membership.Status.WAITLISTED:
        return None
    ahead = Membership.objects.filter(
        community_id=membership.community_id, status=Membership.Status.WAITLISTED
    ).filter(
        Q(requested_at__lt=membership.requested_at)
        | Q(requested_at=membership.requested_at, pk__lt=membership.pk)
    )
    return ahead.count() + 1


def join_refusal(user: User, community: Community) -> str | None:
    """Why this person cannot join this group, in a sentence they can act on; None if they can."""
    program = community.program
    if program.is_read_only():
        return _(
            "%(name)s is last year's program; it is kept as it was, and no one joins its groups "
            "any more. This year's groups are in the directory."
        ) % {"name": program.name}
    if settings.REQUIRE_VERIFIED_EMAIL and not user.email_verified:
        return _(
            "Please verify your email address first: open the link we sent to %(email)s, or ask "
            "for a new link on your profile page."
        ) % {"email": user.email}
    if not user.role_type:
        return _("Please add your role on your profile page, so we can find the groups for you.")
    # The confirmed role type: one asked for and not yet confirmed opens nothing
    # (fireside/communities/role_changes.py).
    if user.role_type not in program.eligible_role_types:
        open_to = ", ".join(program.eligible_role_type_labels()) or _("no one yet")
        return _(
            "%(name)s is open to: %(open_to)s. Your profile says “%(role_label)s”; if that has "
            "changed, update your profile."
        ) % {
            "name": program.name,
            "open_to": open_to,
            "role_label": role_type_label(program, user.role_type),
        }
    if user.role_type != community.audience:
        fitting = list(
            Community.objects.filter(program=program, audience=user.role_type)
            .order_by("name")
            .values_list("name", flat=True)[:5]
        )
        where = (
            _("Groups in this program for you: %(fitting)s.") % {"fitting": ", ".join(fitting)}
            if fitting
            else _(
                "There is no group for your role in this program yet; a coordinator can open one."
            )
        )
        return _(
            "%(name)s is a group for people whose role is “%(role_label)s”, and your profile "
            "says “%(role_label2)s”. %(where)s"
        ) % {
            "name": community.name,
            "role_label": role_type_label(program, community.audience),
            "role_label2": role_type_label(program, user.role_type),
            "where": where,
        }
    return None


def check_join(
    *, user: User, community: Community, agree_to_agreement: object
) -> tuple[Membership, int | None]:
    """Join a group: a seat if one is free, otherwise the end of the waitlist. Returns the
    membership and the waitlist position (None when active)."""
    if agree_to_agreement is not True:
        raise InvalidInput(
            _("To join, read the group's agreement and tick the box to accept it."),
            {"agree_to_agreement": [_("Accept the agreement to join.")]},
        )
    refusal = join_refusal(user, community)
    if refusal:
        raise NotAllowed(refusal)
    with transaction.atomic():
        # The community row is the lock every seat change takes: joins queue here, so
        # seats can never be over-filled.
        locked = Community.objects.select_for_update().get(pk=community.pk)
        existing = _live(locked).filter(user=user).first()
        if existing is not None:
            if existing.status == Membership.Status.ACTIVE:
                raise Conflict(_("You are already a member of %(name)s.") % {"name": locked.name})
            raise Conflict(
                _("You are already on the waitlist of %(name)s, at position %(waitlist_position)s.")
                % {"name": locked.name, "waitlist_position": waitlist_position(existing)}
            )
        now = timezone.now()
        fill_after_lapse(locked)  # people waiting go before a newcomer
        seat_free = taken_seats(locked) < locked.capacity
        try:
            with transaction.atomic():
                membership = Membership.objects.create(
                    community=locked,
                    user=user,
                    status=Membership.Status.ACTIVE if seat_free else Membership.Status.WAITLISTED,
                    joined_on=timezone.localdate() if seat_free else None,
                    agreement=locked.agreements.order_by("-version").first(),
                    agreement_accepted_at=now,
                )
        except IntegrityError as exc:
            raise Conflict(
                _("You have already asked to join %(name)s.") % {"name": locked.name}
            ) from exc
        position = waitlist_position(membership)
        record(user, "communities.join", locked, status=membership.status, position=position)
        send_templated(
            "joined" if seat_free else "waitlisted",
            {
                "user": user,
                "community": locked,
                "position": position,
                "commitments": list(locked.program.commitments.all()),
                "program": locked.program,
            },
            user.email,
        )
    return membership, position


def _promote(membership: Membership) -> None:
    membership.status = Membership.Status.ACTIVE
    membership.joined_on = timezone.localdate()
    membership.save(update_fields=["status", "joined_on"])
    SeatOffer.objects.filter(membership=membership, outcome=SeatOffer.Outcome.PENDING).update(
        outcome=SeatOffer.Outcome.WITHDRAWN, answered_at=timezone.now()
    )
    record(None, "communities.promote", membership.community, user_id=membership.user_id)
    send_templated(
        "promoted",
        {"user": membership.user, "community": membership.community},
        membership.user.email,
    )


def _fill_seats(locked: Community) -> list[Membership]:
    """Seat the first people waiting while there is room. The caller holds the lock."""
    free = locked.capacity - taken_seats(locked)
    promoted = list(waitlist(locked).select_related("user", "community")[: max(0, free)])
    for membership in promoted:
        _promote(membership)
    return promoted


def fill_after_lapse(locked: Community) -> list[Membership]:
    """Seats held for last year's members open once their deadline passes: lapse those
    holds and seat the people waiting. The caller holds the lock. Called by the scheduled
    run and lazily on joining, so a seat never waits for the timer."""
    if not lapse_due(locked):
        return []
    return _fill_seats(locked)


def _end(membership: Membership, reason: str) -> None:
    now = timezone.now()
    membership.status = Membership.Status.LEFT
    membership.left_at = now
    membership.left_reason = (reason or "").strip()  # checked by the callers: never cut
    membership.save(update_fields=["status", "left_at", "left_reason"])
    CommunityRole.objects.filter(
        community_id=membership.community_id, user_id=membership.user_id, ended_at__isnull=True
    ).update(ended_at=now)
    SeatOffer.objects.filter(membership=membership, outcome=SeatOffer.Outcome.PENDING).update(
        outcome=SeatOffer.Outcome.WITHDRAWN, answered_at=now
    )
    # The apps built on groups react: their pair ends (mentoring), their drafts and read
    # marks there go (conversations). See communities/leaving.py.
    leaving.member_left(membership)


def check_leave(*, user: User, community: Community, reason: str = "") -> list[Membership]:
    """Leave a group (or its waitlist) at any time. A freed seat goes to the first person
    waiting at once; they are returned (and emailed)."""
    reason = clean_text(reason, "reason", REASON_MAX, label=_("The reason"))
    with transaction.atomic():
        locked = Community.objects.select_for_update().get(pk=community.pk)
        membership = _live(locked).filter(user=user).first()
        if membership is None:
            raise NotFoundError(_("You are not a member of %(name)s.") % {"name": locked.name})
        _end(membership, reason)
        record(user, "communities.leave", locked, was=membership.status)
        return _fill_seats(locked)


def check_remove_member(
    *, actor: User, community: Community, user: User, reason: str = ""
) -> list[Membership]:
    """A coordinator takes someone out of a group (or its waitlist); they are told why."""
    reason = clean_text(reason, "reason", REASON_MAX, label=_("The reason"))
    with transaction.atomic():
        locked = Community.objects.select_for_update().get(pk=community.pk)
        membership = _live(locked).filter(user=user).first()
        if membership is None:
            raise NotFoundError(
                _("%(name)s is not in %(name2)s.")
                % {"name": user.display_name, "name2": locked.name}
            )
        _end(membership, reason)
        record(actor, "communities.remove_member", locked, user_id=user.pk)
        send_templated(
            "removed", {"user": user, "community": locked, "reason": reason.strip()}, user.email
        )
        return _fill_seats(locked)


def do_leave_all_for_erasure(*, user: User) -> None:
    """Erasure: end every place and role; seats freed go to the people waiting."""
    SeatOffer.objects.filter(user=user, outcome=SeatOffer.Outcome.PENDING).update(
        outcome=SeatOffer.Outcome.WITHDRAWN, answered_at=timezone.now()
    )
    for membership in Membership.objects.filter(user=user).exclude(status=Membership.Status.LEFT):
        with transaction.atomic():
            locked = Community.objects.select_for_update().get(pk=membership.community_id)
            _end(membership, "")
            _fill_seats(locked)
    CommunityRole.objects.filter(user=user, ended_at__isnull=True).update(ended_at=timezone.now())
