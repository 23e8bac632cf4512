"""The certificate as a PDF: one landscape page, drawn by WeasyPrint from
templates/certificates/certificate.html, with a QR code (segno) for the verification page.

Fonts are vendored (fonts/, EB Garamond under the OFL) and loaded from disk, never from the
network: WeasyPrint may fetch nothing but those files and the inline QR image. Glyphs the
vendored subsets lack fall back to the system's DejaVu Serif.
"""

from __future__ import annotations

import logging
import threading
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from fireside.certificates.models import Certificate, display_code

FONTS = Path(__file__).resolve().parent / "fonts"
FACES = (  # weight, style, file
    (400, "normal", "EBGaramond-Regular.woff"),
    (600, "normal", "EBGaramond-SemiBold.woff"),
    (400, "italic", "EBGaramond-Italic.woff"),
)
PAPER = {"letter": ("letter landscape", 279.4, 215.9), "a4": ("A4 landscape", 297.0, 210.0)}

_local = threading.local()
# WeasyPrint narrates each step at INFO, and fontTools each font it reads: not for the logs.
for _noisy in ("weasyprint.progress", "fontTools"):
    logging.getLogger(_noisy).setLevel(logging.WARNING)


def font_faces() -> str:
    return "\n".join(
        f"@font-face {{ font-family: 'EB Garamond'; font-weight: {weight}; font-style: {style}; "
        f"src: url('{(FONTS / name).as_uri()}') format('woff'); }}"
        for weight, style, name in FACES
    )


def verify_url(code: str) -> str:
    """The public page the QR code and the printed address lead to."""
    return settings.SITE_URL + reverse("certificates:verify", args=[display_code(code)])


def qr_data_uri(url: str) -> str:
    # Medium error correction survives a crease or a smudge on a framed copy.
    return str(segno.make(url, error="m").png_data_uri(scale=10, border=2, dark="#1f2328"))


def name_size(name: str) -> int:
    """Points for the name: large, and smaller for long names so it stays on the page."""
    length = len(name)
    for limit, size in ((22, 40), (32, 34), (44, 28), (64, 23), (96, 19)):
        if length <= limit:
            return size
    return 16


def _fetcher() -> Any:
    """Only the vendored fonts and inline images: a name never makes WeasyPrint fetch."""
    from weasyprint.urls import URLFetcher

    class Fetcher(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme == "file" and Path(unquote(parts.path)).resolve().parent != FONTS:
                raise ValueError("Certificates load no files but their fonts.")
            return super().fetch(url, headers)

    return Fetcher(allowed_protocols={"file", "data"}, fail_on_errors=True)


def _font_config() -> Any:
    """One per thread: loading the fonts is most of the first certificate's time."""
    from weasyprint.text.fonts import FontConfiguration

    config = getattr(_local, "fonts", None)
    if config is None:
        config = _local.fonts = FontConfiguration()
        _local.fetcher = _fetcher()
    return config


def certificate_html(certificate: Certificate) -> str:
    size, width, height = PAPER[settings.CERTIFICATE_PAPER]
    url = verify_url(certificate.code)
    with translation.override(certificate.language or settings.LANGUAGE_CODE):
        return render_to_string(
            "certificates/certificate.html",
            {
                "c": certificate,
                "font_faces": font_faces(),
                "page_size": size,
                "sheet_width": f"{width - 16:.1f}",
                "sheet_height": f"{height - 16:.1f}",
                "name_size": name_size(certificate.name),
                "verify_url": url,
                "verify_address": url.split("://", 1)[-1],
                "qr": qr_data_uri(url),
                "credit": certificate.reflection_credit_minutes,
            },
        )


def render_pdf(certificate: Certificate) -> bytes:
    from weasyprint import HTML

    fonts = _font_config()
    document = HTML(string=certificate_html(certificate), url_fetcher=_local.fetcher)
    return bytes(document.write_pdf(font_config=fonts))
