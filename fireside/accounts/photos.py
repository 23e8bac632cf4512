"""A person's photo: set (checked, cropped square, re-encoded at two sizes), removed, erased.

Files are written before the row and removed again if the row is not; the previous photo's
files are removed only once the new row is committed, so a failure never leaves a person
pointing at nothing.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from fireside.accounts.faces import SIZES
from fireside.accounts.models import User
from fireside.lib import images, ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import TooMany


def stored_names(key: str) -> list[str]:
    return [f"avatars/{key}-{size}.{images.EXTENSION}" for size in SIZES] if key else []


def stored_name(key: str, size: int) -> str:
    return f"avatars/{key}-{size}.{images.EXTENSION}"


def _forget(key: str) -> None:
    names = stored_names(key)
    if names:
        transaction.on_commit(lambda: images.delete_quietly(names))


def check_set_photo(
    *,
    user: User,
    upload: UploadedFile,
    crop_x: object = None,
    crop_y: object = None,
    crop_size: object = None,
) -> User:
    """Checked by size and by what the bytes are, decoded, turned upright, cropped to the
    square the person chose (or the middle), and written again without any metadata."""
    crop = images.parse_crop(crop_x, crop_y, crop_size)
    picture = images.square(images.open_upload(upload), crop)
    if not ratelimit.attempt("upload", str(user.pk), settings.UPLOAD_HOURLY_LIMIT, 3600):
        raise TooMany(_("You have uploaded many files in the last hour. Try again later."))
    key = secrets.token_urlsafe(16)
    written: list[str] = []
    try:
        for size, name in zip(SIZES, stored_names(key), strict=True):
            stored = images.store(name, images.encode(picture, size, size))
            written.append(stored)
            if stored != name:  # a store that renamed it: it cannot be found by its key
                raise RuntimeError(f"The store renamed {name} to {stored}.")
        with transaction.atomic():
            fresh = User.objects.select_for_update().get(pk=user.pk)
            previous = fresh.photo
            fresh.photo = key
            fresh.save(update_fields=["photo"])
            record(user, "accounts.set_photo", user)
            _forget(previous)
    except BaseException:
        images.delete_quietly(written)
        ratelimit.refund("upload", str(user.pk))
        raise
    user.photo = key
    return user


def do_remove_photo(*, user: User, audit: bool = True) -> None:
    with transaction.atomic():
        fresh = User.objects.select_for_update().get(pk=user.pk)
        if not fresh.photo:
            return
        _forget(fresh.photo)
        fresh.photo = ""
        fresh.save(update_fields=["photo"])
        if audit:
            record(user, "accounts.remove_photo", user)
    user.photo = ""
