from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from fireside.accounts.models import User
from fireside.communities.models import Agreement, Community, CommunityRole, Membership
from fireside.lib.audit import record
from fireside.lib.errors import Conflict, InvalidInput, Unprocessable, from_validation_error
from fireside.lib.mail import send_templated
from fireside.programs.models import Program

AGREEMENT_MAX = 20_000


def _check_audience(program: Program, audience: str) -> None:
    if audience not in program.eligible_role_types:
        raise Unprocessable(
            f"This program is not open to the audience {audience!r}. "
            f"Choose one of: {', '.join(program.eligible_role_types)}.",
            {"audience": ["Not an eligible role type in this program."]},
        )


def _check_capacity(program: Program, capacity: int) -> None:
    if capacity > program.max_group_size:
        raise Unprocessable(
            f"Capacity {capacity} is more than this program's group size limit of "
            f"{program.max_group_size}.",
            {"capacity": [f"At most {program.max_group_size}."]},
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
    agreement: str,
) -> Community:
    agreement = (agreement or "").strip()
    if not agreement:
        raise InvalidInput(
            "Write the group's agreement: every member accepts it on joining.",
            {"agreement": ["This field is required."]},
        )
    if len(agreement) > AGREEMENT_MAX:
        raise InvalidInput(f"The agreement is too long: at most {AGREEMENT_MAX} characters.")
    community = Community(
        program=program,
        name=(name or "").strip(),
        purpose=(purpose or "").strip(),
        audience=audience,
        region=(region or "").strip(),
        mode=mode,
        capacity=capacity,
        meeting_place=(meeting_place or "").strip(),
    )
    if not isinstance(capacity, int) or capacity < 2:
        raise Unprocessable(
            "A community needs room for at least 2 people.", {"capacity": ["At least 2."]}
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


def do_update_agreement(*, actor: User, community: Community, text: str) -> Agreement:
    text = (text or "").strip()
    if not text:
        raise InvalidInput("The agreement cannot be empty.")
    with transaction.atomic():
        current = community.agreements.select_for_update().order_by("-version").first()
        version = (current.version + 1) if current else 1
        agreement = Agreement.objects.create(
            community=community, version=version, text=text, created_by=actor
        )
        record(actor, "communities.update_agreement", community, version=version)
    return agreement


def do_add_member(*, actor: User, community: Community, user: User) -> Membership:
    """A coordinator places someone in a group directly (e.g. from an enrolment list)."""
    with transaction.atomic():
        # Lock the community row so two additions cannot both take the last seat.
        locked = Community.objects.select_for_update().get(pk=community.pk)
        active = locked.memberships.filter(status=Membership.Status.ACTIVE).count()
        existing = Membership.objects.filter(community=locked, user=user).first()
        if existing and existing.status == Membership.Status.ACTIVE:
            raise Conflict(f"{user.display_name} is already a member of {locked.name}.")
        if active >= locked.capacity:
            raise Conflict(f"{locked.name} is full ({locked.capacity} members).")
        membership = existing or Membership(community=locked, user=user)
        membership.status = Membership.Status.ACTIVE
        membership.joined_on = timezone.localdate()
        membership.left_at = None
        try:
            membership.save()
        except IntegrityError as exc:
            raise Conflict(f"{user.display_name} is already in {locked.name}.") from exc
        record(actor, "communities.add_member", locked, user_id=user.pk)
        send_templated("added_to_community", {"user": user, "community": locked}, user.email)
    return membership


def do_assign_role(*, actor: User, community: Community, user: User, role: str) -> CommunityRole:
    if role not in CommunityRole.Role.values:
        raise InvalidInput(f"role must be one of: {', '.join(CommunityRole.Role.values)}.")
    if not Membership.objects.filter(
        community=community, user=user, status=Membership.Status.ACTIVE
    ).exists():
        raise Unprocessable("Only active members of the group can take a role in it.")
    try:
        with transaction.atomic():
            assigned = CommunityRole.objects.create(community=community, user=user, role=role)
            record(actor, "communities.assign_role", community, user_id=user.pk, role=role)
    except IntegrityError as exc:
        raise Conflict(f"{user.display_name} already has that role.") from exc
    return assigned


def do_remove_role(*, actor: User, community: Community, user: User, role: str) -> bool:
    with transaction.atomic():
        deleted, _ = CommunityRole.objects.filter(
            community=community, user=user, role=role
        ).delete()
        if deleted:
            record(actor, "communities.remove_role", community, user_id=user.pk, role=role)
    return bool(deleted)


def do_leave_all_for_erasure(*, user: User) -> None:
    now = timezone.now()
    CommunityRole.objects.filter(user=user).delete()
    Membership.objects.filter(user=user).exclude(status=Membership.Status.LEFT).update(
        status=Membership.Status.LEFT, left_at=now
    )
