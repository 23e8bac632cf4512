"""Mounts every app's endpoints on the one v1 API object."""

from fireside.api import (
    accounts,
    communities,
    conversations,
    gatherings,
    program_words,
    programs,
    search,
)
from fireside.api.activities import router as activities_router
from fireside.api.announcements import router as announcements_router
from fireside.api.checkin import router as checkin_router
from fireside.api.connection_review import router as connection_review_router
from fireside.api.core import api
from fireside.api.drafts import router as drafts_router
from fireside.api.enrolment import router as enrolment_router
from fireside.api.guests import router as guests_router
from fireside.api.help import router as help_router
from fireside.api.hours import router as hours_router
from fireside.api.invitations import router as invitations_router
from fireside.api.library import router as library_router
from fireside.api.matching_questions import router as matching_questions_router
from fireside.api.mentoring import router as mentoring_router
from fireside.api.pair_messages import router as pair_messages_router
from fireside.api.pair_space import router as pair_space_router
from fireside.api.partner_requests import router as partner_requests_router
from fireside.api.polls import router as polls_router
from fireside.api.reactions import router as reactions_router
from fireside.api.reports import router as reports_router
from fireside.api.rhythm import router as rhythm_router
from fireside.api.rollover import router as rollover_router
from fireside.api.survey_builder import router as survey_builder_router
from fireside.api.survey_goals import router as survey_goals_router
from fireside.api.surveys import router as surveys_router
from fireside.api.themes import router as themes_router
from fireside.api.time_entries import router as time_entries_router
from fireside.api.unread import router as unread_router

api.add_router("", accounts.router)
api.add_router("", programs.router)
api.add_router("", program_words.router)
api.add_router("", communities.router)
api.add_router("", gatherings.router)
api.add_router("", conversations.router)
api.add_router("", drafts_router)
api.add_router("", reactions_router)
api.add_router("", unread_router)
api.add_router("", search.router)
api.add_router("", mentoring_router)
api.add_router("", connection_review_router)
api.add_router("", pair_messages_router)
api.add_router("", partner_requests_router)
api.add_router("", matching_questions_router)
api.add_router("", pair_space_router)
api.add_router("", surveys_router)
api.add_router("", survey_builder_router)
api.add_router("", survey_goals_router)
api.add_router("", themes_router)
api.add_router("", hours_router)
api.add_router("", reports_router)
api.add_router("", rhythm_router)
api.add_router("", checkin_router)

api.add_router("", guests_router)
api.add_router("", polls_router)
api.add_router("", announcements_router)
api.add_router("", activities_router)
api.add_router("", time_entries_router)
api.add_router("", library_router)
api.add_router("", rollover_router)
api.add_router("", help_router)
api.add_router("", invitations_router)
api.add_router("", enrolment_router)
