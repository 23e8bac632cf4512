from __future__ import annotations

import csv
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from fireside.communities.models import Community
from fireside.enrolment import actions
from fireside.enrolment.access import get_import_to_manage
from fireside.enrolment.forms import UploadForm
from fireside.enrolment.models import EnrolmentImport
from fireside.enrolment.parse import MAX_ROWS
from fireside.lib import uploads
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.access import get_program_for
from fireside.programs.models import Program
from fireside.programs.words import role_type_label

RECENT = 10


@csrf_exempt  # the CSRF check reads the body, so it runs after the size limit is in place
@login_required
def upload(request: HttpRequest, program_id: int) -> HttpResponse:
    program, _standing = get_program_for(request.user, program_id, "manage")
    try:
        handler = uploads.guard_request(request) if request.method == "POST" else None
    except uploads.TooLarge as exc:
        form = UploadForm()
        form.add_error(None, exc.message)
        return _upload_page(request, program, form, status=exc.status)
    return _upload(request, program, handler)


@csrf_protect
def _upload(
    request: HttpRequest, program: Program, handler: uploads.SizeLimit | None
) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        try:
            uploads.check_guard(handler)
            if form.is_valid():
                file = form.cleaned_data["file"]
                preview = actions.check_preview_import(
                    actor=actor(request),
                    program=program,
                    data=file.read(),
                    filename=file.name or "",
                )
                return redirect("enrolment:detail", preview.pk)
        except ActionError as exc:
            add_action_error(form, exc)
            status = exc.status if exc.status in (413, 415) else 400
        else:
            status = 400
    return _upload_page(request, program, form, status=status)


def _upload_page(
    request: HttpRequest, program: Program, form: UploadForm, status: int = 200
) -> HttpResponse:
    recent = EnrolmentImport.objects.filter(program=program)[:RECENT]
    return render(
        request,
        "enrolment/upload.html",
        {
            "program": program,
            "form": form,
            "recent": recent,
            "max_rows": MAX_ROWS,
            "role_types": [(c, role_type_label(program, c)) for c in program.eligible_role_types],
        },
        status=status,
    )


@login_required
def sample(request: HttpRequest, program_id: int) -> HttpResponse:
    """A file to fill in: the column names (English, or French with ?language=fr) and two
    made-up people in the program's first groups."""
    program, _standing = get_program_for(request.user, program_id, "manage")
    french = request.GET.get("language") == "fr"
    header = (
        ["Nom", "Courriel", "Type de rôle", "Région", "Groupe", "Rôle", "Date d'arrivée"]
        if french
        else ["Name", "Email", "Role type", "Region", "Group", "Role", "Joined on"]
    )
    groups = list(Community.objects.filter(program=program).order_by("name")[:2])
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    day = program.starts_on.isoformat()
    first, second = [*groups, None, None][:2]
    writer.writerow(
        [
            "Alex Example",
            "alex@example.org",
            first.audience if first else (program.eligible_role_types or ["ece"])[0],
            first.region if first else "",
            first.name if first else "",
            "animatrice" if french else "facilitator",
            day,
        ]
    )
    writer.writerow(
        [
            "Sam Example",
            "sam@example.org",
            second.audience if second else (program.eligible_role_types or ["ece"])[0],
            second.region if second else "",
            second.name if second else "",
            "membre" if french else "member",
            "",
        ]
    )
    name = "participants-fr.csv" if french else "participants.csv"
    response = HttpResponse(
        "\ufeff" + out.getvalue(), content_type="text/csv; charset=utf-8"
    )  # the BOM: Excel then reads the accents right
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def detail(request: HttpRequest, import_id: int) -> HttpResponse:
    """A preview with its problems, or how far the import got. Reload to see more; with
    JavaScript the progress updates itself."""
    record = get_import_to_manage(request.user, import_id)
    context: dict[str, object] = {"record": record, "program": record.program}
    if record.state == EnrolmentImport.State.PREVIEWED:
        checked = actions.recheck(record)
        if checked.problem_count != record.problems:
            EnrolmentImport.objects.filter(pk=record.pk).update(problems=checked.problem_count)
            record.problems = checked.problem_count
        context |= {
            "checked": checked,
            "rows": actions.preview_rows(record, checked),
            "counts": checked.counts(),
            "problem_rows": len(checked.problems),
            "preview_rows": actions.PREVIEW_ROWS,
        }
    elif request.headers.get("HX-Request"):
        return render(request, "enrolment/_progress.html", context)
    return render(request, "enrolment/detail.html", context)


@require_POST
@login_required
def confirm(request: HttpRequest, import_id: int) -> HttpResponse:
    record = get_import_to_manage(request.user, import_id)
    try:
        actions.check_start_import(actor=actor(request), preview=record)
    except ActionError as exc:
        messages.error(request, exc.message)
    return redirect("enrolment:detail", record.pk)
