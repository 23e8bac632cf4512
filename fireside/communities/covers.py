"""A group's cover picture: set by its facilitators or the program's coordinators, with the
words that say what it shows, re-encoded at 16:9 in two widths. The cover is public: it is
on the group's public page and its card in the directory."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from fireside.accounts.models import User
from fireside.communities.models import Community
from fireside.lib import images, ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import InvalidInput, TooMany

WIDTHS = (480, 1200)
RATIO = (16, 9)
ALT_MAX = 250


def height_for(width: int) -> int:
    return width * RATIO[1] // RATIO[0]


def stored_name(key: str, width: int) -> str:
    return f"covers/{key}-{width}.{images.EXTENSION}"


def cover_url(community: Community, width: int) -> str:
    path = reverse("communities:cover_image", kwargs={"community_id": community.pk, "width": width})
    return f"{path}?v={community.cover}"


def _forget(key: str) -> None:
    if key:
        names = [stored_name(key, w) for w in WIDTHS]
        transaction.on_commit(lambda: images.delete_quietly(names))


def _alt(alt: object) -> str:
    text = " ".join(alt.split()) if isinstance(alt, str) else ""
    if not text:
        message = _(
            "Say in a few words what the picture shows, for people who cannot see it "
            "(for example “Our group at the spring picnic, seen from behind”)."
        )
        raise InvalidInput(message, {"alt": [message]})
    if len(text) > ALT_MAX:
        message = _("Keep the description under %(n)s characters.") % {"n": ALT_MAX}
        raise InvalidInput(message, {"alt": [message]})
    return text


def check_set_cover(
    *, actor: User, community: Community, upload: UploadedFile, alt: object
) -> Community:
    """Already authorised (facilitator or coordinator). The words first, then the picture:
    nothing is stored unless both are right."""
    text = _alt(alt)
    picture = images.aspect(images.open_upload(upload), RATIO)
    if not ratelimit.attempt("upload", str(actor.pk), settings.UPLOAD_HOURLY_LIMIT, 3600):
        raise TooMany(_("You have uploaded many files in the last hour. Try again later."))
    key = secrets.token_urlsafe(16)
    written: list[str] = []
    try:
        for width in WIDTHS:
            name = stored_name(key, width)
            stored = images.store(name, images.encode(picture, width, height_for(width)))
            written.append(stored)
            if stored != name:
                raise RuntimeError(f"The store renamed {name} to {stored}.")
        with transaction.atomic():
            fresh = Community.objects.select_for_update().get(pk=community.pk)
            _forget(fresh.cover)
            fresh.cover, fresh.cover_alt = key, text
            fresh.save(update_fields=["cover", "cover_alt"])
            record(actor, "communities.set_cover", community)
    except BaseException:
        images.delete_quietly(written)
        ratelimit.refund("upload", str(actor.pk))
        raise
    community.cover, community.cover_alt = key, text
    return community


def check_update_cover_alt(*, actor: User, community: Community, alt: object) -> Community:
    """New words for the cover already there."""
    text = _alt(alt)
    if not community.cover:
        message = _("Choose a picture first.")
        raise InvalidInput(message, {"file": [message]})
    with transaction.atomic():
        Community.objects.filter(pk=community.pk).update(cover_alt=text)
        record(actor, "communities.set_cover", community)
    community.cover_alt = text
    return community


def do_remove_cover(*, actor: User, community: Community) -> None:
    with transaction.atomic():
        fresh = Community.objects.select_for_update().get(pk=community.pk)
        if not fresh.cover:
            return
        _forget(fresh.cover)
        fresh.cover, fresh.cover_alt = "", ""
        fresh.save(update_fields=["cover", "cover_alt"])
        record(actor, "communities.remove_cover", community)
    community.cover, community.cover_alt = "", ""
