"""Pages that other apps add parts to.

`ContextParts`: each part is a value the page's view puts in its context under the part's
name (the home's next gatherings, the program page's library link, the hours ledger's latest
certificate).

`TemplateParts`: each part comes with its own template: the app registers a
function reading its part and the template showing it; the page's view reads every part
(so its queries are counted with the view's, never run by a template tag) and the template
includes each one:

    {% for part in parts %}{% include part.template with part=part.data %}{% endfor %}

The included template sees the page's context too (the CSRF token, `request`…). The
gathering's agenda builder (fireside/gatherings/agenda_parts.py) and the email settings
page (fireside/notifications/settings_parts.py) are such pages.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

T = TypeVar("T")


class ContextParts:
    """Named parts of one page, each read from the page's subject by the function an app
    registered; the view spreads them into its context."""

    def __init__(self) -> None:
        self._sources: dict[str, Callable[..., Any]] = {}

    def register(self, name: str, source: Callable[..., Any]) -> None:
        """Registering a name again (a reloaded app) replaces its source."""
        self._sources[name] = source

    def source(self, name: str) -> Callable[..., Any]:
        return self._sources[name]

    def names(self) -> list[str]:
        return sorted(self._sources)

    def read(self, *subject: Any) -> dict[str, Any]:
        """Every part, by name."""
        return {name: source(*subject) for name, source in sorted(self._sources.items())}


@dataclass(frozen=True)
class TemplatePart:
    template: str
    data: Any


class TemplateParts(Generic[T]):
    """The parts of one page, each read from the page's subject (a gathering, a person)."""

    def __init__(self) -> None:
        self._sources: dict[str, Callable[[T], Any]] = {}

    def register(self, template: str, source: Callable[[T], Any]) -> None:
        """Registering a template again (a reloaded app) replaces its source."""
        self._sources[template] = source

    def read(self, subject: T) -> list[TemplatePart]:
        """Every part, in the order of their templates' names."""
        return [
            TemplatePart(template, source(subject))
            for template, source in sorted(self._sources.items())
        ]
