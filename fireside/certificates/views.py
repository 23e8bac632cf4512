from __future__ import annotations

from io import BytesIO

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.base import ContentFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from fireside.certificates import actions
from fireside.certificates.access import (
    get_batch_to_watch,
    get_certificate,
    get_certificate_for_holder,
    get_certificate_to_manage,
)
from fireside.certificates.forms import BulkIssueForm, RevokeForm, VerifyForm
from fireside.certificates.models import BulkIssue, Certificate, normalize_code
from fireside.certificates.pdf import render_pdf
from fireside.hours.access import (
    get_program_for_participant,
    get_program_to_coordinate,
    programs_taken_part_in,
)
from fireside.hours.ledger import today_in
from fireside.lib.errors import ActionError, Conflict, Refused
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.programs.models import Program


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    """Your certificates, newest first, and where to make a new one."""
    user = actor(request)
    return render(
        request,
        "certificates/mine.html",
        {
            "certificates": list(Certificate.objects.filter(holder=user).order_by("-issued_at")),
            "programs": programs_taken_part_in(user),
        },
    )


@require_POST
def generate(request: HttpRequest, program_id: int) -> HttpResponse:
    program, places = get_program_for_participant(request.user, program_id)
    try:
        certificate, created = actions.check_issue_certificate(
            user=actor(request), program=program, memberships=places
        )
    except ActionError as exc:
        messages.error(request, exc.message)
        return redirect("hours:ledger", program.pk)
    if created:
        message = _("Your certificate for %(hours)s hours is ready. Download it below.")
    else:
        message = _(
            "You already have a certificate for these %(hours)s hours, made on %(date)s: here "
            "it is. A new one is made when your hours grow."
        )
    messages.success(
        request,
        message
        % {"hours": certificate.total_hours, "date": date_format(certificate.issued_on, "j F Y")},
    )
    return redirect(f"{reverse('certificates:mine')}#c-{certificate.code}")


def stored_pdf(certificate: Certificate) -> bytes:
    """The PDF drawn at issue; drawn again from what was stated if the file went missing."""
    if certificate.pdf:
        try:
            with certificate.pdf.open("rb") as handle:
                return bytes(handle.read())
        except FileNotFoundError:
            pass
    content = render_pdf(certificate)
    certificate.pdf.save(f"{certificate.code}.pdf", ContentFile(content), save=False)
    Certificate.objects.filter(pk=certificate.pk).update(pdf=certificate.pdf.name)
    return content


def pdf_response(certificate: Certificate) -> FileResponse:
    return FileResponse(
        BytesIO(stored_pdf(certificate)),
        as_attachment=True,
        filename=certificate.filename(),
        content_type="application/pdf",
    )


def pdf(request: HttpRequest, code: str) -> HttpResponseBase:
    """The holder's PDF. A revoked certificate is not handed out again."""
    certificate = get_certificate_for_holder(request.user, code)
    if not certificate.is_valid:
        messages.error(request, _("That certificate was revoked, so it cannot be downloaded."))
        return redirect("certificates:mine")
    return pdf_response(certificate)


def _noindex(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


def verify_form(request: HttpRequest) -> HttpResponse:
    """Type the code from a paper certificate."""
    form = VerifyForm(request.GET or None)
    if form.is_valid():
        code = normalize_code(form.cleaned_data["code"])
        if code is None:
            form.add_error(
                "code", _("A code has 16 letters and digits, like the one on the certificate.")
            )
        else:
            return redirect("certificates:verify", code=code)
    return _noindex(render(request, "certificates/verify_form.html", {"form": form}))


def verify(request: HttpRequest, code: str) -> HttpResponse:
    """Anyone with the code: valid or not, for whom, which program, how many hours, issued
    when. Nothing else."""
    try:
        certificate = get_certificate(code)
    except (Refused, Http404):
        response = render(
            request,
            "certificates/verify_form.html",
            {"form": VerifyForm(initial={"code": code[:40]}), "unknown": True},
            status=404,
        )
        return _noindex(response)
    return _noindex(render(request, "certificates/verify.html", {"c": certificate}))


def _bulk_initial(program: Program) -> dict[str, object]:
    today = today_in(program)
    return {"period_start": program.starts_on, "period_end": min(today, program.ends_on)}


def _manage_page(
    request: HttpRequest, program: Program, form: BulkIssueForm, status: int = 200
) -> HttpResponse:
    certificates = (
        Certificate.objects.filter(program=program).select_related("holder").order_by("-issued_at")
    )
    page = Paginator(certificates, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "certificates/manage.html",
        {
            "program": program,
            "page": page,
            "batches": list(BulkIssue.objects.filter(program=program)[:5]),
            "form": form,
        },
        status=status,
    )


def manage(request: HttpRequest, program_id: int) -> HttpResponse:
    """For coordinators: every certificate of the program, bulk issue and revoking."""
    program = get_program_to_coordinate(request.user, program_id)
    return _manage_page(request, program, BulkIssueForm(initial=_bulk_initial(program)))


@require_POST
def bulk(request: HttpRequest, program_id: int) -> HttpResponse:
    program = get_program_to_coordinate(request.user, program_id)
    form = BulkIssueForm(request.POST)
    if form.is_valid():
        try:
            batch = actions.check_start_bulk_issue(
                actor=actor(request), program=program, **form.cleaned_data
            )
        except ActionError as exc:
            # A second click while the first one runs: show the run already under way.
            busy = exc.errors.get("batch_id") if isinstance(exc, Conflict) else None
            if busy:
                messages.info(
                    request,
                    _(
                        "Certificates are already being issued for this program: here is how "
                        "far it got."
                    ),
                )
                return redirect("certificates:batch", int(busy[0]))
            add_action_error(form, exc)
        else:
            messages.success(
                request, _("Started. Certificates are being issued in the background.")
            )
            return redirect("certificates:batch", batch.pk)
    return _manage_page(request, program, form, status=400 if form.errors else 200)


def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    """How far a bulk issue got. Reload to see more; with JavaScript it updates itself."""
    item = get_batch_to_watch(request.user, batch_id)
    template = (
        "certificates/_batch_progress.html"
        if request.headers.get("HX-Request")
        else "certificates/batch.html"
    )
    return render(request, template, {"batch": item, "program": item.program})


def revoke(request: HttpRequest, code: str) -> HttpResponse:
    certificate = get_certificate_to_manage(request.user, code)
    form = RevokeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_revoke_certificate(
                actor=actor(request), certificate=certificate, reason=form.cleaned_data["reason"]
            )
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            messages.success(
                request,
                _("Certificate %(code)s is revoked. We emailed its holder the reason.")
                % {"code": certificate.display_code},
            )
            return redirect("certificates:manage", certificate.program_id)
    return render(request, "certificates/revoke.html", {"c": certificate, "form": form})
