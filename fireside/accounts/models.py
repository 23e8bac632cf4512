from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Any, ClassVar, TypedDict

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from fireside.lib.validators import validate_timezone

ERASED_DOMAIN = "@erased.invalid"


class RoleType(models.TextChoices):
    """What a person does for a living. Groups are for one role type, so people speak freely."""

    ECE = "ece", _("Early childhood educator")
    ECEA = "ecea", _("Early childhood educator assistant")
    ECE_STUDENT = "ece_student", _("Early childhood education student")
    TRAINER = "trainer", _("Trainer or instructor")
    MANAGER = "manager", _("Manager or director")
    REGULATOR = "regulator", _("Licensing officer or regulator")
    OTHER = "other", _("Something else")


class ProfileChange(TypedDict, total=False):
    """What a person may change about themselves, with each value's type: declared once,
    here, beside the columns. The profile form shows these fields in this order, the profile
    action takes them as typed keywords, and the API's PATCH /me body is built from them."""

    name: str
    pronouns: str
    role_type: str
    region: str
    interests: list[str]
    availability_slots: list[str]
    availability: str
    accessibility_needs: str
    share_accessibility_needs: bool
    timezone: str
    language: str


PROFILE_FIELDS: tuple[str, ...] = tuple(ProfileChange.__annotations__)


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create(self, email: str, password: str | None, **fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email: str, password: str | None = None, **fields: Any) -> User:
        fields.update(is_staff=True, is_superuser=True)
        fields.setdefault("email_verified_at", timezone.now())
        return self._create(email, password, **fields)

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("email address"), unique=True)
    name = models.CharField(_("name"), max_length=150, blank=True)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    # One of the built-in RoleType codes or a program's own (fireside/accounts/role_types.py);
    # checked by the actions, not by the column, since programs add their own.
    role_type = models.CharField(_("role type"), max_length=32, default=RoleType.OTHER)
    # A change of role asked for once the person is in a group: it waits for a coordinator
    # of one of their programs (fireside/communities/role_changes.py); empty when none.
    role_type_requested = models.CharField(
        _("role type asked for, not yet confirmed"), max_length=32, blank=True
    )
    role_type_requested_at = models.DateTimeField(null=True, blank=True)
    region = models.CharField(_("region"), max_length=100, blank=True)
    interests = models.JSONField(_("interests"), default=list, blank=True)
    # A note beside the grid below, for what it cannot say ("not the week of the 15th").
    availability = models.CharField(_("availability"), max_length=200, blank=True)
    # When the person is usually free: codes such as "tue-evening" (accounts/availability.py).
    availability_slots = models.JSONField(_("usually free"), default=list, blank=True)
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    # The person's own choice, off until they tick it: whether the facilitators and
    # co-facilitators of their groups see their accessibility needs (members page and
    # attendance sheet). Nobody else ever does.
    share_accessibility_needs = models.BooleanField(
        _("share my accessibility needs with my groups' facilitators"), default=False
    )
    email_verified_at = models.DateTimeField(null=True, blank=True)
    # A new address asked for and not yet confirmed from its own inbox; empty otherwise.
    pending_email = models.EmailField(_("new email address, not yet confirmed"), blank=True)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Below date_joined: as a class attribute it hides django.utils.timezone from here on.
    timezone = models.CharField(
        _("time zone"), max_length=64, blank=True, validators=[validate_timezone]
    )
    # Empty: follow the browser on the web, and the site's default language in emails.
    language = models.CharField(
        _("language"), max_length=10, blank=True, choices=settings.LANGUAGES
    )
    # The random name of the person's photo in storage (a square in two sizes, see
    # fireside/accounts/photos.py); empty: no photo, their initials instead.
    photo = models.CharField(_("photo"), max_length=64, blank=True)

    objects: ClassVar[UserManager] = UserManager()  # type: ignore[assignment]

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    class Meta:
        ordering = ["name", "email"]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.email.endswith(ERASED_DOMAIN):
            return str(_("A former member"))
        return self.name or self.email.split("@")[0]

    @property
    def has_photo(self) -> bool:
        return bool(self.photo) and self.is_active

    def needs_for_facilitators(self) -> str:
        """The accessibility needs this person chose to tell their facilitators; "" if none
        or not shared. Callers check that the reader facilitates a group of this person."""
        return self.accessibility_needs.strip() if self.share_accessibility_needs else ""

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


_STAMP_SALT = "fireside.accounts.ApiToken.password"


def password_stamp(user: User, secret: str | bytes | None = None) -> str:
    """Ties a token to the password it was made under, as Django ties sessions (its session
    auth hash): a new password, however it is set, ends every token made before it."""
    return salted_hmac(_STAMP_SALT, user.password, secret=secret, algorithm="sha256").hexdigest()


def _stamp_matches(stamp: str, user: User) -> bool:
    return any(
        constant_time_compare(stamp, password_stamp(user, secret))
        for secret in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]
    )


# "Last used" is written at most once a minute per token: a busy client costs no write
# per request.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def user_for(self, raw: str) -> User | None:
        token = self.select_related("user").filter(key_hash=_digest(raw)).first()
        if token is None or not token.user.is_active:
            return None
        if not _stamp_matches(token.password_stamp, token.user):
            token.delete()  # made under an earlier password: dead, so gone from the list too
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at >= LAST_USED_RESOLUTION:
            type(token).objects.filter(pk=token.pk).update(last_used_at=now)
        return token.user

    def live_for(self, user: User) -> list[ApiToken]:
        """The person's tokens that still work, newest first."""
        tokens = self.filter(user=user).order_by("-created_at", "-pk")
        return [t for t in tokens if _stamp_matches(t.password_stamp, user)]


class ApiToken(models.Model):
    """A bearer token for the API. Only its hash is stored; the raw value is shown once."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    password_stamp = models.CharField(max_length=64)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"token of {self.user_id}"

    @classmethod
    def issue(cls, user: User, name: str = "") -> str:
        raw = secrets.token_urlsafe(32)
        cls.objects.create(
            user=user, key_hash=_digest(raw), name=name, password_stamp=password_stamp(user)
        )
        return raw
