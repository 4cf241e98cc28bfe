"""Learning sessions for tests, made through the services as people make them: planned
now for two hours, and moved on by their facilitator to the phase a test needs."""

import datetime
from typing import Any

from django.utils import timezone

from samenspel.learning_sessions import services
from samenspel.learning_sessions.constants import SessionKind
from samenspel.learning_sessions.models import LearningSession


def plan_session(
    programme: Any, facilitator: Any, participants: list[Any] | None = None, **options: Any
) -> LearningSession:
    """A team session starting now (options: title, anonymous, kind, … as session_plan)."""
    start = timezone.now().replace(microsecond=0)
    return services.session_plan(
        programme=programme,
        kind=options.pop("kind", SessionKind.TEAM),
        title=options.pop("title", "Leersessie maart"),
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        facilitator=facilitator,
        by=facilitator,
        participants=list(participants or []),
        **options,
    )


def advance_to(session: LearningSession, phase: str) -> LearningSession:
    """The session, moved on by its facilitator until it is in `phase`."""
    session.refresh_from_db()
    while session.phase != phase:
        services.session_advance(session=session, by=session.facilitator, expected=session.phase)
        session.refresh_from_db()
    return session
