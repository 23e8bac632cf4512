from django.urls import path

from fireside.inbound import views

app_name = "inbound"
urlpatterns = [
    path("email", views.email, name="email"),
]
