"""The web app manifest that lets people add Fireside to a phone's home screen."""

from __future__ import annotations

import json
import struct
from typing import Any
from urllib.parse import urljoin

import pytest
from django.templatetags.static import static

pytestmark = pytest.mark.django_db


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])  # the IHDR chunk comes first
    return width, height


def body(response: Any) -> bytes:
    """A static file's bytes; WhiteNoise streams it from an open file, closed here."""
    try:
        return b"".join(response.streaming_content) if response.streaming else response.content
    finally:
        response.close()


def test_it_links_the_manifest_theme_colour_and_touch_icon_from_every_page(client: Any) -> None:
    html = client.get("/").content.decode()
    assert f'<link rel="manifest" href="{static("manifest.webmanifest")}">' in html
    assert '<meta name="theme-color" content="#a3380f">' in html
    assert f'<link rel="apple-touch-icon" href="{static("icons/apple-touch-icon.png")}">' in html
    touch = client.get(static("icons/apple-touch-icon.png"))
    assert png_size(body(touch)) == (180, 180)


def test_it_serves_a_manifest_whose_icons_exist(client: Any) -> None:
    url = static("manifest.webmanifest")
    response = client.get(url)
    assert response["Content-Type"].startswith("application/manifest+json")
    manifest = json.loads(body(response))  # served: a 404 page is not JSON
    assert manifest["name"] == manifest["short_name"] == "Fireside"
    assert (manifest["start_url"], manifest["display"]) == ("/", "standalone")
    assert (manifest["theme_color"], manifest["background_color"]) == ("#a3380f", "#fffdf8")
    sizes = set()
    for icon in manifest["icons"]:
        image = client.get(urljoin(url, icon["src"]))  # relative to the manifest, as browsers do
        assert (image.status_code, image["Content-Type"]) == (200, icon["type"]), icon["src"]
        width, height = png_size(body(image))
        assert icon["sizes"] == f"{width}x{height}", icon["src"]
        sizes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= sizes


def test_the_theme_colours_are_the_stylesheets(client: Any) -> None:
    css = body(client.get(static("css/fireside.css"))).decode()
    manifest = json.loads(body(client.get(static("manifest.webmanifest"))))
    assert f"--accent: {manifest['theme_color']};" in css
    assert f"--paper: {manifest['background_color']};" in css
