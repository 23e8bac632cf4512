"""The words of an emailed reply: its text part (or its HTML turned into text, nothing of the
HTML kept), without the quoted history, the signature or the attachments."""

from __future__ import annotations

import re
from email.message import EmailMessage
from html import unescape
from html.parser import HTMLParser

from mailparser_reply.parser import EmailMessage as Parsed

# Replies come in both of Fireside's languages, whatever the writer's setting.
LANGUAGES = ["en", "fr"]
_BLOCKS = {
    "p", "div", "br", "li", "ul", "ol", "tr", "table", "blockquote", "h1", "h2", "h3", "h4",
    "h5", "h6", "pre", "hr", "section", "article",
}  # fmt: skip
_SKIPPED = {"script", "style", "head", "title", "template", "noscript", "svg", "math"}
# The standard signature delimiter ("-- " alone on a line; some clients drop the space).
_SIGNATURE = re.compile(r"^--[ \t]?$.*", re.MULTILINE | re.DOTALL)
# A reply's quoted lines the parser left (a client that quotes without a header line).
_QUOTED_TAIL = re.compile(r"(?:\n>[^\n]*|\n[ \t]*)+\Z")


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0
        self.quoting = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self.skipping += 1
        elif tag == "blockquote":
            self.quoting += 1  # the history a mail client quotes: not part of the reply
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED:
            self.skipping = max(0, self.skipping - 1)
        elif tag == "blockquote":
            self.quoting = max(0, self.quoting - 1)
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping and not self.quoting:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def body_text(message: EmailMessage) -> str:
    """The reply's text: the plain part when there is one, else the HTML part as text."""
    part = message.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        content = part.get_content()
    except (LookupError, UnicodeError, AssertionError):
        return ""
    if not isinstance(content, str):
        return ""
    return html_to_text(content) if part.get_content_subtype() == "html" else content


def reply_only(text: str) -> str:
    """The newest reply of a message's text: quoted history and signature cut off."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # keep_hyphen_lists: "- one" starts a Markdown list, not a signature.
    parsed = Parsed(text=text, languages=LANGUAGES, keep_hyphen_lists=True).read()
    reply = parsed.replies[0].body if parsed.replies else text
    reply = _SIGNATURE.sub("", reply)
    return _QUOTED_TAIL.sub("", "\n" + reply.strip()).strip()
