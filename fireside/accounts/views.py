from __future__ import annotations

import json
import time
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_POST

from fireside.accounts import actions, api_tokens, photos, role_types, two_factor
from fireside.accounts.faces import SIZES, Faces, may_see_photo
from fireside.accounts.forms import (
    CodeForm,
    EmailChangeForm,
    EraseForm,
    LoginForm,
    PhotoForm,
    ProfileForm,
    QueuedPasswordResetForm,
    SignupForm,
)
from fireside.accounts.models import User
from fireside.accounts.tokens import (
    email_change_for_cancel_token,
    email_change_for_confirm_token,
    verification_for,
)
from fireside.lib import images, uploads
from fireside.lib.errors import ActionError, Conflict
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor, client_ip
from fireside.lib.i18n import supported

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _safe(request: HttpRequest, target: str) -> str:
    """`target` if it is a page of this site, else "": a link from elsewhere cannot send
    someone off the site once they have signed in."""
    if target and url_has_allowed_host_and_scheme(
        target, {request.get_host()}, request.is_secure()
    ):
        return target
    return ""


def _requested_next(request: HttpRequest) -> str:
    """The page asked for, if it is one of this site's: carried through the forms (sign-in,
    sign-up, the code, the emailed confirmation link) and checked again on use."""
    return _safe(request, request.POST.get("next") or request.GET.get("next") or "")


def _next(request: HttpRequest, default: str = "home") -> str:
    return _requested_next(request) or str(reverse_lazy(default))


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            # The language the form was read in is the person's, until they choose another.
            language = supported(get_language())
            user = actions.check_register_user(
                **form.cleaned_data,
                language=language,
                ip=client_ip(request),
                then=_requested_next(request),
            )
        except ActionError as exc:
            add_action_error(form, exc)
            status = exc.status if exc.status == 429 else 200
        else:
            login(request, user, backend=BACKEND)
            messages.success(
                request,
                _(
                    "Welcome to Fireside! We sent a link to %(email)s: open it "
                    "to confirm your address."
                )
                % {"email": user.email},
            )
            return redirect(_next(request, "accounts:profile"))
    context = {"form": form, "next": _requested_next(request)}
    return render(request, "accounts/signup.html", context, status=status)


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.check_credentials(ip=client_ip(request), **form.cleaned_data)
        except ActionError as exc:
            add_action_error(form, exc)
            status = exc.status if exc.status == 429 else 200
            return render(
                request,
                "accounts/login.html",
                {"form": form, "next": _requested_next(request)},
                status=status,
            )
        if two_factor.is_on(user):
            # The password was right; the session remembers whose, for a few minutes, and
            # nobody is signed in until the code is.
            request.session[PENDING_SIGN_IN] = {
                "user": user.pk,
                "at": int(time.time()),
                "next": _requested_next(request),
            }
            return redirect("accounts:login_code")
        login(request, user, backend=BACKEND)
        return redirect(_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": _requested_next(request)})


PENDING_SIGN_IN = "fireside_pending_sign_in"
PENDING_SIGN_IN_SECONDS = 10 * 60


def _pending_sign_in(request: HttpRequest) -> tuple[User, str] | None:
    pending = request.session.get(PENDING_SIGN_IN)
    if not isinstance(pending, dict) or not isinstance(pending.get("user"), int):
        return None
    if int(time.time()) - int(pending.get("at") or 0) > PENDING_SIGN_IN_SECONDS:
        request.session.pop(PENDING_SIGN_IN, None)
        return None
    user = User.objects.filter(pk=pending["user"], is_active=True).first()
    return (user, str(pending.get("next") or "")) if user is not None else None


def login_code(request: HttpRequest) -> HttpResponse:
    """The second step of signing in, when two-step sign-in is on: the code."""
    pending = _pending_sign_in(request)
    if pending is None:
        return render(request, "accounts/login_code.html", {"expired": True})
    user, next_url = pending
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor.check_code(user=user, code=form.cleaned_data["code"], ip=client_ip(request))
        except ActionError as exc:
            add_action_error(form, exc)
            status = exc.status if exc.status == 429 else 200
            return render(request, "accounts/login_code.html", {"form": form}, status=status)
        request.session.pop(PENDING_SIGN_IN, None)
        login(request, user, backend=BACKEND)
        return redirect(_safe(request, next_url) or "home")
    return render(request, "accounts/login_code.html", {"form": form})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("home")


def verify(request: HttpRequest, token: str) -> HttpResponse:
    """The emailed link: confirm the address, then go on to where the person was going
    when they signed up (a group's join step), signing in first if this browser is not."""
    found = verification_for(token)
    if found is None:
        return render(request, "accounts/verify_failed.html", status=400)
    user, then = found
    actions.do_verify_email(user=user)
    messages.success(request, _("Thank you: your email address is confirmed."))
    then = _safe(request, then)
    if request.user.is_authenticated:
        return redirect(then or "accounts:profile")
    login_url = reverse("accounts:login")
    return redirect(f"{login_url}?{urlencode({'next': then})}" if then else login_url)


@login_required
@require_POST
def resend_verification(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if not user.email_verified:
        actions.send_verification_email(user)
        messages.info(
            request, _("We sent a new confirmation link to %(email)s.") % {"email": user.email}
        )
    return redirect("accounts:profile")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    # Read before the form fills the instance with what was typed.
    confirmed, requested = user.role_type, user.role_type_requested
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            before = User.objects.get(pk=user.pk)
            asked = before.role_type_requested
            saved = actions.check_update_profile(user=before, **fields)
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            if fields["language"]:
                translation.activate(fields["language"])  # say it in the language just chosen
            messages.success(request, _("Your profile is saved."))
            if saved.role_type_requested and saved.role_type_requested != asked:
                messages.info(
                    request,
                    _(
                        "Your new role waits for a coordinator of your program to confirm it. "
                        "Until then your groups stay as they are."
                    ),
                )
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "two_factor_on": two_factor.is_on(user),
            "api_tokens": api_tokens.tokens_of(user),
            "faces": Faces.none(user),
            "role_type_requested": role_types.label(requested) if requested else "",
            "role_type_confirmed": role_types.label(confirmed),
        },
    )


@csrf_exempt  # the CSRF check reads the body, so it runs after the size limit is in place
@login_required
def photo(request: HttpRequest) -> HttpResponse:
    try:
        handler = uploads.guard_request(request) if request.method == "POST" else None
    except uploads.TooLarge as exc:
        # Refused unread: nothing was changed, so there is nothing for CSRF to protect.
        return _photo_page(request, PhotoForm(), exc.message, exc.status)
    return _photo(request, handler)


@csrf_protect
def _photo(request: HttpRequest, handler: uploads.SizeLimit | None) -> HttpResponse:
    user = actor(request)
    form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method != "POST":
        return _photo_page(request, form)
    try:
        uploads.check_guard(handler)
    except uploads.TooLarge as exc:
        return _photo_page(request, PhotoForm(), exc.message, exc.status)
    try:
        if form.is_valid():
            photos.check_set_photo(user=user, upload=form.cleaned_data["file"], **_crop(form))
            messages.success(request, _("Your photo is saved."))
            return redirect(reverse("accounts:profile") + "#photo")
    except ActionError as exc:
        add_action_error(form, exc)
        return _photo_page(request, form, status=exc.status if exc.status != 400 else 200)
    return _photo_page(request, form)


def _crop(form: PhotoForm) -> dict[str, object]:
    return {name: form.cleaned_data.get(name) for name in ("crop_x", "crop_y", "crop_size")}


def _photo_page(
    request: HttpRequest, form: PhotoForm, error: str = "", status: int = 200
) -> HttpResponse:
    context = {
        "form": form,
        "upload_error": error,
        "limit": uploads.limit_mb(),
        "faces": Faces.none(request.user),
        "min_side": images.MIN_SIDE,
    }
    return render(request, "accounts/photo.html", context, status=status)


@login_required
@require_POST
def photo_remove(request: HttpRequest) -> HttpResponse:
    photos.do_remove_photo(user=actor(request))
    messages.success(request, _("Your photo is removed. Your initials show instead."))
    return redirect(reverse("accounts:profile") + "#photo")


def photo_image(request: HttpRequest, user_id: int, size: int) -> HttpResponseBase:
    """A person's photo, for themselves and the people who share a group or a pair with
    them; 404 for everyone else, so an address tells nothing about who has a photo."""
    person = get_object_or_404(User, pk=user_id)
    if size not in SIZES or not may_see_photo(request.user, person):
        raise Http404
    response = images.serve(photos.stored_name(person.photo, size))
    # Only the browser may keep it (never a shared cache); the address changes with the photo.
    response["Cache-Control"] = "private, max-age=86400"
    response["Vary"] = "Cookie"
    return response


@login_required
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    """Asks first (a page, so it works without JavaScript), then revokes on POST."""
    user = actor(request)
    try:
        token = api_tokens.token_of(user, token_id)
    except ActionError as exc:
        raise Http404 from exc
    if request.method == "POST":
        api_tokens.do_revoke_token(user=user, token=token)
        messages.success(request, _("The API token is revoked: it no longer works."))
        return redirect(reverse("accounts:profile") + "#api-tokens")
    return render(request, "accounts/revoke_token.html", {"token": token})


@login_required
def two_factor_page(request: HttpRequest) -> HttpResponse:
    """Two-step sign-in: set it up (QR code, key, first code), or, once on, turn it off or
    make new recovery codes (each with a current code). Recovery codes are shown once, in
    the answer to the request that made them."""
    user = actor(request)
    ip = client_ip(request)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    on = two_factor.is_on(user)
    forms_by_action = {
        name: CodeForm(request.POST if action == name else None, prefix=name)
        for name in ("on", "off", "codes")
    }
    # Setting up takes a code from the app itself: recovery codes come after.
    forms_by_action["on"].fields["code"].help_text = _("The 6 digits the app shows for Fireside.")
    status = 200
    if action in forms_by_action:
        form = forms_by_action[action]
        if form.is_valid():
            code = form.cleaned_data["code"]
            try:
                if action == "on":
                    codes = two_factor.check_turn_on(user=user, code=code, ip=ip)
                elif action == "off":
                    two_factor.check_turn_off(user=user, code=code, ip=ip)
                    messages.success(request, _("Two-step sign-in is off."))
                    return redirect("accounts:two_factor")
                else:
                    codes = two_factor.check_new_recovery_codes(user=user, code=code, ip=ip)
            except Conflict as exc:  # already on or off: in another tab, say
                messages.info(request, exc.message)
                return redirect("accounts:two_factor")
            except ActionError as exc:
                add_action_error(form, exc)
                status = exc.status if exc.status == 429 else 200
            else:
                response = render(
                    request,
                    "accounts/recovery_codes.html",
                    {"codes": codes, "first_time": action == "on"},
                )
                response["Cache-Control"] = "no-store"
                return response
    elif request.method == "POST":
        status = 400
    context: dict[str, object] = {
        "on": on,  # a refused action changed nothing
        "forms": forms_by_action,
        "required": two_factor.staff_must_turn_on(user),
    }
    if not context["on"]:
        device = two_factor.device_to_set_up(user)
        context.update(qr=two_factor.qr_svg(device), key=two_factor.setup_key(device))
    else:
        context["codes_left"] = two_factor.recovery_codes_left(user)
    response = render(request, "accounts/two_factor.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def change_email(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    if request.method == "POST" and request.POST.get("action") == "cancel":
        if actions.do_cancel_email_change(user=user, via="profile"):
            messages.info(request, _("The change of email address is stopped."))
        return redirect("accounts:change_email")
    form = EmailChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            actions.check_request_email_change(
                user=User.objects.get(pk=user.pk),
                ip=client_ip(request),
                **form.cleaned_data,
            )
        except ActionError as exc:
            add_action_error(form, exc)
            status = exc.status if exc.status == 429 else 200
            return render(request, "accounts/change_email.html", {"form": form}, status=status)
        messages.success(
            request,
            _(
                "We sent a link to %(email)s. Your address changes when you open it; until "
                "then you keep using %(old)s."
            )
            % {"email": form.cleaned_data["email"].lower(), "old": user.email},
        )
        return redirect("accounts:change_email")
    return render(request, "accounts/change_email.html", {"form": form})


def confirm_email_change(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to the new address. Opening it shows a button: link checkers that mail
    providers run on every link do not change anyone's address."""
    change = email_change_for_confirm_token(token)
    if change is None:
        return render(request, "accounts/verify_failed.html", status=400)
    user, old, new = change
    if request.method == "POST":
        try:
            actions.do_confirm_email_change(user=user, old_email=old, new_email=new)
        except ActionError as exc:
            return render(
                request, "accounts/email_change_confirm.html", {"error": exc.message}, status=409
            )
        messages.success(request, _("Your email address is changed."))
        return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")
    done = user.email == new
    return render(request, "accounts/email_change_confirm.html", {"done": done})


def cancel_email_change(request: HttpRequest, token: str) -> HttpResponse:
    """The link sent to the old address: stop the change, or say it already happened."""
    change = email_change_for_cancel_token(token)
    if change is None:
        return render(request, "accounts/verify_failed.html", status=400)
    user, _old, new = change
    state = "happened" if user.email == new else "waiting" if user.pending_email == new else "gone"
    if request.method == "POST" and state == "waiting":
        actions.do_cancel_email_change(user=user, new_email=new, via="old_address")
        state = "stopped"
    return render(
        request,
        "accounts/email_change_cancel.html",
        {"state": state, "support": actions._support_address()},
    )


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """The footer's switcher: Django's set_language (a cookie), kept on the profile too."""
    response = i18n.set_language(request)
    language = supported(request.POST.get("language"))
    if language and request.user.is_authenticated:
        actions.check_update_profile(user=actor(request), language=language)
    return response


@login_required
def export(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    data = actions.do_export(user=user, via="web")
    response = HttpResponse(json.dumps(data, indent=2), content_type="application/json")
    response["Content-Disposition"] = 'attachment; filename="fireside-my-data.json"'
    return response


@login_required
def erase(request: HttpRequest) -> HttpResponse:
    form = EraseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = actor(request)
        actions.do_erase_user(user=user)
        logout(request)
        messages.info(
            request, _("Your account is erased. Thank you for the time you spent with us.")
        )
        return redirect("home")
    return render(request, "accounts/erase.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    form_class = QueuedPasswordResetForm
    template_name = "accounts/password_reset.html"
    email_template_name = "emails/password_reset.txt"
    subject_template_name = "emails/password_reset.subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: QueuedPasswordResetForm) -> HttpResponse:
        try:
            allowed = actions.check_password_reset(
                email=form.cleaned_data["email"], ip=client_ip(self.request)
            )
        except ActionError as exc:
            add_action_error(form, exc)
            return self.render_to_response(self.get_context_data(form=form), status=exc.status)
        if not allowed:  # the same answer as when an email went out
            return redirect(self.get_success_url())
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    template_name="accounts/password_reset_done.html"
)


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        response = super().form_valid(form)
        actions.do_note_password_reset(user=form.user)
        return response


password_reset_confirm = PasswordResetConfirmView.as_view()
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    template_name="accounts/password_reset_complete.html"
)
