"""Pictures made on the spot for the photo and cover tests: no file from outside, no faces."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

RED, BLUE = (220, 30, 30), (30, 30, 220)
GPS_IFD, ORIENTATION = 0x8825, 0x0112


def halves(width: int = 400, height: int = 200) -> Image.Image:
    """Left half red, right half blue."""
    image = Image.new("RGB", (width, height), BLUE)
    image.paste(RED, (0, 0, width // 2, height))
    return image


def jpeg_with_gps(orientation: int = 6, width: int = 400, height: int = 200) -> bytes:
    """A JPEG a phone might send: EXIF with a GPS position, the camera, and an orientation
    (6: turn it a quarter to the right to see it upright)."""
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    exif[0x010F] = "PhoneMaker"
    exif[0x0110] = "SecretCam 3000"
    gps = exif.get_ifd(GPS_IFD)
    gps[1], gps[2] = "N", (45.0, 30.0, 12.0)
    gps[3], gps[4] = "W", (73.0, 34.0, 5.0)
    out = io.BytesIO()
    halves(width, height).save(out, "JPEG", exif=exif.tobytes(), quality=90)
    return out.getvalue()


def png(width: int = 300, height: int = 300) -> bytes:
    out = io.BytesIO()
    halves(width, height).save(out, "PNG")
    return out.getvalue()


def bomb() -> bytes:
    """A small file that would decode to 60 million pixels."""
    out = io.BytesIO()
    Image.new("1", (10_000, 6_000)).save(out, "PNG", optimize=True)
    return out.getvalue()


def upload(
    data: bytes, name: str = "photo.jpg", content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def read(content: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(content))
    image.load()
    return image
