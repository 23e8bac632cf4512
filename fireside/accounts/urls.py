from django.urls import path

from fireside.accounts import views

app_name = "accounts"
urlpatterns = [
    path("signup/", views.signup, name="signup"),
    path("login/", views.login_view, name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", views.logout_view, name="logout"),
    path("verify/resend/", views.resend_verification, name="resend_verification"),
    path("verify/<str:token>/", views.verify, name="verify"),
    path("profile/", views.profile, name="profile"),
    path("language/", views.set_language, name="set_language"),
    path("profile/export/", views.export, name="export"),
    path("profile/photo/", views.photo, name="photo"),
    path("profile/photo/remove/", views.photo_remove, name="photo_remove"),
    path("people/<int:user_id>/photo/<int:size>/", views.photo_image, name="photo_image"),
    path("profile/two-step/", views.two_factor_page, name="two_factor"),
    path("profile/tokens/<int:token_id>/revoke/", views.revoke_token, name="revoke_token"),
    path("profile/email/", views.change_email, name="change_email"),
    path("email/confirm/<str:token>/", views.confirm_email_change, name="confirm_email_change"),
    path("email/cancel/<str:token>/", views.cancel_email_change, name="cancel_email_change"),
    path("profile/erase/", views.erase, name="erase"),
    path("password-reset/", views.password_reset, name="password_reset"),
    path("password-reset/sent/", views.password_reset_done, name="password_reset_done"),
    path(
        "password-reset/<uidb64>/<token>/",
        views.password_reset_confirm,
        name="password_reset_confirm",
    ),
    path("password-reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
