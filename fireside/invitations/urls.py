from django.urls import path

from fireside.invitations import views

app_name = "invitations"
urlpatterns = [
    # The emailed link: the token is the key (only its hash is stored).
    path("<str:invitation_token>/", views.accept, name="accept"),
    path("<str:invitation_token>/decline/", views.decline, name="decline"),
]
