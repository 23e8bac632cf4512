"""Certificates of participation: what was certified, as it was on the day, with a public
verification code. A certificate never changes after it is issued, except to be revoked: a
new one (with a new code) is issued as hours grow, and older ones stay valid for what they
stated."""

from __future__ import annotations

import re
import secrets
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from fireside.hours.ledger import (
    CONNECTIONS,
    GATHERINGS,
    ONLINE,
    PREPARATION,
    REFLECTIONS,
    Tally,
)
from fireside.programs.models import Program

# Crockford's base 32: digits and capitals without I, L, O and U, so a code read aloud or
# typed from paper survives. 16 characters are 80 bits from the system's secure generator.
ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CODE_LENGTH = 16
CODE_BITS = CODE_LENGTH * 5
_LOOKALIKES = str.maketrans({"O": "0", "I": "1", "L": "1"})
_SEPARATORS = re.compile(r"[\s\-_.]")


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def normalize_code(raw: object) -> str | None:
    """'abcd-efgh-jkmn-pqrs', 'ABCD EFGH…' and the look-alikes O, I, L all find the same
    certificate; anything else is not a code (None)."""
    if not isinstance(raw, str) or len(raw) > 40:
        return None
    code = _SEPARATORS.sub("", raw).upper().translate(_LOOKALIKES)
    if len(code) != CODE_LENGTH or any(c not in ALPHABET for c in code):
        return None
    return code


def display_code(code: str) -> str:
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class BulkIssue(models.Model):
    """A coordinator issues certificates to everyone with hours in a period, in the
    background; the page that started it shows how far it got."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Issuing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Stopped")

    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="bulk_issues")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    notify = models.BooleanField(_("email each person"), default=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    issued = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="bulk_issue_period_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Bulk issue {self.pk} for {self.program_id}"

    @property
    def is_busy(self) -> bool:
        return self.status in {self.Status.QUEUED, self.Status.RUNNING}

    @property
    def handled(self) -> int:
        return self.issued + self.failed


class CertificateQuerySet(models.QuerySet["Certificate"]):
    def valid(self) -> CertificateQuerySet:
        return self.filter(revoked_at__isnull=True)


class Certificate(models.Model):
    code = models.CharField(max_length=CODE_LENGTH, unique=True, editable=False)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="certificates"
    )
    program = models.ForeignKey(Program, on_delete=models.PROTECT, related_name="certificates")
    batch = models.ForeignKey(
        BulkIssue, null=True, blank=True, on_delete=models.SET_NULL, related_name="certificates"
    )
    # As printed on the day: a later change of name, program or credit leaves it as it was.
    holder_name = models.CharField(_("name"), max_length=150, blank=True)
    program_name = models.CharField(_("program"), max_length=150)
    issuer = models.CharField(_("issued by"), max_length=300, blank=True)
    period_start = models.DateField(_("from"))
    period_end = models.DateField(_("to"))
    gathering_minutes = models.PositiveIntegerField(default=0)
    connection_minutes = models.PositiveIntegerField(default=0)
    reflection_minutes = models.PositiveIntegerField(default=0)
    gatherings_count = models.PositiveIntegerField(default=0)
    connections_count = models.PositiveIntegerField(default=0)
    reflections_count = models.PositiveIntegerField(default=0)
    gathering_hours = models.DecimalField(max_digits=8, decimal_places=2)
    connection_hours = models.DecimalField(max_digits=8, decimal_places=2)
    reflection_hours = models.DecimalField(max_digits=8, decimal_places=2)
    total_hours = models.DecimalField(_("hours"), max_digits=8, decimal_places=2)
    # Time people recorded themselves (fireside/hours/models.py), counted up to the caps.
    online_minutes = models.PositiveIntegerField(default=0)
    preparation_minutes = models.PositiveIntegerField(default=0)
    online_count = models.PositiveIntegerField(default=0)
    preparation_count = models.PositiveIntegerField(default=0)
    online_hours = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    preparation_hours = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    reflection_credit_minutes = models.PositiveSmallIntegerField(default=0)
    language = models.CharField(max_length=8, default="en")
    issued_at = models.DateTimeField(_("issued at"))
    issued_on = models.DateField(_("issued on"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    pdf = models.FileField(upload_to="certificates/", blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoke_reason = models.CharField(_("reason"), max_length=500, blank=True)
    # What it states, as a digest (actions.statement_key): a valid certificate is unique for
    # it, so a second click, or a second request racing the first, finds the first instead of
    # making an identical twin. Empty once revoked: the same hours may then be certified anew.
    statement_key = models.CharField(max_length=64, blank=True, default="", editable=False)

    objects = CertificateQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-pk"]
        indexes = [
            models.Index(fields=["holder", "program"]),
            models.Index(fields=["program", "issued_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["batch", "holder"],
                condition=Q(batch__isnull=False),
                name="one_certificate_per_person_per_batch",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="certificate_period_in_order",
            ),
            models.CheckConstraint(
                condition=Q(total_hours__gte=0), name="certificate_hours_zero_up"
            ),
            models.UniqueConstraint(
                fields=["statement_key"],
                condition=~Q(statement_key=""),
                name="one_valid_certificate_per_statement",
            ),
        ]

    def __str__(self) -> str:
        return f"Certificate {self.display_code}"

    @property
    def display_code(self) -> str:
        return display_code(self.code)

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    @property
    def name(self) -> str:
        return self.holder_name or str(_("A former member"))

    @property
    def tally(self) -> Tally:
        return Tally(
            self.gathering_minutes,
            self.connection_minutes,
            self.reflection_minutes,
            self.online_minutes,
            self.preparation_minutes,
        )

    def by_source(self) -> dict[str, Decimal]:
        return {
            GATHERINGS: self.gathering_hours,
            CONNECTIONS: self.connection_hours,
            REFLECTIONS: self.reflection_hours,
            ONLINE: Decimal(self.online_hours),
            PREPARATION: Decimal(self.preparation_hours),
        }

    def filename(self) -> str:
        return f"certificate-{self.display_code}.pdf"
