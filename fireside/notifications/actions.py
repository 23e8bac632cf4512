"""Notify people: always in the app; by email at once, in a digest, or not at all."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community, Membership
from fireside.communities.zones import people_in_zone
from fireside.inbound.addresses import reply_address
from fireside.lib.errors import InvalidInput
from fireside.lib.i18n import language_of
from fireside.lib.mail import send_templated
from fireside.notifications.models import DEFAULT_DELIVERY, Delivery, Kind, Notification, Preference
from fireside.notifications.render import render_notifications

UNSUBSCRIBE_SALT = "fireside.notifications.unsubscribe"


class Deliveries:
    """Everyone's chosen delivery for a set of people, read in one query."""

    def __init__(self, user_ids: Iterable[int]) -> None:
        self.chosen = {
            (p.user_id, p.community_id, p.kind): p.delivery
            for p in Preference.objects.filter(user_id__in=list(user_ids))
        }

    def __call__(self, user_id: int, community_id: int, kind: str) -> str:
        return self.chosen.get((user_id, community_id, kind)) or DEFAULT_DELIVERY[Kind(kind)]


def unsubscribe_token(user_id: int, community_id: int, kind: str) -> str:
    return signing.dumps([user_id, community_id, kind], salt=UNSUBSCRIBE_SALT, compress=True)


def unsubscribe_url(user_id: int, community_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id, community_id, kind)
    return reverse("notifications:unsubscribe", kwargs={"token": token})


def notify(
    *,
    users: Iterable[User],
    community: Community,
    kind: str,
    url: str,
    text: str = "",
    subject: tuple[str, int] | None = None,
    actor: User | None = None,
) -> list[Notification]:
    """Tell active members of the community (never the person who acted). News about
    something that may change or be hidden (a post) gives its `subject` (type, id) and no
    text: a renderer registered for that type words it when it is read (render.py). Other
    news gives `text`, which may be lazy (fireside.lib.i18n.lazy_format): each person then
    reads it in their own language."""
    members = set(
        Membership.objects.filter(community=community, status=Membership.Status.ACTIVE).values_list(
            "user_id", flat=True
        )
    )
    people = {u.pk: u for u in users if u.is_active and u.pk in members}
    if actor is not None:
        people.pop(actor.pk, None)
    subject_type, subject_id = subject if subject is not None else ("", None)
    created = Notification.objects.bulk_create(
        Notification(
            user=u,
            community=community,
            kind=kind,
            text=_in_words_of(u, text) if text else "",
            url=url,
            actor=actor,
            subject_type=subject_type,
            subject_id=subject_id,
        )
        for u in people.values()
    )
    delivery = Deliveries(people)
    instant = [n for n in created if delivery(n.user_id, community.pk, kind) == Delivery.INSTANT]
    for note in render_notifications(instant):
        _email(note.user, [note])
    return created


def _in_words_of(user: User, text: str) -> str:
    with translation.override(language_of(user)):
        return str(text)[:300]


def _email(user: User, notes: list[Notification], period: str = "") -> None:
    """A digest has no reply address: it tells of many things, an answer would go to none."""
    now = timezone.now()
    note = notes[0]
    reply_to = "" if period else reply_address(user, note.subject_type, note.subject_id)
    send_templated(
        "notification_digest" if period else "notification",
        {
            "user": user,
            "notes": notes,
            "period": period,
            "unsubscribe": [
                (
                    n.community.name,
                    Kind(n.kind).label,  # lazy: rendered in the recipient's language
                    unsubscribe_url(user.pk, n.community_id, n.kind),
                )
                for n in _distinct(notes)
            ],
        },
        user.email,
        reply_to=reply_to,
    )
    Notification.objects.filter(pk__in=[n.pk for n in notes]).update(emailed_at=now)


def _distinct(notes: list[Notification]) -> list[Notification]:
    seen: dict[tuple[int, str], Notification] = {}
    for n in notes:
        seen.setdefault((n.community_id, n.kind), n)
    return list(seen.values())


def send_digests(*, period: str, zone: str | None = None) -> int:
    """Email each person who chose a `period` digest what they have not been emailed yet:
    everyone, or only the people whose zone (fireside.communities.zones) is `zone`. Run
    daily and weekly (`manage.py send_digests daily|weekly [--zone=…]`; the worker runs it
    for each zone at 07:00 there). Returns emails sent."""
    if period not in (Delivery.DAILY, Delivery.WEEKLY):
        raise InvalidInput(_("period must be daily or weekly."))
    pending = (
        Notification.objects.filter(emailed_at__isnull=True, read_at__isnull=True)
        .select_related("user", "community", "actor")
        .order_by("user_id", "created_at")
    )
    if zone is not None:
        pending = pending.filter(user__in=people_in_zone(zone))
    notes = render_notifications(pending)
    delivery = Deliveries({n.user_id for n in notes})
    by_user: dict[int, list[Notification]] = defaultdict(list)
    for note in notes:
        if delivery(note.user_id, note.community_id, note.kind) == period:
            by_user[note.user_id].append(note)
    with transaction.atomic():
        for notes in by_user.values():
            _email(notes[0].user, notes, period)
    return len(by_user)


def do_unsubscribe(*, token: str) -> Preference:
    """One click from an email, no login: that kind of email from that group stops."""
    try:
        user_id, community_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except (signing.BadSignature, ValueError, TypeError) as exc:
        raise InvalidInput(_("This unsubscribe link is not valid.")) from exc
    pref, _created = Preference.objects.update_or_create(
        user_id=user_id,
        community_id=community_id,
        kind=kind,
        defaults={"delivery": Delivery.NONE},
    )
    return pref


def do_set_preferences(*, user: User, community: Community, choices: dict[str, str]) -> None:
    for kind, delivery in choices.items():
        if kind not in Kind.values or delivery not in Delivery.values:
            raise InvalidInput(_("Choose one of the listed options."))
    with transaction.atomic():
        for kind, delivery in choices.items():
            Preference.objects.update_or_create(
                user=user, community=community, kind=kind, defaults={"delivery": delivery}
            )


def do_mark_read(*, user: User, ids: list[int] | None = None) -> int:
    qs = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def unread_count(user: User) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
