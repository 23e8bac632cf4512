from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import models
from django.db.models import Case, Count, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fireside.programs.models import Program
from fireside.programs.words import role_type_label


class Mode(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")
    HYBRID = "hybrid", _("Hybrid")


class CommunityQuerySet(models.QuerySet["Community"]):
    def with_counts(self) -> CommunityQuerySet:
        # One small subquery per community on the (community, status) index, not a join
        # grouped over every column: a page of the directory then costs the same in a
        # program of 20 groups or of 2,000 (bench/README.md).
        def seats(status: str) -> Coalesce:
            taken = (
                Membership.objects.filter(community=OuterRef("pk"), status=status)
                .order_by()
                .values("community")
                .annotate(n=Count("pk"))
                .values("n")
            )
            return Coalesce(Subquery(taken), 0)

        held = (
            SeatHold.objects.filter(
                community=OuterRef("pk"),
                outcome=SeatHold.Outcome.PENDING,
                deadline__gt=timezone.now(),
            )
            .order_by()
            .values("community")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(
            active_count=seats(Membership.Status.ACTIVE),
            waitlist_count=seats(Membership.Status.WAITLISTED),
            held_count=Coalesce(Subquery(held), 0),
        )

    def directory(
        self,
        *,
        program: int | None = None,
        region: str | None = None,
        mode: str | None = None,
        audience: str | None = None,
        has_space: bool | None = None,
        q: str | None = None,
    ) -> CommunityQuerySet:
        """The public directory with its filters; counts only, never member names."""
        qs = self.with_counts().order_by("name", "pk")
        if program is not None:
            qs = qs.filter(program_id=program)
        if region and region.strip():
            qs = qs.filter(region__iexact=region.strip())
        if mode:
            qs = qs.filter(mode=mode)
        if audience:
            qs = qs.filter(audience=audience)
        if q and q.strip():
            term = q.strip()
            qs = qs.filter(
                Q(name__icontains=term) | Q(purpose__icontains=term) | Q(region__icontains=term)
            )
        taken = F("active_count") + F("held_count")
        if has_space is True:
            qs = qs.alias(taken=taken).filter(taken__lt=F("capacity"))
        elif has_space is False:
            qs = qs.alias(taken=taken).filter(taken__gte=F("capacity"))
        return qs

    def fitting_first(self, *, role_type: str, region: str = "") -> CommunityQuerySet:
        """Groups open to this role type first (those in this region before the rest),
        then the others, each part by name. Annotates `fit`: 0, 1, then 2. A group is
        open to the role its audience names: joining checks the same (join_refusal)."""
        region = region.strip()
        whens = [When(audience=role_type, then=Value(1))]
        if region:
            whens.insert(0, When(audience=role_type, region__iexact=region, then=Value(0)))
        fit = Case(*whens, default=Value(2), output_field=models.IntegerField())
        return self.annotate(fit=fit).order_by("fit", "name", "pk")


class Think(models.TextChoices):
    """Where a group offers the THINK check before someone posts."""

    OFF = "off", _("Nowhere")
    THREADS = "threads", _("On new conversations")
    EVERYWHERE = "everywhere", _("On new conversations and replies")


class Community(models.Model):
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="communities")
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"))
    # One of the program's role types (fireside/programs/words.py), checked by the actions.
    audience = models.CharField(_("audience"), max_length=32)
    region = models.CharField(_("region"), max_length=100)
    mode = models.CharField(_("how it meets"), max_length=16, choices=Mode.choices)
    capacity = models.PositiveSmallIntegerField(_("capacity"))
    meeting_place = models.CharField(_("meeting place"), max_length=200, blank=True)
    rhythm = models.CharField(
        _("usual rhythm"),
        max_length=200,
        blank=True,
        help_text=_("When the group usually meets, e.g. “every second Wednesday, 7–8:30 pm”."),
    )
    # Where the THINK check is offered before posting (the group's facilitators choose).
    think = models.CharField(
        _("where to offer the THINK check"),
        max_length=16,
        choices=Think.choices,
        default=Think.THREADS,
        help_text=_("True? Helpful? Inspiring? Necessary? Kind? A gentle reminder; never a block."),
    )
    # The random name of the group's cover picture in storage (16:9 at two widths, see
    # fireside/communities/covers.py), and what it shows, for people who cannot see it.
    cover = models.CharField(_("cover picture"), max_length=64, blank=True)
    cover_alt = models.CharField(_("what the cover shows"), max_length=250, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "communities"
        constraints = [
            models.CheckConstraint(
                condition=Q(capacity__gte=2, capacity__lte=12), name="community_capacity_2_to_12"
            ),
            models.CheckConstraint(
                condition=Q(cover="") | ~Q(cover_alt=""), name="community_cover_has_alt_text"
            ),
        ]
        indexes = [
            models.Index(fields=["program", "region"]),
            # The directory's order, whole and per program: a page is read off the index.
            models.Index(fields=["name"]),
            models.Index(fields=["program", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def audience_label(self) -> str:
        """Who the group is for, in its program's words."""
        return role_type_label(self.program, self.audience)

    @property
    def current_agreement(self) -> Agreement | None:
        # Prefetch-friendly: uses the prefetched list when present.
        agreements = list(self.agreements.all())
        return max(agreements, key=lambda a: a.version) if agreements else None

    @property
    def think_on_threads(self) -> bool:
        return self.think != Think.OFF

    @property
    def think_on_replies(self) -> bool:
        return self.think == Think.EVERYWHERE

    def active_members_count(self) -> int:
        value = getattr(self, "active_count", None)
        if value is None:
            value = self.memberships.filter(status=Membership.Status.ACTIVE).count()
        return int(value)

    def waitlist_length(self) -> int:
        value = getattr(self, "waitlist_count", None)
        if value is None:
            value = self.memberships.filter(status=Membership.Status.WAITLISTED).count()
        return int(value)

    def held_seats_count(self) -> int:
        """Seats kept for last year's members who have not answered (SeatHold)."""
        value = getattr(self, "held_count", None)
        if value is None:
            value = self.seat_holds.filter(
                outcome=SeatHold.Outcome.PENDING, deadline__gt=timezone.now()
            ).count()
        return int(value)

    def open_seats(self) -> int:
        return max(0, self.capacity - self.active_members_count() - self.held_seats_count())


class Agreement(models.Model):
    """The group's agreement. A change makes a new version that members accept again."""

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="agreements")
    version = models.PositiveIntegerField()
    text = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["community", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "version"], name="unique_agreement_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.community} agreement v{self.version}"


class Membership(models.Model):
    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        WAITLISTED = "waitlisted", _("Waitlisted")
        LEFT = "left", _("Left")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    status = models.CharField(max_length=16, choices=Status.choices)
    joined_on = models.DateField(null=True, blank=True)
    requested_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)
    agreement = models.ForeignKey(
        Agreement, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    agreement_accepted_at = models.DateTimeField(null=True, blank=True)
    left_reason = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["community", "requested_at", "pk"]
        constraints = [
            # Rows of people who left stay, so joining and leaving dates feed retention figures;
            # a person holds at most one live (active or waiting) place in a group.
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=~Q(status="left"),
                name="one_live_membership_per_person",
            ),
        ]
        indexes = [models.Index(fields=["community", "status"])]

    def __str__(self) -> str:
        return f"{self.user} in {self.community} ({self.status})"


class CommunityRoleQuerySet(models.QuerySet["CommunityRole"]):
    def current(self) -> CommunityRoleQuerySet:
        """Roles someone holds now: confirmed and not yet handed on."""
        return self.filter(confirmed_at__isnull=False, ended_at__isnull=True)

    def offered(self) -> CommunityRoleQuerySet:
        """Members who volunteered and wait for a facilitator or coordinator to confirm."""
        return self.filter(confirmed_at__isnull=True, ended_at__isnull=True)


class CommunityRole(models.Model):
    """Roles are tasks members take on for a while, not ranks; they rotate, and the rows of
    past holders stay as the group's history."""

    class Role(models.TextChoices):
        FACILITATOR = "facilitator", _("Facilitator")
        CO_FACILITATOR = "co_facilitator", _("Co-facilitator")
        ORGANISER = "organiser", _("Organiser")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="community_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    assigned_at = models.DateTimeField(auto_now_add=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = CommunityRoleQuerySet.as_manager()

    class Meta:
        ordering = ["role", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user", "role"],
                condition=Q(ended_at__isnull=True),
                name="one_open_role_per_person",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.community}"


class SeatOffer(models.Model):
    """A seat a coordinator offers someone: to a person waiting for one group, a free seat
    in another (`membership` is their place on that waitlist); or an invitation to a person
    not waiting anywhere (`membership` is empty). Either way the person decides, by a link
    that only works for them, and becomes a member only by accepting the group's agreement."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("No longer open")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seat_offers"
    )
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.CASCADE, related_name="offers"
    )
    to_community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="seat_offers"
    )
    token = models.CharField(max_length=64, unique=True)
    offered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Seat in {self.to_community} for {self.user}"


class MentorAssignment(models.Model):
    """A program mentor supports this group's facilitators: they are reminded of its
    debriefs and invited to its debrief conversations. A mentor sees the group's schedule
    and debriefs, never its conversations."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="mentor_assignments"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["community", "mentor__name", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "mentor"], name="one_assignment_per_mentor_and_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} mentors {self.community}"


class SeatHold(models.Model):
    """A seat kept for a member of last year's group in this year's (fireside/programs/
    rollover.py) until they answer or the deadline passes. Pending holds count against the
    group's capacity (fireside/communities/seats.py); keeping the seat still takes the
    person's own acceptance of the agreement."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Waiting for an answer")
        KEPT = "kept", _("Kept")
        DECLINED = "declined", _("Declined")
        LAPSED = "lapsed", _("Lapsed")

    community = models.ForeignKey(Community, on_delete=models.CASCADE, related_name="seat_holds")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="seat_holds"
    )
    from_membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The seat is kept until this moment: the end of the deadline day in the program's zone.
    deadline = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.PENDING)

    class Meta:
        ordering = ["community", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["community", "user"],
                condition=Q(outcome="pending"),
                name="one_pending_hold_per_person",
            ),
        ]
        indexes = [models.Index(fields=["community", "outcome", "deadline"])]

    def __str__(self) -> str:
        return f"Seat in {self.community} held for {self.user}"

    @property
    def last_day(self) -> dt.date:
        """The last day the seat is kept, as the program's people count days."""
        local = self.deadline.astimezone(ZoneInfo(self.community.program.timezone))
        return (local - dt.timedelta(microseconds=1)).date()


class GroupProposal(models.Model):
    """Someone's idea for a new group in a program, for its coordinators to approve (it then
    becomes a group, fireside/communities/proposals.py) or decline. Seen only by the person
    who proposed it, the program's coordinators and staff."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for the coordinators")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="proposals")
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="group_proposals"
    )
    name = models.CharField(_("name"), max_length=150)
    purpose = models.TextField(_("purpose"))
    audience = models.CharField(_("who it is for"), max_length=32)
    region = models.CharField(_("region"), max_length=100)
    mode = models.CharField(_("how it meets"), max_length=16, choices=Mode.choices)
    why = models.TextField(_("why this group"), blank=True)
    wants_to_facilitate = models.BooleanField(_("would facilitate it"), default=False)
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)
    # Approved: the group it became; the proposer was offered to facilitate it.
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    facilitation_offered = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["program", "state"])]

    def __str__(self) -> str:
        return self.name
