"""A program's logo: set by its coordinators or the site's staff, printed on the cover of
the report PDF that funders are handed. Checked and re-encoded like every picture
(fireside/lib/images.py): decoded, the pixel limit, written again from the pixels alone, so
nothing of the original file (EXIF, GPS position, comments) is kept. Its shape is kept: a
logo is often wide."""

from __future__ import annotations

import base64
import logging
import secrets

from django.conf import settings
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image

from fireside.accounts.models import User
from fireside.lib import images, ratelimit
from fireside.lib.audit import record
from fireside.lib.errors import TooMany
from fireside.programs.models import Program

logger = logging.getLogger(__name__)

# The logo is kept at most this size, its shape unchanged (never enlarged).
BOX = (1200, 600)


def stored_name(key: str) -> str:
    return f"logos/{key}.{images.EXTENSION}"


def fitted_size(width: int, height: int) -> tuple[int, int]:
    scale = min(1.0, BOX[0] / width, BOX[1] / height)
    return max(1, round(width * scale)), max(1, round(height * scale))


def _forget(key: str) -> None:
    if key:
        names = [stored_name(key)]
        transaction.on_commit(lambda: images.delete_quietly(names))


def check_set_logo(*, actor: User, program: Program, upload: UploadedFile) -> Program:
    """Already authorised. Nothing is stored unless the picture is right."""
    picture: Image.Image = images.open_upload(upload)
    if not ratelimit.attempt("upload", str(actor.pk), settings.UPLOAD_HOURLY_LIMIT, 3600):
        raise TooMany(_("You have uploaded many files in the last hour. Try again later."))
    key = secrets.token_urlsafe(16)
    name = stored_name(key)
    written: list[str] = []
    try:
        stored = images.store(name, images.encode(picture, *fitted_size(*picture.size)))
        written.append(stored)
        if stored != name:
            raise RuntimeError(f"The store renamed {name} to {stored}.")
        with transaction.atomic():
            fresh = Program.objects.select_for_update().get(pk=program.pk)
            _forget(fresh.logo)
            fresh.logo = key
            fresh.save(update_fields=["logo"])
            record(actor, "programs.set_logo", program)
    except BaseException:
        images.delete_quietly(written)
        ratelimit.refund("upload", str(actor.pk))
        raise
    program.logo = key
    return program


def do_remove_logo(*, actor: User, program: Program) -> None:
    with transaction.atomic():
        fresh = Program.objects.select_for_update().get(pk=program.pk)
        if not fresh.logo:
            return
        _forget(fresh.logo)
        fresh.logo = ""
        fresh.save(update_fields=["logo"])
        record(actor, "programs.remove_logo", program)
    program.logo = ""


def copy_logo(key: str) -> str:
    """The logo under a new name, for a program's next year: each year owns its file, so
    removing or changing one year's logo leaves the other's. "" when there is none or its
    file has gone missing. The caller deletes the copy (stored_name) if it is not kept."""
    if not key:
        return ""
    new = secrets.token_urlsafe(16)
    try:
        with default_storage.open(stored_name(key), "rb") as handle:
            stored = images.store(stored_name(new), handle.read())
    except (FileNotFoundError, OSError):
        logger.warning("A program's stored logo is missing: %s", key)
        return ""
    if stored != stored_name(new):
        images.delete_quietly([stored])
        return ""
    return new


def data_uri(program: Program) -> str:
    """The logo inline, for the PDF (which fetches nothing); empty when there is none or
    its file has gone missing."""
    if not program.logo:
        return ""
    try:
        with default_storage.open(stored_name(program.logo), "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError):
        logger.warning("A program's stored logo is missing: %s", program.logo)
        return ""
    return f"data:{images.CONTENT_TYPE};base64,{base64.b64encode(data).decode('ascii')}"
