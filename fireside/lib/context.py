from __future__ import annotations

from django.http import HttpRequest

import fireside


def version(request: HttpRequest) -> dict[str, str]:
    """Fireside's version, for the page footer (no query)."""
    return {"fireside_version": fireside.__version__}
