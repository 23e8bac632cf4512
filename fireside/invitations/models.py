"""Invitations by email: to one group, or to a program only, for people with or without an
account. The emailed link carries a random token; only its SHA-256 is stored, so a copy of
the database opens nobody's invitation."""

from __future__ import annotations

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from fireside.communities.models import Community
from fireside.programs.models import Program

NOTE_MAX = 1000

# Not yet answered nor withdrawn: at most one such invitation per address and group (or
# per address and program, for invitations to the program alone). Expired ones count: a
# new invitation to the same address renews the expired one.
LIVE = Q(accepted_at__isnull=True, declined_at__isnull=True, withdrawn_at__isnull=True)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def new_token() -> tuple[str, str]:
    """(raw token for the link, its hash for the database)."""
    raw = secrets.token_urlsafe(32)
    return raw, hash_token(raw)


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def live(self) -> InvitationQuerySet:
        return self.filter(LIVE)

    def open(self) -> InvitationQuerySet:
        """Live and not expired: the link still works."""
        return self.live().filter(expires_at__gt=timezone.now())

    def in_state(self, state: str) -> InvitationQuerySet:
        """Those whose `state` is this one, in the database (see Invitation.state)."""
        now = timezone.now()
        waiting = self.live().filter(expires_at__gt=now)
        return {
            "withdrawn": self.filter(withdrawn_at__isnull=False),
            "accepted": self.filter(accepted_at__isnull=False, withdrawn_at__isnull=True),
            "declined": self.filter(
                declined_at__isnull=False, accepted_at__isnull=True, withdrawn_at__isnull=True
            ),
            "expired": self.live().filter(expires_at__lte=now),
            "opened": waiting.filter(opened_at__isnull=False),
            "sent": waiting.filter(opened_at__isnull=True, sent_at__isnull=False),
            "not_sent": waiting.filter(opened_at__isnull=True, sent_at__isnull=True),
        }.get(state, self)

    def for_token(self, raw: str) -> Invitation | None:
        if not raw or len(raw) > 200:
            return None
        return (
            self.select_related("program", "community", "invited_by")
            .filter(token_hash=hash_token(raw))
            .first()
        )


class Invitation(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        FACILITATOR = "facilitator", _("Facilitator")
        CO_FACILITATOR = "co_facilitator", _("Co-facilitator")

    class Source(models.TextChoices):
        INVITE = "invite", _("Invitation")
        IMPORT = "import", _("Spreadsheet")
        ROLLOVER = "rollover", _("New program year")

    class State(models.TextChoices):
        NOT_SENT = "not_sent", _("Not sent yet")
        SENT = "sent", _("Sent")
        OPENED = "opened", _("Opened")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")
        EXPIRED = "expired", _("Expired")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="invitations")
    # Empty: an invitation to the program; the person then chooses a group for their role.
    community = models.ForeignKey(
        Community, null=True, blank=True, on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("email address"))  # lower-cased
    name = models.CharField(_("name"), max_length=150, blank=True)
    # The role type the inviter (or the spreadsheet) states; a new account takes it.
    role_type = models.CharField(_("role type"), max_length=32, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    role = models.CharField(_("role in the group"), max_length=20, choices=Role, default="member")
    # The day they joined the group before Fireside (a spreadsheet's history); the
    # membership takes it when they accept.
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="invitations_sent",
    )
    source = models.CharField(max_length=16, choices=Source, default="invite")
    note = models.TextField(_("personal note"), blank=True)
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    send_count = models.PositiveIntegerField(default=0)
    opened_at = models.DateTimeField(null=True, blank=True)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    expires_at = models.DateTimeField()

    objects = InvitationQuerySet.as_manager()

    # The raw token, only on the instance that made it (create or resend): for the email.
    token: str = ""

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["email", "community"],
                condition=LIVE & Q(community__isnull=False),
                name="one_live_invitation_per_group",
            ),
            models.UniqueConstraint(
                fields=["email", "program"],
                condition=LIVE & Q(community__isnull=True),
                name="one_live_program_invitation",
            ),
            models.CheckConstraint(
                condition=Q(community__isnull=False) | Q(role="member"),
                name="invitation_facilitates_a_group",
            ),
        ]
        indexes = [
            models.Index(fields=["program", "-created_at"]),
            models.Index(fields=["email"]),
        ]

    def __str__(self) -> str:
        return f"Invitation of {self.email} to {self.community or self.program}"

    @property
    def is_live(self) -> bool:
        return not (self.accepted_at or self.declined_at or self.withdrawn_at)

    @property
    def is_expired(self) -> bool:
        return self.expires_at <= timezone.now()

    @property
    def is_open(self) -> bool:
        """The link still works: neither answered, withdrawn nor expired."""
        return self.is_live and not self.is_expired

    @property
    def state(self) -> str:
        if self.withdrawn_at:
            return self.State.WITHDRAWN
        if self.accepted_at:
            return self.State.ACCEPTED
        if self.declined_at:
            return self.State.DECLINED
        if self.is_expired:
            return self.State.EXPIRED
        if self.opened_at:
            return self.State.OPENED
        if self.sent_at:
            return self.State.SENT
        return self.State.NOT_SENT

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)
