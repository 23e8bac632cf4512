from django.urls import path

from fireside.hours import views

app_name = "hours"
urlpatterns = [
    path("", views.index, name="index"),
    path("programs/<int:program_id>/", views.ledger, name="ledger"),
    path("programs/<int:program_id>/everyone/", views.for_program, name="program"),
    path("programs/<int:program_id>/everyone.csv", views.for_program_csv, name="program_csv"),
]
