from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import dates, timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from fireside.accounts.models import RoleType
from fireside.lib.validators import validate_timezone
from fireside.programs.words import own_label, role_type_label

GROUP_SIZE_LIMIT = 12  # a community of practice stays small enough for everyone to speak


def validate_role_types(value: object) -> None:
    """The shape; which codes are known depends on the program (Program.clean)."""
    if not isinstance(value, list) or not value or not all(isinstance(v, str) for v in value):
        raise ValidationError(_("Choose at least one eligible role type."))


class ReflectionPolicy(models.TextChoices):
    """Who reads the monthly reflections written in a program. Each reflection keeps the
    policy it was written under (fireside.mentoring.models.Reflection.shared_with_program),
    so changing this never changes who can read an earlier one."""

    PRIVATE = "private", _("Private: only their author reads them")
    SHARED = "shared_with_coordinators", _("Shared with the program's coordinators, named")


class PartnerChoice(models.TextChoices):
    """How peer pairs form in a program (fireside/mentoring/partner_requests.py)."""

    FACILITATORS = "facilitators", _("Facilitators pair people")
    MEMBERS = "members", _("Members choose their partners")


class PartnerScope(models.TextChoices):
    """Where suggested partners come from when members choose."""

    GROUP = "group", _("Their own group")
    PROGRAM = "program", _("The whole program")


class ProgramQuerySet(models.QuerySet["Program"]):
    def coordinated_by(self, user: Any) -> ProgramQuerySet:
        return self.filter(staff__user=user, staff__role=ProgramStaff.Role.COORDINATOR)


class Program(models.Model):
    name = models.CharField(_("name"), max_length=150)
    description = models.TextField(_("description"), blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    timezone = models.CharField(
        _("time zone"), max_length=64, default="America/Vancouver", validators=[validate_timezone]
    )
    max_group_size = models.PositiveSmallIntegerField(
        _("group size limit"),
        default=GROUP_SIZE_LIMIT,
        validators=[MinValueValidator(2), MaxValueValidator(GROUP_SIZE_LIMIT)],
    )
    monthly_hours_target = models.DecimalField(
        _("monthly hours target"),
        max_digits=5,
        decimal_places=2,
        default=Decimal("5"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("200"))],
    )
    reflection_credit_minutes = models.PositiveSmallIntegerField(
        _("minutes credited per reflection"), default=30, validators=[MaxValueValidator(600)]
    )
    # One peer connection counts at most this long: a longer one is refused, not trimmed.
    max_connection_minutes = models.PositiveSmallIntegerField(
        _("longest peer connection (minutes)"),
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(24 * 60)],
        help_text=_("A peer connection logged as longer than this is refused, e.g. 180."),
    )
    reflection_policy = models.CharField(
        _("who reads monthly reflections"),
        max_length=32,
        choices=ReflectionPolicy.choices,
        default=ReflectionPolicy.PRIVATE,
    )
    partner_choice = models.CharField(
        _("how peer pairs form"),
        max_length=16,
        choices=PartnerChoice.choices,
        default=PartnerChoice.FACILITATORS,
        help_text=_(
            "When members choose, each member without a partner sees a few suggestions and "
            "sends a request; facilitators can still pair anyone left without one."
        ),
    )
    partner_scope = models.CharField(
        _("where suggested partners come from"),
        max_length=16,
        choices=PartnerScope.choices,
        default=PartnerScope.GROUP,
    )
    eligible_role_types = models.JSONField(
        _("eligible role types"), default=list, validators=[validate_role_types]
    )
    # Time members and facilitators record themselves (fireside/hours/time.py); 0 means the
    # program does not count it.
    online_conversation_cap_minutes = models.PositiveSmallIntegerField(
        _("online group conversations: most minutes a month"),
        default=120,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_(
            "Each member records once a month about how long they spent in their group's "
            "online conversations; this much counts at most, e.g. 120. 0: not counted."
        ),
    )
    facilitation_cap_minutes = models.PositiveSmallIntegerField(
        _("facilitators' preparation and debrief: most minutes a gathering"),
        default=60,
        validators=[MaxValueValidator(24 * 60)],
        help_text=_(
            "A facilitator records their preparation and debrief time for each gathering "
            "they held; this much counts at most, e.g. 60. 0: not counted."
        ),
    )
    # The random name of the program's logo in storage (fireside/programs/logos.py): printed
    # on the cover of the report PDF funders are handed.
    logo = models.CharField(_("logo"), max_length=64, blank=True)
    # The person participants can ask (fireside/programs/faq.py): on the program page, the
    # directory and every program email's footer. Public, like the program itself.
    contact_name = models.CharField(_("contact person"), max_length=150, blank=True)
    contact_email = models.EmailField(_("contact email"), max_length=254, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=40, blank=True)
    contact_note = models.CharField(
        _("when to reach them"),
        max_length=200,
        blank=True,
        help_text=_("For example: weekdays 9–4 Pacific."),
    )
    # What the program calls a group, in each language; blank: Fireside's own word
    # (fireside/programs/words.py).
    group_word = models.CharField(_("what a group is called"), max_length=60, blank=True)
    group_word_plural = models.CharField(
        _("what groups are called (plural)"), max_length=60, blank=True
    )
    group_word_fr = models.CharField(
        _("what a group is called, in French"), max_length=60, blank=True
    )
    group_word_plural_fr = models.CharField(
        _("what groups are called, in French (plural)"), max_length=60, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # The year this one continues (fireside/communities/rollover.py); one next year at most.
    previous_year = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_years",
        editable=False,
    )
    # Set on a year when it is continued: from this day (the next year's start) it is kept
    # as it was. Kept on the row so every page that has the program knows without a query.
    read_only_from = models.DateField(null=True, blank=True, editable=False)

    objects = ProgramQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")),
                name="program_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(max_group_size__gte=2, max_group_size__lte=12),
                name="program_group_size_2_to_12",
            ),
            # A double click or two coordinators at once never make two next years.
            models.UniqueConstraint(fields=["previous_year"], name="one_next_year_per_program"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError(
                {"ends_on": _("The program must end on or after its start date.")}
            )
        if isinstance(self.eligible_role_types, list):
            unknown = [v for v in self.eligible_role_types if v not in self.role_type_codes()]
            if unknown:
                raise ValidationError(
                    {
                        "eligible_role_types": _("Unknown role types: %(unknown)s.")
                        % {"unknown": ", ".join(map(str, unknown))}
                    }
                )

    def own_role_types(self) -> list[ProgramRoleType]:
        """The program's own role types (prefetch `role_types` to read them with the
        program); none for a new program."""
        if not self.pk:
            return []
        prefetched = getattr(self, "_prefetched_objects_cache", {}).get("role_types")
        if prefetched is not None:
            return list(prefetched)
        # Read once per program object: a page names many groups' audiences.
        if "_own_role_types" not in self.__dict__:
            self.__dict__["_own_role_types"] = list(self.role_types.all())
        return list(self.__dict__["_own_role_types"])

    def forget_role_types(self) -> None:
        """After the program's role types change: the next read asks the database."""
        self.__dict__.pop("_own_role_types", None)
        getattr(self, "_prefetched_objects_cache", {}).pop("role_types", None)

    def role_type_codes(self) -> list[str]:
        """The codes of the program's role types: its own, else the built-in ones."""
        own = self.own_role_types()
        return [r.code for r in own] if own else list(RoleType.values)

    def is_read_only(self, today: dt.date | None = None) -> bool:
        """Last year's program once this year has started: kept exactly as it was."""
        if self.read_only_from is None:
            return False
        return (today or self.today()) >= self.read_only_from

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def today(self) -> dt.date:
        """Today in the program's own zone."""
        return timezone.now().astimezone(self.zone()).date()

    @property
    def monthly_hours(self) -> str:
        """The monthly target as people say it: "5", "5.5" or "5.25" hours, never "5.50"."""
        text = f"{Decimal(self.monthly_hours_target):f}"
        text = text.rstrip("0").rstrip(".") if "." in text else text
        return number_format(Decimal(text))  # "5,5" in French

    @property
    def reflections_shared(self) -> bool:
        return self.reflection_policy == ReflectionPolicy.SHARED

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_email or self.contact_phone)

    def eligible_role_type_labels(self) -> list[str]:
        return [role_type_label(self, v) for v in self.eligible_role_types]


# What a coordinator or staff sets about a program, in the form's order: declared once, here
# beside the columns; the program form shows these fields and the program actions (web and
# API) keep only these keys.
PROGRAM_FIELDS: tuple[str, ...] = (
    "name",
    "description",
    "starts_on",
    "ends_on",
    "timezone",
    "max_group_size",
    "monthly_hours_target",
    "reflection_credit_minutes",
    "max_connection_minutes",
    "online_conversation_cap_minutes",
    "facilitation_cap_minutes",
    "partner_choice",
    "partner_scope",
    "eligible_role_types",
)


class ProgramRoleType(models.Model):
    """A role type of one program, in its own words ("Teacher" / "Enseignant·e"). A program
    without any uses the built-in ones (RoleType)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="role_types")
    code = models.SlugField(_("code"), max_length=32)
    name = models.CharField(_("name in English"), max_length=100)
    name_fr = models.CharField(_("name in French"), max_length=100, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["program", "code"], name="unique_program_role_code"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class CommitmentRole(models.TextChoices):
    FACILITATOR = "facilitator", _("Facilitator")
    PEER_MENTOR = "peer_mentor", _("Peer mentor")
    MENTOR = "mentor", _("Mentor")


# Django's month names, translated when shown (the stdlib's calendar only knows English).
MONTHS = list(dates.MONTHS.items())


class CommitmentPeriod(models.Model):
    """The months a role commits to, e.g. facilitators September–June (may wrap the year)."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="commitments")
    role = models.CharField(max_length=20, choices=CommitmentRole.choices)
    start_month = models.PositiveSmallIntegerField(choices=MONTHS)
    end_month = models.PositiveSmallIntegerField(choices=MONTHS)

    class Meta:
        ordering = ["role"]
        constraints = [
            models.UniqueConstraint(fields=["program", "role"], name="one_commitment_per_role"),
            models.CheckConstraint(
                condition=models.Q(start_month__range=(1, 12), end_month__range=(1, 12)),
                name="commitment_months_valid",
            ),
        ]

    def __str__(self) -> str:
        start, end = self.get_start_month_display(), self.get_end_month_display()
        return f"{self.get_role_display()}: {start}–{end}"

    def covers(self, month: int) -> bool:
        if self.start_month <= self.end_month:
            return self.start_month <= month <= self.end_month
        return month >= self.start_month or month <= self.end_month


class ProgramStaff(models.Model):
    """Coordinators run a program; mentors support its facilitators."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Coordinator")
        MENTOR = "mentor", _("Mentor")

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="staff")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="program_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["role", "user__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "user", "role"], name="unique_program_staff_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} of {self.program}"


class FaqEntry(models.Model):
    """A question participants ask and the coordinators' answer (Markdown), in English and
    French; each language falls back to the other when left empty. Drafts (not published)
    are for the program's coordinators and staff only."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="faq")
    question = models.TextField(_("question"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    question_fr = models.TextField(_("question in French"), blank=True)
    answer_fr = models.TextField(_("answer in French"), blank=True)
    position = models.PositiveIntegerField(default=0)
    published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["position", "pk"]
        verbose_name_plural = "FAQ entries"

    def __str__(self) -> str:
        return self.question or self.question_fr


def all_role_type_choices() -> list[tuple[str, str]]:
    """Every program's own role types (each code once), for sign-up and the profile: a
    person gives their role before they are in any program."""
    seen: dict[str, str] = {}
    for row in ProgramRoleType.objects.order_by("program_id", "position", "pk"):
        seen.setdefault(row.code, own_label(row))
    return list(seen.items())
