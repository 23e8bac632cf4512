"""Uploaded files: a size limit enforced while the body streams in, and a type decided by
what the bytes are, never by the name they came with.

Why a short signature check rather than a library: the allowed set is small and closed,
and the hard cases (Office and OpenDocument files are zip archives; plain text has no
magic number at all) need a look inside the zip and a UTF-8 check that the detection
libraries on offer do not do, so we would write them anyway.
"""

from __future__ import annotations

import codecs
import logging
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import IO, Any

from django.conf import settings
from django.core.files.storage import Storage
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db.models.fields.files import FieldFile
from django.http import Http404, HttpRequest, StreamingHttpResponse
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from fireside.lib import ratelimit
from fireside.lib.errors import ActionError, TooMany

logger = logging.getLogger(__name__)

# Room for the form's other fields and the multipart boundaries around the file.
FORM_OVERHEAD = 64 * 1024
_CHUNK = 64 * 1024
_ZIP_PART_MAX = 1024 * 1024


class TooLarge(ActionError):
    status = 413


class UnsupportedType(ActionError):
    status = 415


@dataclass(frozen=True)
class FileType:
    kind: str
    label: str | Promise
    mime: str
    extensions: tuple[str, ...]

    def mime_for(self, extension: str) -> str:
        if self.kind == "text":
            return _TEXT_MIME.get(extension, "text/plain") + "; charset=utf-8"
        return self.mime


_OOXML = "application/vnd.openxmlformats-officedocument"
_ODF = "application/vnd.oasis.opendocument"
TYPES = {
    t.kind: t
    for t in (
        FileType("pdf", gettext_lazy("a PDF"), "application/pdf", ("pdf",)),
        FileType("png", gettext_lazy("a PNG image"), "image/png", ("png",)),
        FileType("jpeg", gettext_lazy("a JPEG image"), "image/jpeg", ("jpg", "jpeg")),
        FileType("gif", gettext_lazy("a GIF image"), "image/gif", ("gif",)),
        FileType("webp", gettext_lazy("a WebP image"), "image/webp", ("webp",)),
        FileType(
            "docx",
            gettext_lazy("a Word document"),
            f"{_OOXML}.wordprocessingml.document",
            ("docx",),
        ),
        FileType(
            "xlsx", gettext_lazy("an Excel spreadsheet"), f"{_OOXML}.spreadsheetml.sheet", ("xlsx",)
        ),
        FileType(
            "pptx",
            gettext_lazy("a PowerPoint deck"),
            f"{_OOXML}.presentationml.presentation",
            ("pptx",),
        ),
        FileType("odt", gettext_lazy("an OpenDocument text"), f"{_ODF}.text", ("odt",)),
        FileType(
            "ods", gettext_lazy("an OpenDocument spreadsheet"), f"{_ODF}.spreadsheet", ("ods",)
        ),
        FileType(
            "odp", gettext_lazy("an OpenDocument presentation"), f"{_ODF}.presentation", ("odp",)
        ),
        FileType(
            "text",
            gettext_lazy("a plain text file"),
            "text/plain",
            ("txt", "md", "markdown", "csv"),
        ),
    )
}
_TEXT_MIME = {"csv": "text/csv", "md": "text/markdown", "markdown": "text/markdown"}
ACCEPTED_EXTENSIONS = tuple(f".{ext}" for t in TYPES.values() for ext in t.extensions)

# Office Open XML: the folder its main part lives in, and that part's content type.
_OOXML_PARTS = {
    "docx": ("word/", b"wordprocessingml.document.main+xml"),
    "xlsx": ("xl/", b"spreadsheetml.sheet.main+xml"),
    "pptx": ("ppt/", b"presentationml.presentation.main+xml"),
}
_ODF_MIMETYPES = {TYPES[k].mime.encode(): k for k in ("odt", "ods", "odp")}

WHAT_WE_TAKE = gettext_lazy(
    "Fireside takes PDFs, images (PNG, JPEG, GIF, WebP), Word, Excel and PowerPoint files, "
    "OpenDocument files, and plain text, Markdown or CSV."
)


def limit_mb() -> str:
    mb = settings.UPLOAD_MAX_BYTES / (1024 * 1024)
    if mb >= 1:
        return _("%(size)s MB") % {"size": number_format(round(mb))}
    return _("%(size)s KB") % {"size": number_format(settings.UPLOAD_MAX_BYTES // 1024)}


def form_status(exc: ActionError) -> int:
    """The status of an upload form shown again after `exc`: the refusal's own (413, 415,
    429) for a file too large, of a type not accepted, or too many uploads; 200 otherwise,
    with the error on the form."""
    return exc.status if isinstance(exc, TooLarge | UnsupportedType | TooMany) else 200


def too_large() -> TooLarge:
    message = _(
        "That file is larger than %(limit)s, the most this site takes. "
        "A smaller copy, or a link to where it lives, works too."
    ) % {"limit": limit_mb()}
    return TooLarge(message, {"file": [message]})


class SizeLimit(FileUploadHandler):
    """Skips a file as soon as it passes the limit, so an oversized upload is never kept,
    not even in a temporary file; the rest of the form is still read."""

    exceeded = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        if start + len(raw_data) > settings.UPLOAD_MAX_BYTES:
            self.exceeded = True
            raise SkipFile
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None


def guard_request(request: HttpRequest, files: int = 1) -> SizeLimit | None:
    """Call before anything reads the body. Refuses a body far over the limit (for at most
    `files` files) without reading it, and caps each file while it streams in. None when
    the body was already read (the size is then checked on the file itself)."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > settings.UPLOAD_MAX_BYTES * files + FORM_OVERHEAD:
        raise too_large()
    handlers = request.upload_handlers
    if hasattr(request, "_files") or not isinstance(handlers, list):
        return None
    handler = SizeLimit(request)
    handlers.insert(0, handler)
    return handler


def count_uploads(user_pk: object, files: int = 1) -> None:
    """Count `files` uploads against the person's hourly allowance, or refuse them all
    (TooMany, nothing counted). Give them back with refund_uploads if nothing is stored."""
    ident = str(user_pk or "")
    for done in range(files):
        if not ratelimit.attempt("upload", ident, settings.UPLOAD_HOURLY_LIMIT, 3600):
            refund_uploads(user_pk, done)
            raise TooMany(_("You have uploaded many files in the last hour. Try again later."))


def refund_uploads(user_pk: object, files: int = 1) -> None:
    for _i in range(files):
        ratelimit.refund("upload", str(user_pk or ""))


def check_guard(handler: SizeLimit | None) -> None:
    if handler is not None and handler.exceeded:
        raise too_large()


def extension_of(name: str) -> str:
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[-1].lower() if "." in base.strip(".") else ""


def clean_filename(name: str) -> str:
    """The name a file was uploaded with, safe to give back in a download: no folders, no
    characters a file system or a header refuses, at most 200 characters."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    clean = "".join(ch for ch in base if ch.isprintable() and ch not in '"<>|:*?').strip()
    if len(clean) > 200:
        stem, _dot, ext = clean.rpartition(".")
        clean = f"{stem[: 199 - len(ext)]}.{ext}"
    return clean or "resource"


def check_file(upload: UploadedFile) -> tuple[FileType, str]:
    """The file's type and its (agreeing) extension, or TooLarge / UnsupportedType."""
    if upload.size is None or upload.size > settings.UPLOAD_MAX_BYTES:
        raise too_large()
    if upload.size == 0:
        raise UnsupportedType(_("That file is empty."), {"file": [_("The file is empty.")]})
    found = detect(upload.file)  # type: ignore[arg-type]
    if found is None:
        raise UnsupportedType(
            _("%(what)s This file is none of those.") % {"what": WHAT_WE_TAKE},
            {"file": [str(WHAT_WE_TAKE)]},
        )
    extension = extension_of(upload.name or "")
    if extension not in found.extensions:
        params = {"ext": extension, "kind": found.label, "right": found.extensions[0]}
        if extension:
            message = (
                _(
                    "The file's name ends in .%(ext)s, but it is %(kind)s. "
                    "Rename it to .%(right)s if that is right."
                )
                % params
            )
        else:
            message = (
                _(
                    "The file's name has no extension, but it is %(kind)s. "
                    "Rename it to .%(right)s if that is right."
                )
                % params
            )
        raise UnsupportedType(message, {"file": [message]})
    return found, extension


def detect(stream: IO[bytes]) -> FileType | None:
    """What the bytes are, if they are something we take. Leaves the stream at the start."""
    try:
        stream.seek(0)
        head = stream.read(16)
        kind = _by_signature(head)
        if kind == "pdf" and not _pdf_ends(stream):
            kind = None
        elif kind == "zip":
            kind = _zip_kind(stream)
        elif kind is None and _is_text(stream):
            kind = "text"
        return TYPES[kind] if kind else None
    finally:
        stream.seek(0)


def _by_signature(head: bytes) -> str | None:
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    return None


def _pdf_ends(stream: IO[bytes]) -> bool:
    """A PDF ends with %%EOF (give or take trailing whitespace and a little junk)."""
    stream.seek(0, 2)
    size = stream.tell()
    stream.seek(max(0, size - 1024))
    return b"%%EOF" in stream.read()


def _zip_kind(stream: IO[bytes]) -> str | None:
    """Office Open XML by its [Content_Types].xml and main folder; OpenDocument by its
    mimetype entry. Only small named entries are read, so a zip bomb stays packed."""
    stream.seek(0)
    try:
        with zipfile.ZipFile(stream) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                return _ODF_MIMETYPES.get(_read_part(archive, "mimetype").strip())
            if "[Content_Types].xml" in names:
                types = _read_part(archive, "[Content_Types].xml")
                for kind, (folder, main) in _OOXML_PARTS.items():
                    if main in types and any(n.startswith(folder) for n in names):
                        return kind
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        return None
    return None


def _read_part(archive: zipfile.ZipFile, name: str) -> bytes:
    with archive.open(name) as part:
        data = part.read(_ZIP_PART_MAX + 1)
    return data if len(data) <= _ZIP_PART_MAX else b""


def _is_text(stream: IO[bytes]) -> bool:
    """Valid UTF-8 throughout, with no NUL byte (binaries are full of them)."""
    stream.seek(0)
    decoder: Any = codecs.getincrementaldecoder("utf-8")(errors="strict")
    try:
        while chunk := stream.read(_CHUNK):
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def attachment(
    stored: FieldFile, filename: str, content_type: str, *, inline: bool = False
) -> StreamingHttpResponse:
    """Stream a stored file as a download that browsers never render or sniff (`inline`
    only for a picture Fireside wrote itself, shown by the browser). The file is opened
    only once the body is sent, and closed when it is done or abandoned."""
    return stream(stored.storage, stored.name or "", filename, content_type, inline=inline)


def stream(
    storage: Storage, name: str, filename: str, content_type: str, *, inline: bool = False
) -> StreamingHttpResponse:
    """`attachment` for a file known by its stored name."""
    try:
        # The size doubles as the existence check: one round trip fewer on a remote store.
        size = storage.size(name) if name else None
    except FileNotFoundError:
        size = None
    if size is None:
        logger.warning("A stored file is missing: %s", name)
        raise Http404

    def chunks() -> Iterator[bytes]:
        with storage.open(name, "rb") as handle:
            while chunk := handle.read(_CHUNK):
                yield chunk

    response = StreamingHttpResponse(chunks(), content_type=content_type)
    response["Content-Length"] = str(size)
    response["Content-Disposition"] = content_disposition_header(not inline, filename) or (
        "inline" if inline else "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
