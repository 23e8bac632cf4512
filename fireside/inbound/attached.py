"""The files an emailed reply carries, as the uploads a web form would have sent: each part
with a file name (attached or inline) and each inline picture, wrapped as an UploadedFile.
Nothing is checked here: the target posts them through the web's own checks (type by what
the bytes are, size, how many a post carries, pictures re-encoded).

Left out: the message's own text and HTML, a forwarded message (message/rfc822) and what it
carries, and an inline picture the HTML shows only in the quoted history (inside a
<blockquote>) or below the signature delimiter ("-- "), such as a signature's logo."""

from __future__ import annotations

import mimetypes
import re
from email.message import EmailMessage, Message
from html.parser import HTMLParser

from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile

_SIGNATURE_LINE = re.compile(r"(?:^|\n)[ \t]*--[ \t]?(?:\n|$)")


class _Pictures(HTMLParser):
    """Which cid: pictures the HTML shows in the reply itself, and which only in what is cut
    off (the quoted history, the signature)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.quoting = 0
        self.signed = False
        self.kept: set[str] = set()
        self.cut: set[str] = set()
        self.line = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "blockquote":
            self.quoting += 1
        if tag in ("br", "p", "div"):
            self._end_line()
        if tag != "img":
            return
        src = (dict(attrs).get("src") or "").strip()
        if src[:4].lower() == "cid:":
            cid = _cid(src[4:])
            (self.cut if self.quoting or self.signed else self.kept).add(cid)

    def handle_endtag(self, tag: str) -> None:
        if tag == "blockquote":
            self.quoting = max(0, self.quoting - 1)
        if tag in ("p", "div"):
            self._end_line()

    def handle_data(self, data: str) -> None:
        if self.quoting:
            return
        self.line += data
        if "\n" in data:
            self._end_line()

    def _end_line(self) -> None:
        if _SIGNATURE_LINE.search(self.line.replace("\xa0", " ")):
            self.signed = True
        self.line = ""


def _cid(value: str) -> str:
    return value.strip().strip("<>").strip().lower()


def _cut_off(message: EmailMessage) -> set[str]:
    """The Content-IDs shown only in the HTML's quoted history or signature."""
    html = message.get_body(preferencelist=("html",))
    if html is None:
        return set()
    try:
        content = html.get_content()
    except (LookupError, UnicodeError, AssertionError):
        return set()
    if not isinstance(content, str):
        return set()
    parser = _Pictures()
    parser.feed(content)
    parser.close()
    return parser.cut - parser.kept


def _leaves(part: Message) -> list[Message]:
    if part.get_content_type() == "message/rfc822":
        return []  # a forwarded message: its files are not this reply's
    if part.is_multipart():
        payload = part.get_payload()
        children = payload if isinstance(payload, list) else []
        return [leaf for c in children if isinstance(c, Message) for leaf in _leaves(c)]
    return [part]


def _name(part: Message) -> str:
    try:
        return str(part.get_filename() or "").strip()
    except (ValueError, TypeError, IndexError, LookupError):
        return ""


def _disposition(part: Message) -> str:
    try:
        return (part.get_content_disposition() or "").lower()
    except (ValueError, TypeError, IndexError):
        return ""


def _is_attached(part: Message, body: Message | None) -> bool:
    if part is body:
        return False
    if _disposition(part) == "attachment" or _name(part):
        return True
    return part.get_content_maintype() == "image"  # an inline picture, named or not


def files_of(message: EmailMessage) -> list[UploadedFile]:
    """The message's attachments and inline pictures, in their order in the message."""
    if not message.is_multipart():
        return []
    body = message.get_body(preferencelist=("plain", "html"))
    cut = _cut_off(message)
    files: list[UploadedFile] = []
    for part in _leaves(message):
        if not _is_attached(part, body):
            continue
        cid = _cid(str(part.get("Content-ID", "") or ""))
        if cid and cid in cut and _disposition(part) != "attachment":
            continue  # a signature's logo, a picture of the quoted history
        data = part.get_payload(decode=True)
        content = data if isinstance(data, bytes) else b""
        content_type = part.get_content_type()
        name = _name(part) or "picture" + (mimetypes.guess_extension(content_type) or "")
        files.append(SimpleUploadedFile(name, content, content_type=content_type))
    return files
