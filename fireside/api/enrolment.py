"""Enrolling participants from a spreadsheet: a dry run lists every problem per row; a clean
file starts the import in the background (202), watched at its status URL."""

from __future__ import annotations

import json
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router, Status

from fireside.api.core import me
from fireside.enrolment import actions
from fireside.enrolment.access import get_import_to_manage
from fireside.enrolment.models import EnrolmentImport
from fireside.lib import uploads
from fireside.lib.errors import InvalidInput
from fireside.programs.access import get_program_for

router = Router(tags=["enrolment"])

_TRUE, _FALSE = {"true", "1", "yes", "on"}, {"false", "0", "no", "off", ""}
_UPLOAD_BODY: dict[str, Any] = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": ["file"],
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "dry_run": {"type": "boolean", "default": False},
                    },
                }
            }
        }
    }
}


def import_out(record: EnrolmentImport) -> dict[str, Any]:
    return {
        "id": record.pk,
        "program": record.program_id,
        "state": record.state,
        "filename": record.filename,
        "sha256": record.sha256,
        "rows": len(record.rows) if record.rows else record.counts.get("rows", 0),
        "total": record.total,
        "processed": record.processed,
        "counts": {k: v for k, v in record.counts.items() if k != "notes"},
        "notes": record.counts.get("notes", []),
        "result": record.result,
        "status_url": f"/api/v1/imports/{record.pk}",
        "created_at": record.created_at.isoformat(),
        "finished_at": record.finished_at.isoformat() if record.finished_at else None,
    }


def _flag(value: str | None) -> bool:
    text = (value or "").strip().lower()
    if text not in _TRUE | _FALSE:
        raise InvalidInput(_("dry_run must be true or false."))
    return text in _TRUE


def _upload(request: HttpRequest) -> tuple[bytes, str, bool]:
    """The file's bytes, its name and the dry-run flag: multipart (`file`, `dry_run`), or
    JSON `{"csv": "<the CSV text>", "filename": "…", "dry_run": true}`."""
    if request.content_type == "application/json":
        try:
            body = json.loads(request.body or b"{}")
        except ValueError as exc:
            raise InvalidInput(_("The body is not valid JSON.")) from exc
        if not isinstance(body, dict) or not isinstance(body.get("csv"), str):
            raise InvalidInput(
                _("Send the file as multipart/form-data (`file`), or JSON with `csv` text."),
                {"csv": [_("This field is required.")]},
            )
        dry = body.get("dry_run", False)
        if not isinstance(dry, bool):
            raise InvalidInput(_("dry_run must be true or false."))
        name = body.get("filename") if isinstance(body.get("filename"), str) else "import.csv"
        return body["csv"].encode("utf-8"), str(name), dry
    handler = uploads.guard_request(request)
    files = request.FILES.getlist("file")
    uploads.check_guard(handler)
    dry_run = _flag(request.POST.get("dry_run") or request.GET.get("dry_run"))
    if len(files) != 1:
        raise InvalidInput(_("Send one file, as multipart/form-data in the field `file`."))
    return files[0].read(), files[0].name or "", dry_run


@router.post(
    "/programs/{program_id}/imports",
    response={202: dict, 200: dict, 422: dict},
    openapi_extra=_UPLOAD_BODY,
)
def start_import(request: HttpRequest, program_id: int) -> Status:
    """Multipart `file` (CSV or XLSX) and `dry_run`. A dry run answers 200 with the preview,
    or 422 with every problem per row; otherwise a clean file starts the import: 202 with
    its id and status URL. A file with problems is never imported (422, nothing written)."""
    user = me(request)
    program, _standing = get_program_for(user, program_id, "manage")
    data, filename, dry_run = _upload(request)
    preview = actions.check_preview_import(
        actor=user, program=program, data=data, filename=filename
    )
    checked = actions.recheck(preview)
    body = import_out(preview) | {"problems": checked.problem_list()}
    if checked.problems:
        return Status(422, body | {"detail": _("The file has problems; nothing was imported.")})
    if dry_run:
        return Status(200, body)
    started = actions.check_start_import(actor=user, preview=preview)
    return Status(202, import_out(started))


@router.get("/imports/{import_id}", response=dict)
def get_import(request: HttpRequest, import_id: int) -> dict[str, Any]:
    record = get_import_to_manage(me(request), import_id)
    return import_out(record)
