"""Helpers for browser tests: accessibility checks with axe-core and screenshots."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Error

from fireside.demo.factories import PASSWORD

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts"


def axe_violations(page: Any) -> list[dict[str, Any]]:
    """Run axe-core (WCAG 2.2 A and AA rules) on the page; return what it found."""
    # Evaluated through the DevTools protocol, so the page's strict CSP stays on.
    page.evaluate(AXE)
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})"""
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:3]}
        for v in result["violations"]
    ]


def fits_width(page: Any) -> bool:
    """No sideways scrolling: the page is no wider than the window."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def screenshot(page: Any, name: str) -> None:
    """A picture of the page for people to look at, not a check: when Chromium cannot take
    the whole page at once (a very tall page, or a busy machine), it takes what shows."""
    ARTIFACTS.mkdir(exist_ok=True)
    path = str(ARTIFACTS / f"{name}.png")
    try:
        page.screenshot(path=path, full_page=True)
    except Error:
        page.screenshot(path=path)


def sign_in(page: Any, base: str, email: str, password: str = PASSWORD) -> None:
    page.goto(base + "/accounts/login/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def sign_out(page: Any) -> None:
    """The header's Sign out: in the row on a desktop, in the Menu on a phone."""
    button = page.get_by_role("button", name="Sign out")
    if not button.is_visible():
        page.locator(".site-menu summary").click()
    button.click()


def check_phone_page(page: Any, name: str) -> None:
    """Screenshot first (so a failure can be looked at), then: no sideways scrolling at
    phone width and no axe violations."""
    screenshot(page, name)
    assert fits_width(page), f"{name} scrolls sideways at 360 px"
    assert axe_violations(page) == [], name
