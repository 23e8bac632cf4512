from django.urls import path

from fireside.certificates import views

app_name = "certificates"
urlpatterns = [
    path("", views.mine, name="mine"),
    path("programs/<int:program_id>/new/", views.generate, name="generate"),
    path("programs/<int:program_id>/issued/", views.manage, name="manage"),
    path("programs/<int:program_id>/bulk/", views.bulk, name="bulk"),
    path("bulk/<int:batch_id>/", views.batch, name="batch"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/<str:code>/", views.verify, name="verify"),
    path("<str:code>/certificate.pdf", views.pdf, name="pdf"),
    path("<str:code>/revoke/", views.revoke, name="revoke"),
]
