from django.urls import path

from fireside.themes import views

app_name = "themes"
urlpatterns = [
    path("community/<int:community_id>/", views.community, name="community"),
    path("programs/<int:program_id>/", views.program, name="program"),
]
