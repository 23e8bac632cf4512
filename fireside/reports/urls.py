from django.urls import path

from fireside.reports import views

app_name = "reports"

urlpatterns = [
    path("programs/<int:program_id>/", views.program, name="program"),
    path("programs/<int:program_id>/report.csv", views.program_csv, name="program_csv"),
    path("programs/<int:program_id>/report.pdf", views.program_pdf, name="program_pdf"),
    path("programs/<int:program_id>/pdf/", views.pdf_status, name="pdf_status"),
    path(
        "programs/<int:program_id>/charts/<slug:key>.svg",
        views.program_chart,
        name="program_chart",
    ),
    path(
        "communities/<int:community_id>/progress/",
        views.community_progress,
        name="community_progress",
    ),
    path(
        "communities/<int:community_id>/progress/<slug:chart>.svg",
        views.community_chart,
        name="community_chart",
    ),
]
