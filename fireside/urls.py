from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from fireside.api.urls import api
from fireside.communities import home_views, program_urls
from fireside.lib import http
from fireside.programs import urls as own_program_urls

urlpatterns = [
    path("", home_views.home, name="home"),
    path("healthz", http.healthz, name="healthz"),
    path("accounts/", include("fireside.accounts.urls")),
    # One namespace for a program's pages, whichever app builds them (programs, communities).
    path(
        "programs/",
        include((own_program_urls.urlpatterns + program_urls.urlpatterns, "programs")),
    ),
    path("communities/", include("fireside.communities.urls")),
    path("gatherings/", include("fireside.gatherings.urls")),
    path("conversations/", include("fireside.conversations.urls")),
    path("notifications/", include("fireside.notifications.urls")),
    path("search/", include("fireside.search.urls")),
    path("mentoring/", include("fireside.mentoring.urls")),
    path("surveys/", include("fireside.surveys.urls")),
    path("hours/", include("fireside.hours.urls")),
    path("certificates/", include("fireside.certificates.urls")),
    path("enrolment/", include("fireside.enrolment.urls")),
    path("stories/", include("fireside.stories.urls")),
    path("themes/", include("fireside.themes.urls")),
    path("reports/", include("fireside.reports.urls")),
    path("audit/", include("fireside.audit.urls")),
    path("announcements/", include("fireside.announcements.urls")),
    path("activities/", include("fireside.activities.urls")),
    path("library/", include("fireside.library.urls")),
    path("invitations/", include("fireside.invitations.urls")),
    path("inbound/", include("fireside.inbound.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
# The benchmark's floor (fireside/demo) exists only when BENCH is on: a site has no /bench/.
if settings.BENCH:
    urlpatterns.append(path("bench/", include("fireside.demo.urls")))

handler400 = "fireside.lib.http.bad_request"
handler403 = "fireside.lib.http.forbidden"
handler404 = "fireside.lib.http.not_found"
handler500 = "fireside.lib.http.server_error"
