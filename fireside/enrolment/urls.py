from django.urls import path

from fireside.enrolment import views

app_name = "enrolment"
urlpatterns = [
    path("programs/<int:program_id>/", views.upload, name="upload"),
    path("programs/<int:program_id>/sample.csv", views.sample, name="sample"),
    path("<int:import_id>/", views.detail, name="detail"),
    path("<int:import_id>/confirm/", views.confirm, name="confirm"),
]
