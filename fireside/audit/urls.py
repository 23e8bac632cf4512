from django.urls import path

from fireside.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.everything, name="all"),
    path("programs/<int:program_id>/", views.program, name="program"),
]
