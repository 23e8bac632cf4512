from django.urls import path

from fireside.invitations import views

app_name = "invitations"
urlpatterns = [
    path("programs/<int:program_id>/", views.program_invitations, name="program"),
    path("groups/<int:community_id>/", views.community_invitations, name="community"),
    path("<int:invitation_id>/resend/", views.resend, name="resend"),
    path("<int:invitation_id>/withdraw/", views.withdraw, name="withdraw"),
    # The emailed link: the token is the key (only its hash is stored).
    path("<str:invitation_token>/", views.accept, name="accept"),
    path("<str:invitation_token>/decline/", views.decline, name="decline"),
]
