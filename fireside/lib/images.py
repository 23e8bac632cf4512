"""Pictures people upload (a profile photo, a group's cover): checked like every upload,
then decoded, turned upright, cropped and written again from the pixels alone.

Why re-encode rather than strip: a new file made from the decoded pixels carries nothing
of the original (EXIF and its GPS position, XMP, comments, ICC tricks, trailing bytes), and
a file that does not decode is refused before anything is stored.
"""

from __future__ import annotations

import contextlib
import io
import logging
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from fireside.lib import uploads
from fireside.lib.errors import InvalidInput

logger = logging.getLogger(__name__)

IMAGE_KINDS = frozenset({"png", "jpeg", "gif", "webp"})
# A phone's photo is 12–50 megapixels; more than this is a decompression bomb, refused
# from the header alone, before a single pixel is decoded.
MAX_PIXELS = 50_000_000
MIN_SIDE = 64
FORMAT = "WEBP"
CONTENT_TYPE = "image/webp"
EXTENSION = "webp"


def _bad(message: str, field: str = "file") -> InvalidInput:
    return InvalidInput(message, {field: [message]})


def _too_many_pixels() -> InvalidInput:
    return _bad(
        _("That picture has too many pixels: %(mp)s megapixels is the most. A smaller copy works.")
        % {"mp": MAX_PIXELS // 1_000_000}
    )


def open_upload(upload: UploadedFile) -> Image.Image:
    """The upright, decoded picture, or a clear error: too large (413), not an image we take
    (415), too many pixels, too small, or a file that does not decode."""
    kind, _extension = uploads.check_file(upload)
    if kind.kind not in IMAGE_KINDS:
        message = _("Choose a photo or picture: a JPEG, PNG, GIF or WebP image.")
        raise uploads.UnsupportedType(message, {"file": [message]})
    return decode(upload)


def decode(upload: UploadedFile, min_side: int = MIN_SIDE, field: str = "file") -> Image.Image:
    """The upright, decoded picture of an upload uploads.check_file took as an image; a
    picture with too many pixels, smaller than `min_side` or that does not decode is refused
    (the message by `field`)."""
    try:
        return _decode(upload, min_side)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, {field: [exc.message]}) from exc


def _decode(upload: UploadedFile, min_side: int) -> Image.Image:
    stream = upload.file
    if stream is None:
        raise _bad(_("That picture could not be read. Try saving it again, as a JPEG."))
    stream.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(stream)
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise _too_many_pixels()
            image.seek(0)  # the first frame of an animation
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError) as exc:
        raise _bad(_("That picture could not be read. Try saving it again, as a JPEG.")) from exc
    if min(upright.size) < min_side:
        raise _bad(
            _("That picture is too small: at least %(side)s pixels on each side, please.")
            % {"side": min_side}
        )
    return upright


@dataclass(frozen=True)
class Crop:
    x: int
    y: int
    size: int


def parse_crop(x: object, y: object, size: object) -> Crop | None:
    """Three whole numbers of pixels, all given or none (then the centre is taken)."""
    values = [x, y, size]
    if all(v in (None, "") for v in values):
        return None
    try:
        numbers = [int(str(v)) for v in values]
    except ValueError as exc:
        raise _bad(_("The crop is not right: choose the square again."), "crop") from exc
    return Crop(*numbers)


def square(image: Image.Image, crop: Crop | None) -> Image.Image:
    width, height = image.size
    if crop is None:
        side = min(width, height)
        crop = Crop((width - side) // 2, (height - side) // 2, side)
    if (
        crop.x < 0
        or crop.y < 0
        or crop.size < MIN_SIDE
        or crop.x + crop.size > width
        or crop.y + crop.size > height
    ):
        raise _bad(
            _(
                "The square you chose goes outside the picture (%(w)s × %(h)s pixels). "
                "Choose it again, or leave it to us: we take the middle."
            )
            % {"w": width, "h": height},
            "crop",
        )
    return image.crop((crop.x, crop.y, crop.x + crop.size, crop.y + crop.size))


def aspect(image: Image.Image, ratio: tuple[int, int]) -> Image.Image:
    """The largest centred part of the picture with this aspect ratio."""
    width, height = image.size
    want_w, want_h = ratio
    if width * want_h > height * want_w:
        new_w = height * want_w // want_h
        left = (width - new_w) // 2
        return image.crop((left, 0, left + new_w, height))
    new_h = width * want_h // want_w
    top = (height - new_h) // 2
    return image.crop((0, top, width, top + new_h))


def encode(image: Image.Image, width: int, height: int) -> bytes:
    """A new WebP file from the pixels only: no EXIF, XMP, ICC profile or comment."""
    mode = "RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB"
    pixels = image.convert(mode).resize((width, height), Image.Resampling.LANCZOS)
    clean = Image.new(mode, pixels.size)
    clean.paste(pixels)
    out = io.BytesIO()
    clean.save(out, FORMAT, quality=82, method=4)
    return out.getvalue()


def within(image: Image.Image, longest: int) -> tuple[int, int]:
    """The picture's size scaled down (never up) so its longer side is at most `longest`."""
    width, height = image.size
    scale = min(1.0, longest / max(width, height))
    return max(1, round(width * scale)), max(1, round(height * scale))


def store(name: str, data: bytes) -> str:
    return default_storage.save(name, ContentFile(data))


def serve(name: str) -> HttpResponse:
    """A stored picture, shown inline (it is one we wrote, so it is what it says)."""
    try:
        with default_storage.open(name, "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, OSError) as exc:
        logger.warning("A stored picture is missing: %s", name)
        raise Http404 from exc
    response = HttpResponse(data, content_type=CONTENT_TYPE)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Disposition"] = "inline"
    return response


def delete_quietly(names: list[str]) -> None:
    """Remove stored files; one already gone is not an error."""
    for name in names:
        with contextlib.suppress(FileNotFoundError):
            default_storage.delete(name)
