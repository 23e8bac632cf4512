"""The project's own rows for the authorization guard (test_authorization_guard.py, persona
sets in guard_rules.py): the health check, served by fireside.lib."""

from __future__ import annotations

from fireside.lib.tests.guard_rules import ANYONE, Web

WEB: Web = {
    "healthz": ("GET", ANYONE),
}
