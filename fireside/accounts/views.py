from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import SetPasswordForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import i18n
from django.views.decorators.http import require_POST

from fireside.accounts import actions
from fireside.accounts.forms import (
    EraseForm,
    LoginForm,
    ProfileForm,
    QueuedPasswordResetForm,
    SignupForm,
)
from fireside.accounts.models import User
from fireside.accounts.tokens import user_for_verification_token
from fireside.lib.errors import ActionError
from fireside.lib.forms import add_action_error
from fireside.lib.http import actor
from fireside.lib.i18n import supported

BACKEND = "django.contrib.auth.backends.ModelBackend"


def _next(request: HttpRequest, default: str = "home") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return target
    return str(reverse_lazy(default))


def _requested_next(request: HttpRequest) -> str:
    """The page asked for, carried through the form; checked again by _next() on use."""
    return request.POST.get("next") or request.GET.get("next") or ""


def signup(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("home")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            # The language the form was read in is the person's, until they choose another.
            language = supported(get_language())
            user = actions.check_register_user(**form.cleaned_data, language=language)
        except ActionError as exc:
            add_action_error(form, exc)
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
    return render(request, "accounts/signup.html", {"form": form, "next": _requested_next(request)})


def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = actions.check_credentials(
                ip=request.META.get("REMOTE_ADDR", ""), **form.cleaned_data
            )
        except ActionError as exc:
            add_action_error(form, exc)
            status = exc.status if exc.status == 429 else 200
            return render(
                request,
                "accounts/login.html",
                {"form": form, "next": _requested_next(request)},
                status=status,
            )
        login(request, user, backend=BACKEND)
        return redirect(_next(request))
    return render(request, "accounts/login.html", {"form": form, "next": _requested_next(request)})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    messages.info(request, _("You are signed out."))
    return redirect("home")


def verify(request: HttpRequest, token: str) -> HttpResponse:
    user = user_for_verification_token(token)
    if user is None:
        return render(request, "accounts/verify_failed.html", status=400)
    actions.do_verify_email(user=user)
    messages.success(request, _("Thank you: your email address is confirmed."))
    return redirect("accounts:profile" if request.user.is_authenticated else "accounts:login")


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
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            actions.check_update_profile(user=User.objects.get(pk=user.pk), **fields)
        except ActionError as exc:
            add_action_error(form, exc)
        else:
            if fields["language"]:
                translation.activate(fields["language"])  # say it in the language just chosen
            messages.success(request, _("Your profile is saved."))
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


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


password_reset = auth_views.PasswordResetView.as_view(
    form_class=QueuedPasswordResetForm,
    template_name="accounts/password_reset.html",
    email_template_name="emails/password_reset.txt",
    subject_template_name="emails/password_reset.subject.txt",
    success_url=reverse_lazy("accounts:password_reset_done"),
)
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
