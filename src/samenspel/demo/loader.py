"""Builds the demo programme of content.py through the services, so that every record and
every audit event is made the way the application makes it.

The services stamp everything with "now". A demo should show two years of history that
ends today, so each call runs inside `_Builder.at(moment)`: the audit events written in
that block get that moment (collected as they are saved, written back in bulk at the
end), and the builder moves the records' own timestamps the same way. Randomness (dates
within a phase, which observation is picked) comes from one seeded `random.Random`, so
the same day gives the same demo.
"""

import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth.hashers import make_password
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count
from django.db.models.signals import post_save
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.accounts.services import user_create
from samenspel.coaching import services as coaching
from samenspel.coaching.models import (
    Coaching,
    CoachingConversation,
    DevelopmentGoal,
    GoalStep,
)
from samenspel.common.models import AuditEvent
from samenspel.compass import goal_services
from samenspel.compass import services as compass
from samenspel.compass.constants import DEFAULT_TEMPLATE, Perspective, Subject
from samenspel.compass.models import AnswerLink, Assessment, Compass, Facet
from samenspel.cycles.constants import CycleState, Decision, ObservationKind
from samenspel.cycles.models import (
    Adjustment,
    Expectation,
    LearningCycle,
    Observation,
    Review,
)
from samenspel.cycles.selectors import overdue_q
from samenspel.cycles.services import (
    adjustment_record,
    cycle_abandon,
    cycle_create,
    cycle_start,
    expectation_record,
    observation_add,
    review_record,
)
from samenspel.demo import content
from samenspel.demo.content import Idea, Movement, Person, SessionPlan, Step, VoicePlan
from samenspel.insights.search_models import SearchIndexState
from samenspel.insights.search_services import search_index_build
from samenspel.insights.theme_models import ThemeAnalysis
from samenspel.insights.theme_services import themes_analyse
from samenspel.journal import services as journal_services
from samenspel.journal import voice_selectors, voice_services
from samenspel.journal.constants import Consent, VoiceSource
from samenspel.journal.models import (
    Chapter,
    Journal,
    Publication,
    Rendering,
    ReviewComment,
    Voice,
)
from samenspel.journal.text import markdown_blocks
from samenspel.learning_sessions import services as sessions
from samenspel.learning_sessions.constants import SessionKind, SessionPhase
from samenspel.learning_sessions.models import (
    Action,
    AgendaProposal,
    Contribution,
    Course,
    Insight,
    LearningSession,
    Participant,
    Theme,
)
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus
from samenspel.programmes.models import (
    Area,
    Initiative,
    LearningQuestion,
    LearningQuestionVersion,
    Membership,
    Programme,
)
from samenspel.programmes.services import (
    area_create,
    default_review_questions,
    initiative_create,
    initiative_update,
    membership_add,
    programme_create,
    question_create,
    question_update,
)

DEMO_SLUG = "samenspel"
DEMO_DOMAIN = "demo.samenspel.nl"
DEMO_PASSWORD = "samenspel-demo"
SEED = 2016

# The programme began two years ago and runs until half a year from now.
DAYS_BEFORE_TODAY = 730
DAYS_AFTER_TODAY = 182
# A finished cycle takes about this long; a cycle never takes less than MIN_SLOT_DAYS.
SLOT_DAYS = 110
MIN_SLOT_DAYS = 60
STAMP_UID = "samenspel.demo.stamp_audit_events"


@dataclass(frozen=True)
class Login:
    role: str
    email: str
    password: str


@dataclass(frozen=True)
class DemoSummary:
    questions: int
    reformulated: int
    cycles: dict[str, int]
    overdue: int
    events: int


def demo_email(person: Person) -> str:
    return f"{person.email}@{DEMO_DOMAIN}"


def demo_logins() -> list[Login]:
    """One log-in per role, then the superuser for the admin site."""
    logins = [
        Login(str(person.role.label), demo_email(person), DEMO_PASSWORD)
        for person in content.PEOPLE
        if person.role is not None and person.key == person.role.value
    ]
    logins += [
        Login(_("Superuser (admin site)"), demo_email(person), DEMO_PASSWORD)
        for person in content.PEOPLE
        if person.superuser
    ]
    return logins


def demo_exists() -> bool:
    return Programme.objects.filter(slug=DEMO_SLUG).exists()


@transaction.atomic
def demo_remove() -> None:
    """Remove the demo programme (with everything it owns) and the demo accounts."""
    # Initiatives first: an area protects its initiatives from being deleted with it.
    Initiative.objects.filter(programme__slug=DEMO_SLUG).delete()
    # Assessments (with their scores) before the compass: a facet protects its scores.
    Assessment.objects.filter(programme__slug=DEMO_SLUG).delete()
    programme_ids = list(Programme.objects.filter(slug=DEMO_SLUG).values_list("pk", flat=True))
    AuditEvent.objects.filter(programme_id__in=programme_ids).delete()
    _remove_coaching_events(programme_ids)
    # A session's own events name no programme (learning_sessions.services): found by
    # the objects they concern.
    for model, path in [
        (LearningSession, "programme_id__in"),
        (Theme, "session__programme_id__in"),
        (Insight, "session__programme_id__in"),
        (Action, "session__programme_id__in"),
        (AgendaProposal, "session__programme_id__in"),
        (Course, "programme_id__in"),
        # The helicopter view's analyses and search index name no programme in their
        # events either (insights: they would be heard as a change of the programme).
        (ThemeAnalysis, "programme_id__in"),
        (SearchIndexState, "programme_id__in"),
    ]:
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=list(
                model._default_manager.filter(**{path: programme_ids}).values_list("pk", flat=True)
            ),
        ).delete()
    # Asking for a file of the travel report names no programme either (journal.
    # rendering_services).
    AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Rendering),
        target_id__in=list(
            Rendering.objects.filter(journal__programme_id__in=programme_ids).values_list(
                "pk", flat=True
            )
        ),
    ).delete()
    Programme.objects.filter(pk__in=programme_ids).delete()
    users = User.objects.filter(email__iendswith=f"@{DEMO_DOMAIN}")
    AuditEvent.objects.filter(
        action="user.create", target_id__in=list(users.values_list("pk", flat=True))
    ).delete()
    users.delete()


def _remove_coaching_events(programme_ids: list[int]) -> None:
    """Coaching's audit events carry no programme (coaching.services): find them by
    the records they are about. The records themselves go with the programme."""
    coachings = Coaching.objects.filter(programme_id__in=programme_ids)
    targets = [
        (Coaching, coachings),
        (CoachingConversation, CoachingConversation.objects.filter(coaching__in=coachings)),
        (DevelopmentGoal, DevelopmentGoal.objects.filter(coaching__in=coachings)),
    ]
    for model, rows in targets:
        AuditEvent.objects.filter(
            target_type=ContentType.objects.get_for_model(model),
            target_id__in=list(rows.values_list("pk", flat=True)),
        ).delete()


@transaction.atomic
def demo_load(
    *,
    progress: Callable[[str], None] | None = None,
    today: date | None = None,
    seed: int = SEED,
) -> DemoSummary:
    """Build the demo programme; `demo_exists()` must be False (the slug is unique)."""
    builder = _Builder(
        today=today or timezone.localdate(),
        rng=random.Random(seed),
        seed=seed,
        progress=progress or (lambda message: None),
    )
    return builder.build()


@dataclass(frozen=True)
class _Slot:
    """One cycle to lay out in time: the step it works on, and whether it is abandoned."""

    step: Step
    title: str
    abandoned: bool = False


class _Builder:
    programme: Programme

    def __init__(
        self, *, today: date, rng: random.Random, seed: int, progress: Callable[[str], None]
    ) -> None:
        self.today = today
        self.seed = seed
        self.start = today - timedelta(days=DAYS_BEFORE_TODAY)
        self.now = timezone.now()
        self.rng = rng
        self.progress = progress
        self.people: dict[str, User] = {}
        self.areas: dict[str, Area] = {}
        self.questions: dict[int, LearningQuestion] = {}
        self._when: datetime | None = None
        self._stamps: list[AuditEvent] = []

    # Time ------------------------------------------------------------------------------

    def day(self, offset: int) -> date:
        return self.start + timedelta(days=offset)

    def offset(self, day: date) -> int:
        return (day - self.start).days

    def moment(self, day: date, hour: int) -> datetime:
        when = timezone.make_aware(datetime.combine(day, time(hour, self.rng.randint(0, 59))))
        return min(when, self.now)

    @contextmanager
    def at(self, when: datetime) -> Iterator[None]:
        """Whatever the services audit inside this block happened at `when`."""
        self._when = when
        try:
            yield
        finally:
            self._when = None

    def _stamp(
        self, sender: type[AuditEvent], instance: AuditEvent, created: bool, **kwargs: Any
    ) -> None:
        if created and self._when is not None:
            self._stamps.append(AuditEvent(pk=instance.pk, at=self._when))

    # The story -------------------------------------------------------------------------

    def build(self) -> DemoSummary:
        post_save.connect(self._stamp, sender=AuditEvent, weak=False, dispatch_uid=STAMP_UID)
        try:
            self._tell()
        finally:
            post_save.disconnect(sender=AuditEvent, dispatch_uid=STAMP_UID)
        AuditEvent.objects.bulk_update(self._stamps, ["at"], batch_size=500)
        return self._summary()

    def _tell(self) -> None:
        self.progress(_("Creating the people and the programme…"))
        self._people()
        self._programme()
        self.progress(_("Writing the learning agenda…"))
        self._learning_agenda()
        self.progress(
            _("Creating %(areas)d areas and %(initiatives)d initiatives…")
            % {
                "areas": len(content.VILLAGES),
                "initiatives": len(content.CHOSEN) + len(content.IDEAS),
            }
        )
        self._areas()
        chosen = self._initiatives()
        self.progress(
            _("Running two years of learning cycles on %(count)d chosen initiatives…")
            % {"count": len(chosen)}
        )
        for initiative, idea in chosen:
            self._journey(initiative, idea)
        self.progress(_("Writing down a year of coaching of a civil servant…"))
        self._coaching()
        self.progress(
            _("Holding a year of learning sessions (%(count)d)…")
            % {"count": len(content.SESSIONS) + 1}
        )
        self._learning_sessions()
        # Last, with its own random numbers: the story before it stays as it was.
        self.progress(_("Filling in the compass every quarter for two years…"))
        self._compass()
        self.progress(_("Writing the travel report: a published version and a draft…"))
        self._travel_report()
        # The helicopter view's stored results, so that its pages show them at once (a
        # worker would make them after the first change).
        self.progress(_("Finding the recurring themes and building the search index…"))
        themes_analyse(programme=self.programme)
        search_index_build(programme=self.programme)

    def _people(self) -> None:
        # One hash for everyone: hashing is slow on purpose, and the demo password is shared.
        password = make_password(DEMO_PASSWORD)
        joined = self.moment(self.day(-35), 9)
        for person in content.PEOPLE:
            email = demo_email(person)
            user = User.objects.filter(email__iexact=email).first()
            if user is None:
                with self.at(joined):
                    user = user_create(email=email, name=person.name, by=None)
            User.objects.filter(pk=user.pk).update(
                name=person.name,
                password=password,
                is_active=True,
                is_staff=person.superuser,
                is_superuser=person.superuser,
                date_joined=joined,
            )
            self.people[person.key] = user

    def _programme(self) -> None:
        admin = self.people["administrator"]
        ends_on = self.today + timedelta(days=DAYS_AFTER_TODAY)
        created = self.moment(self.day(-30), 10)
        with self.at(created):
            self.programme = programme_create(
                name=content.PROGRAMME_NAME.format(start=self.start.year, end=ends_on.year),
                slug=DEMO_SLUG,
                learning_goal=content.LEARNING_GOAL,
                description=content.DESCRIPTION,
                starts_on=self.start,
                ends_on=ends_on,
                review_questions=default_review_questions("nl"),
                by=admin,
            )
        Programme.objects.filter(pk=self.programme.pk).update(created_at=created)
        joined = self.moment(self.day(-28), 11)
        with self.at(joined):
            for person in content.PEOPLE:
                if person.role is not None:
                    membership_add(
                        programme=self.programme,
                        user=self.people[person.key],
                        role=person.role,
                        by=admin,
                    )
        Membership.objects.filter(programme=self.programme).update(created_at=joined)

    def _areas(self) -> None:
        created = self.moment(self.day(-28), 12)
        with self.at(created):
            for name, description in content.VILLAGES:
                self.areas[name] = area_create(
                    programme=self.programme,
                    name=name,
                    description=description,
                    by=self.people["administrator"],
                )

    def _learning_agenda(self) -> None:
        facilitator = self.people["facilitator"]
        for number, entry in enumerate(content.LEARNING_AGENDA, start=1):
            for version, (offset, text) in enumerate(entry.wordings, start=1):
                when = self.moment(self.day(offset), 14)
                with self.at(when):
                    if version == 1:
                        question = question_create(
                            programme=self.programme, text=text, by=facilitator
                        )
                    else:
                        question = question_update(
                            question=question,
                            text=text,
                            status=question.status,
                            by=facilitator,
                            expected_version=question.version,
                        )
                LearningQuestionVersion.objects.filter(question=question, number=version).update(
                    recorded_at=when
                )
                if version == 1:
                    LearningQuestion.objects.filter(pk=question.pk).update(created_at=when)
            if entry.status != QuestionStatus.OPEN:
                with self.at(self.moment(self.day(entry.status_on), 15)):
                    question_update(
                        question=question,
                        text=question.text,
                        status=entry.status,
                        answer=entry.answer,
                        by=facilitator,
                        expected_version=question.version,
                    )
            self.questions[number] = question

    def _initiatives(self) -> list[tuple[Initiative, Idea]]:
        """Create every idea on the day it came in (most at the ideas market, a few later),
        and choose the experiments. Returns the chosen ones."""
        dated: list[tuple[int, Idea]] = []
        for idea in content.CHOSEN:
            assert idea.plan is not None
            dated.append((min(idea.plan.first_cycle - 30, self.rng.randint(-25, 30)), idea))
        for index, idea in enumerate(content.IDEAS):
            dated.append(
                (self.rng.randint(-25, 40) if index < 15 else self.rng.randint(60, 650), idea)
            )
        dated.sort(key=lambda pair: pair[0])

        chosen = []
        for offset, idea in dated:
            contact = self.people[idea.contact] if idea.contact else None
            when = self.moment(self.day(offset), 13)
            with self.at(when):
                initiative = initiative_create(
                    programme=self.programme,
                    title=idea.title,
                    by=contact or self.people["facilitator"],
                    initiator_accounts=[self.people[key] for key in idea.initiator_accounts],
                    area=self.areas[idea.area],
                    summary=idea.summary,
                    initiators=idea.initiators,
                    contact=contact,
                    societal_task=idea.societal_task,
                    municipal_contribution=Decimal(idea.municipal),
                    resident_contribution=Decimal(idea.resident),
                    other_contribution=Decimal(idea.other),
                )
            Initiative.objects.filter(pk=initiative.pk).update(created_at=when, updated_at=when)
            if idea.plan is not None:
                # The first experiments were chosen at the selection evening; later ones
                # shortly before their first cycle.
                selected = max(offset + 14, 45, idea.plan.first_cycle - 20)
                self._set_status(initiative, InitiativeStatus.RUNNING, self.day(selected))
                chosen.append((initiative, idea))
        return chosen

    def _set_status(self, initiative: Initiative, status: InitiativeStatus, day: date) -> None:
        when = self.moment(min(day, self.today), 16)
        with self.at(when):
            initiative_update(
                initiative=initiative,
                status=status,
                by=self.people["facilitator"],
                expected_version=initiative.version,
            )
        Initiative.objects.filter(pk=initiative.pk).update(updated_at=when)

    # One initiative's cycles -----------------------------------------------------------

    def _slots(self, idea: Idea, steps: int) -> list[_Slot]:
        """The cycles of the first `steps` steps, a retry after an abandoned attempt."""
        assert idea.plan is not None
        slots = []
        for index, step in enumerate(idea.steps[:steps]):
            if index == idea.plan.abandon_step:
                slots.append(_Slot(step, step.title, abandoned=True))
                slots.append(_Slot(step, step.title + content.RETRY_SUFFIX))
            else:
                slots.append(_Slot(step, step.title))
        return slots

    def _fit(self, slots: list[_Slot], begin: date, end: date) -> list[tuple[_Slot, date, date]]:
        """As many slots as fit between `begin` and `end`, spread evenly."""
        days = (end - begin).days
        count = min(len(slots), round(days / SLOT_DAYS), days // MIN_SLOT_DAYS)
        if count == 0:
            return []
        span = days / count
        return [
            (
                slot,
                begin + timedelta(days=round(i * span)),
                begin + timedelta(days=round((i + 1) * span)),
            )
            for i, slot in enumerate(slots[:count])
        ]

    def _journey(self, initiative: Initiative, idea: Idea) -> None:
        plan = idea.plan
        assert plan is not None
        first = self.day(plan.first_cycle)
        previous: LearningCycle | None = None

        if plan.status in (InitiativeStatus.COMPLETED, InitiativeStatus.STOPPED):
            end = self.today - timedelta(days=plan.ended_days_ago)
            fitted = self._fit(self._slots(idea, len(idea.steps)), first, end)
            if not fitted:  # too short for a whole cycle: give it one anyway
                fitted = [
                    (
                        self._slots(idea, 1)[0],
                        first,
                        max(end, first + timedelta(days=MIN_SLOT_DAYS)),
                    )
                ]
            for slot, begin, finish in fitted[:-1]:
                previous = self._past_cycle(initiative, idea, slot, begin, finish, previous)
            slot, begin, finish = fitted[-1]
            if plan.last_state == CycleState.ABANDONED:
                abandoned = _Slot(slot.step, slot.title, abandoned=True)
                self._past_cycle(initiative, idea, abandoned, begin, finish, previous, final=True)
            else:
                completed = plan.status == InitiativeStatus.COMPLETED
                self._past_cycle(
                    initiative,
                    idea,
                    slot,
                    begin,
                    finish,
                    previous,
                    decision=self.rng.choice([Decision.SCALE_UP, Decision.CONTINUE])
                    if completed
                    else Decision.STOP,
                    text=self.rng.choice(
                        content.ADJUSTMENT_COMPLETED if completed else content.ADJUSTMENT_STOPPED
                    ),
                )
            self._set_status(initiative, plan.status, end)
            return

        dates = self._open_dates(idea)
        last_start = dates["starts_on"]
        first = min(first, last_start)
        fitted = self._fit(self._slots(idea, len(idea.steps) - 1), first, last_start)
        for slot, begin, finish in fitted:
            previous = self._past_cycle(initiative, idea, slot, begin, finish, previous)
        used = [slot for slot, _begin, _finish in fitted]
        if used and used[-1].abandoned:
            current = _Slot(used[-1].step, used[-1].title + content.RETRY_SUFFIX)
        else:
            step = idea.steps[len([slot for slot in used if not slot.abandoned])]
            current = _Slot(step, step.title)
        if plan.status == InitiativeStatus.CONTINUED:
            self._set_status(initiative, plan.status, last_start - timedelta(days=1))
        self._open_cycle(initiative, idea, current, dates, previous)

    def _open_dates(self, idea: Idea) -> dict[str, date]:
        """Due dates of the open cycle, so that today falls in the planned phase and the
        phase is overdue exactly when the plan says so."""
        assert idea.plan is not None
        state, overdue = idea.plan.last_state, idea.plan.overdue
        jitter = self.rng.randint(0, 4)
        today = self.today

        def ago(days: int) -> date:
            return today - timedelta(days=days + jitter)

        def later(days: int) -> date:
            return today + timedelta(days=days - jitter)

        if state == CycleState.DRAFT:
            starts_on = ago(30) if overdue else ago(3)
            expectation_due = starts_on + timedelta(days=14)
            review_due = expectation_due + timedelta(days=90)
            return {
                "starts_on": starts_on,
                "expectation_due": expectation_due,
                "review_due": review_due,
                "adjustment_due": review_due + timedelta(days=14),
            }
        if state == CycleState.ACTING:
            starts_on = ago(135) if overdue else ago(45)
            review_due = ago(10) if overdue else later(50)
            return {
                "starts_on": starts_on,
                "expectation_due": starts_on + timedelta(days=14),
                "review_due": review_due,
                "adjustment_due": review_due + timedelta(days=14),
            }
        # Reviewed: the review is done, the adjustment is (over)due.
        starts_on = ago(160) if overdue else ago(120)
        review_due = ago(35) if overdue else ago(6)
        return {
            "starts_on": starts_on,
            "expectation_due": starts_on + timedelta(days=14),
            "review_due": review_due,
            "adjustment_due": ago(20) if overdue else later(9),
            "reviewed_on": review_due + timedelta(days=2),
        }

    def _create_cycle(
        self,
        initiative: Initiative,
        idea: Idea,
        title: str,
        previous: LearningCycle | None,
        **dates: date,
    ) -> LearningCycle:
        starts = self.offset(dates["starts_on"])
        questions = [
            self.questions[number]
            for number in idea.questions
            if content.LEARNING_AGENDA[number - 1].is_on_agenda(starts)
        ]
        assert idea.contact is not None
        when = self.moment(dates["starts_on"], 9)
        with self.at(when):
            cycle = cycle_create(
                initiative=initiative,
                title=title,
                owner=self.people[idea.contact],
                by=self.people[idea.contact],
                learning_questions=questions,
                previous=previous,
                **dates,
            )
        LearningCycle.objects.filter(pk=cycle.pk).update(created_at=when, state_changed_at=when)
        return cycle

    def _past_cycle(
        self,
        initiative: Initiative,
        idea: Idea,
        slot: _Slot,
        begin: date,
        finish: date,
        previous: LearningCycle | None,
        *,
        final: bool = False,
        decision: str | None = None,
        text: str = "",
    ) -> LearningCycle:
        """A cycle that ran between `begin` and `finish` and is closed by now, or abandoned
        if its slot says so. `final`: the last cycle of an initiative that has ended."""
        expectation_due = begin + timedelta(days=14)
        review_due = max(finish - timedelta(days=21), expectation_due + timedelta(days=14))
        cycle = self._create_cycle(
            initiative,
            idea,
            slot.title,
            previous,
            starts_on=begin,
            expectation_due=expectation_due,
            review_due=review_due,
            adjustment_due=max(finish - timedelta(days=7), review_due),
        )
        if slot.abandoned and not final and self.rng.random() < 0.4:
            # Never got going: no expectation was written.
            day = expectation_due + timedelta(days=self.rng.randint(7, 20))
            self._abandon(cycle, day, reasons="draft")
            return cycle
        started = self._expect_and_start(
            cycle, idea, slot.step, begin + timedelta(days=self.rng.randint(3, 16))
        )
        if slot.abandoned:
            halfway = started + timedelta(days=(review_due - started).days // 2)
            self._observe(cycle, idea, started, halfway, count=self.rng.randint(1, 2))
            self._abandon(cycle, halfway, reasons="final" if final else "acting")
            return cycle
        reviewed = review_due + timedelta(days=self.rng.randint(-5, 6))
        self._observe(cycle, idea, started, reviewed, count=self.rng.randint(2, 4))
        self._review(cycle, reviewed)
        adjusted = reviewed + timedelta(days=self.rng.randint(1, 5))
        if decision is None:
            decision = self.rng.choices(
                [Decision.CONTINUE, Decision.CHANGE, Decision.SCALE_UP], weights=[5, 4, 1]
            )[0]
            text = self.rng.choice(content.ADJUSTMENTS[Decision(decision)])
        when = self.moment(adjusted, 16)
        with self.at(when):
            adjustment_record(
                cycle=cycle,
                decision=decision,
                text=text,
                by=cycle.owner,
                closed_on=timezone.localdate(when),
            )
        Adjustment.objects.filter(cycle=cycle).update(recorded_at=when)
        LearningCycle.objects.filter(pk=cycle.pk).update(state_changed_at=when)
        return cycle

    def _open_cycle(
        self,
        initiative: Initiative,
        idea: Idea,
        slot: _Slot,
        dates: dict[str, date],
        previous: LearningCycle | None,
    ) -> None:
        assert idea.plan is not None
        state = idea.plan.last_state
        reviewed_on = dates.pop("reviewed_on", None)
        cycle = self._create_cycle(initiative, idea, slot.title, previous, **dates)
        begin = dates["starts_on"]
        if state == CycleState.DRAFT:
            if idea.plan.expectation_written:
                self._expect(cycle, idea, slot.step, min(begin + timedelta(days=1), self.today))
            return
        started = self._expect_and_start(
            cycle, idea, slot.step, begin + timedelta(days=self.rng.randint(3, 10))
        )
        until = reviewed_on or self.today
        self._observe(cycle, idea, started, until, count=self.rng.randint(2, 4))
        if reviewed_on is not None:
            self._review(cycle, reviewed_on)

    # One cycle's records ---------------------------------------------------------------

    def _expect(self, cycle: LearningCycle, idea: Idea, step: Step, day: date) -> None:
        when = self.moment(day, 10)
        area = idea.area
        with self.at(when):
            expectation_record(
                cycle=cycle,
                intention=step.intention,
                expected_outcome=step.expected,
                success_signs=self.rng.choice(content.SUCCESS_SIGNS).format(area=area),
                by=cycle.owner,
                written_on=timezone.localdate(when),
            )
        Expectation.objects.filter(cycle=cycle).update(recorded_at=when)

    def _expect_and_start(self, cycle: LearningCycle, idea: Idea, step: Step, day: date) -> date:
        """Write the expectation on `day` and start acting then or a day or two later.
        Returns the day acting started."""
        self._expect(cycle, idea, step, day)
        started = day + timedelta(days=self.rng.randint(0, 2))
        when = self.moment(started, 11)
        with self.at(when):
            cycle_start(cycle=cycle, by=cycle.owner, acting_on=timezone.localdate(when))
        LearningCycle.objects.filter(pk=cycle.pk).update(state_changed_at=when)
        return started

    def _observe(
        self, cycle: LearningCycle, idea: Idea, after: date, before: date, *, count: int
    ) -> None:
        """`count` observations on days between `after` and `before` (never in the future),
        by the owner or now and then by an initiator with an account."""
        last = min(before, self.today)
        room = max(1, (last - after).days - 1)
        days = sorted(
            min(after + timedelta(days=self.rng.randint(1, room)), last) for _ in range(count)
        )
        kinds = [ObservationKind.HAPPENED, *self.rng.sample(list(ObservationKind), count - 1)]
        initiators = [self.people[key] for key in idea.initiator_accounts]
        texts = {kind: self.rng.sample(content.OBSERVATIONS[kind.value], count) for kind in kinds}
        for index, (day, kind) in enumerate(zip(days, kinds, strict=True)):
            text = texts[kind].pop().format(area=idea.area, n=self.rng.randint(12, 60))
            by = (
                self.rng.choice(initiators)
                if initiators and self.rng.random() < 0.3
                else cycle.owner
            )
            when = self.moment(day, 12 + index)
            with self.at(when):
                observation = observation_add(
                    cycle=cycle, occurred_on=day, text=text, kind=kind, by=by
                )
            Observation.objects.filter(pk=observation.pk).update(recorded_at=when)

    def _review(self, cycle: LearningCycle, day: date) -> None:
        expectation = Expectation.objects.get(cycle=cycle)
        happened = cycle.observations.filter(kind=ObservationKind.HAPPENED).first()
        answers = [
            f"{expectation.intention} {expectation.expected_outcome}",
            f"{self.rng.choice(content.REVIEW_HAPPENED)} {happened.text if happened else ''}",
            self.rng.choice(content.REVIEW_WHY),
            self.rng.choice(content.REVIEW_LEARN),
            self.rng.choice(content.REVIEW_SHARE),
        ]
        when = self.moment(day, 15)
        with self.at(when):
            review_record(
                cycle=cycle,
                answers=answers,
                by=cycle.owner,
                reviewed_on=timezone.localdate(when),
            )
        Review.objects.filter(cycle=cycle).update(recorded_at=when)
        LearningCycle.objects.filter(pk=cycle.pk).update(state_changed_at=when)

    def _abandon(self, cycle: LearningCycle, day: date, *, reasons: str) -> None:
        when = self.moment(min(day, self.today), 16)
        with self.at(when):
            cycle_abandon(
                cycle=cycle,
                reason=self.rng.choice(content.ABANDON_REASONS[reasons]),
                by=cycle.owner,
                abandoned_on=timezone.localdate(when),
            )
        LearningCycle.objects.filter(pk=cycle.pk).update(state_changed_at=when)

    # Coaching --------------------------------------------------------------------------

    def _coaching(self) -> None:
        """The facilitator coaches a civil servant through the last year: conversations
        about the initiatives they are the contact of, and goals with their course."""
        coach, coachee = self.people[content.COACH], self.people[content.COACHEE]
        started = self.today - timedelta(days=content.COACHING_STARTED_DAYS_AGO)
        with self.at(self.moment(started, 9)):
            coaching_ = coaching.coaching_start(
                programme=self.programme, coachee=coachee, by=coach, started_on=started
            )
        Coaching.objects.filter(pk=coaching_.pk).update(created_at=self.moment(started, 9))
        initiatives = {
            initiative.title: initiative
            for initiative in Initiative.objects.filter(programme=self.programme)
        }
        for talk in content.COACHING_CONVERSATIONS:
            day = self.today - timedelta(days=talk.days_ago)
            when = self.moment(day, 16)
            with self.at(when):
                conversation = coaching.conversation_add(
                    coaching=coaching_,
                    by=self.people[talk.by],
                    held_on=day,
                    initiatives=[initiatives[title] for title in talk.initiatives],
                    what_happened=talk.what_happened,
                    reflection=talk.reflection,
                    agreements=talk.agreements,
                )
            CoachingConversation.objects.filter(pk=conversation.pk).update(recorded_at=when)
        for plan in content.DEVELOPMENT_GOALS:
            day = self.today - timedelta(days=plan.days_ago)
            when = self.moment(day, 17)
            with self.at(when):
                goal = coaching.goal_add(
                    coaching=coaching_,
                    by=coachee,
                    text=plan.text,
                    learning_questions=[self.questions[number] for number in plan.questions],
                    set_on=day,
                )
            DevelopmentGoal.objects.filter(pk=goal.pk).update(recorded_at=when)
            for move in plan.steps:
                day = self.today - timedelta(days=move.days_ago)
                when = self.moment(day, 17)
                with self.at(when):
                    step = coaching.goal_step_record(
                        goal=goal,
                        by=self.people[move.by],
                        status=move.status,
                        note=move.note,
                        on=day,
                    )
                GoalStep.objects.filter(pk=step.pk).update(recorded_at=when)

    # A year of learning sessions --------------------------------------------------------

    def _learning_sessions(self) -> None:
        """The sessions of content.SESSIONS, each held through every phase on its day,
        in order (a later one reviews the open actions of the earlier ones), and the next
        one, planned."""
        facilitator = self.people["facilitator"]
        first_day = min(plan.day for plan in content.SESSIONS if plan.course_day)
        with self.at(self._at(first_day - 30, 10)):
            course = sessions.course_create(
                programme=self.programme,
                name=content.COURSE_NAME,
                cohort=[self.people[key] for key in content.COURSE_COHORT],
                by=facilitator,
            )
        Course.objects.filter(pk=course.pk).update(created_at=self._at(first_day - 30, 10))
        actions: dict[str, Action] = {}
        for plan in content.SESSIONS:
            self._held_session(plan, course, actions)
        self._planned_session(content.UPCOMING, course)

    def _at(self, day: int, hour: int, minute: int = 0) -> datetime:
        """A moment `day` days from today (negative: in the past)."""
        on = self.today + timedelta(days=day)
        return timezone.make_aware(datetime.combine(on, time(hour, minute)))

    # Course days take the day; the werkgroep visie and residents come in the evening.
    HOURS = {
        SessionKind.TEAM: ((14, 0), (16, 30)),
        SessionKind.COURSE_DAY: ((9, 0), (16, 0)),
        SessionKind.GOVERNANCE: ((19, 30), (21, 30)),
        SessionKind.OPEN: ((19, 30), (21, 30)),
    }

    def _planned_session(self, plan: SessionPlan, course: Course) -> LearningSession:
        (start_hour, start_minute), (end_hour, end_minute) = self.HOURS[SessionKind(plan.kind)]
        facilitator = self.people["facilitator"]
        planned_at = min(self._at(plan.day - 21, 10), self.now)
        with self.at(planned_at):
            session = sessions.session_plan(
                programme=self.programme,
                kind=plan.kind,
                title=plan.title,
                starts_at=self._at(plan.day, start_hour, start_minute),
                ends_at=self._at(plan.day, end_hour, end_minute),
                facilitator=facilitator,
                by=facilitator,
                place=plan.place,
                anonymous=plan.anonymous,
                course=course if plan.course_day else None,
                participants=[self.people[key] for key in plan.participants],
            )
            cycles = []
            if plan.review_initiative:
                cycles = [
                    LearningCycle.objects.select_related("initiative").get(
                        initiative__programme=self.programme,
                        initiative__title=plan.review_initiative,
                        state=CycleState.ACTING,
                    )
                ]
            sessions.agenda_set(
                session=session,
                cycles=cycles,
                questions=[self.questions[number] for number in plan.agenda_questions],
                by=facilitator,
            )
        changed: dict[str, Any] = {"created_at": planned_at}
        if plan.kind == SessionKind.GOVERNANCE:
            # The questions of the werkgroep visie as the Dutch interface asks them,
            # whatever the message catalogue holds while the demo loads.
            changed["questions"] = content.GOVERNANCE_QUESTIONS
        LearningSession.objects.filter(pk=session.pk).update(**changed)
        session.refresh_from_db()
        return session

    def _held_session(self, plan: SessionPlan, course: Course, actions: dict[str, Action]) -> None:
        """Plan a session three weeks ahead and hold it: every phase, every kind of
        record, on its day."""
        session = self._planned_session(plan, course)
        facilitator = self.people["facilitator"]
        clock = [session.starts_at]

        def step() -> datetime:
            clock[0] += timedelta(minutes=3)
            return clock[0]

        def advance(to: SessionPhase) -> None:
            while session.phase != to:
                with self.at(step()):
                    sessions.session_advance(
                        session=session, by=facilitator, expected=session.phase
                    )

        guests = {}
        for name in plan.guests:
            with self.at(step()):
                guests[name] = sessions.guest_join(code=session.join_code or "", display_name=name)
        members = {p.user_id: p for p in session.participants.exclude(user=None)}
        advance(SessionPhase.ACTIONS)
        for text, outcome in plan.reviews:
            with self.at(step()):
                sessions.action_review(
                    session=session, action=actions[text], outcome=outcome, by=facilitator
                )
        advance(SessionPhase.INPUT)
        written = []
        for item in plan.written:
            writer = guests.get(item.by) or members[self.people[item.by].pk]
            with self.at(step()):
                written.append(
                    sessions.contribution_add(
                        session=session, participant=writer, question=item.question, text=item.text
                    )
                )
        advance(SessionPhase.GROUPING)
        themes = []
        for theme_plan in plan.themes:
            with self.at(step()):
                themes.append(
                    sessions.theme_create(
                        session=session,
                        title=theme_plan.title,
                        contributions=[written[index] for index in theme_plan.written],
                        by=facilitator,
                    )
                )
        advance(SessionPhase.VOTING)
        self._vote(
            session, [(theme, p.votes) for theme, p in zip(themes, plan.themes, strict=True)]
        )
        advance(SessionPhase.DISCUSSION)
        for theme, theme_plan in zip(themes, plan.themes, strict=True):
            if theme_plan.discussion:
                with self.at(step()):
                    sessions.theme_note(
                        session=session, theme=theme, text=theme_plan.discussion, by=facilitator
                    )
        advance(SessionPhase.CAPTURE)
        for insight in plan.insights:
            with self.at(step()):
                sessions.insight_add(
                    session=session,
                    text=insight.text,
                    kind=insight.kind,
                    questions=[self.questions[number] for number in insight.questions],
                    initiatives=list(
                        Initiative.objects.filter(
                            programme=self.programme, title__in=insight.initiatives
                        )
                    ),
                    by=facilitator,
                )
        for action in plan.actions:
            with self.at(step()):
                actions[action.text] = sessions.action_add(
                    session=session,
                    text=action.text,
                    owner=self.people[action.owner],
                    due_on=session.starts_at.date() + timedelta(days=action.due_days),
                    by=facilitator,
                )
        for number, kind, text in plan.proposals:
            with self.at(step()):
                sessions.proposal_add(
                    session=session,
                    question=LearningQuestion.objects.get(pk=self.questions[number].pk),
                    kind=kind,
                    text=text,
                    by=facilitator,
                )
        ends = session.ends_at
        clock[0] = ends - timedelta(minutes=3)
        advance(SessionPhase.CLOSED)
        self._stamp_session(session, ends, plan)

    def _vote(self, session: LearningSession, votes: list[tuple[Theme, int]]) -> None:
        """The participants vote in turn, each until their votes are used."""
        voters = list(session.participants.order_by("id"))
        left = {voter.pk: session.votes_per_person for voter in voters}
        assert sum(count for _theme, count in votes) <= sum(left.values()), session.title
        turn = 0
        for theme, count in votes:
            for _vote in range(count):
                while not left[voters[turn % len(voters)].pk]:
                    turn += 1
                voter = voters[turn % len(voters)]
                sessions.vote_cast(session=session, participant=voter, theme=theme)
                left[voter.pk] -= 1
                turn += 1

    def _stamp_session(self, session: LearningSession, ends: datetime, plan: SessionPlan) -> None:
        """The records' own moments, on the day the session was held."""
        LearningSession.objects.filter(pk=session.pk).update(closed_at=ends)
        Participant.objects.filter(session=session).update(joined_at=session.starts_at)
        Insight.objects.filter(session=session).update(recorded_at=ends)
        Action.objects.filter(session=session).update(recorded_at=ends)
        LearningQuestionVersion.objects.filter(
            question__programme=self.programme, recorded_at__gt=self.now
        ).update(recorded_at=ends)
        if plan.review_initiative:
            cycle = LearningCycle.objects.get(
                initiative__programme=self.programme,
                initiative__title=plan.review_initiative,
                review__held_in=session.title,
            )
            Review.objects.filter(cycle=cycle).update(recorded_at=ends)
            LearningCycle.objects.filter(pk=cycle.pk).update(state_changed_at=ends)

    # Two years of the compass ----------------------------------------------------------

    def _compass(self) -> None:
        """The compass of the four government roles, in Dutch; every quarter a round about
        the programme from all four perspectives (residents through that round's answer
        link), two rounds about one initiative, and the coached civil servant's look at
        themselves. The scores of round n come from a random.Random of their own, so that
        they do not depend on the dates; only the days do."""
        facilitator = self.people["facilitator"]
        created = self.moment(self.day(-20), 10)
        # Dutch facets, whatever language the command was started in: the demo is Dutch.
        with translation.override("nl"), self.at(created):
            made = compass.compass_create(
                programme=self.programme, template=DEFAULT_TEMPLATE, by=facilitator
            )
        Compass.objects.filter(pk=made.pk).update(created_at=created)
        facets = {facet.position: facet for facet in made.facets.all()}
        rounds = self._compass_rounds()
        for index, (first, last) in enumerate(rounds):
            progress = index / max(1, len(rounds) - 1)
            scores = random.Random(f"{self.seed}-compass-{index}")
            days = random.Random(f"{self.seed}-compass-days-{index}-{first}")
            self._programme_round(facets, index, first, last, progress, scores, days)
            self._self_assessment(facets, first, last, progress, scores, days)
        self._initiative_rounds(facets)
        # The coached civil servant's goals work on facets of the compass.
        goals = DevelopmentGoal.objects.filter(coaching__programme=self.programme).order_by(
            "set_on", "id"
        )
        with self.at(created):
            for goal, positions in zip(goals, content.GOAL_FACETS, strict=False):
                goal_services.goal_facets_set(
                    goal=goal,
                    facets=[facets[position] for position in positions],
                    by=self.people[content.COACHEE],
                )

    def _compass_rounds(self) -> list[tuple[date, date]]:
        """The first and last day of each quarter's round: calendar quarters (the trend
        counts by quarter), within the programme's period and not after today."""
        rounds = []
        quarter = date(self.start.year, 3 * ((self.start.month - 1) // 3) + 1, 1)
        while quarter <= self.today:
            first = max(quarter + timedelta(days=4), self.start + timedelta(days=1))
            last = min(quarter + timedelta(days=80), self.today)
            if (last - first).days >= 6:
                rounds.append((first, last))
            following = quarter.month + 3
            quarter = date(quarter.year + (following > 12), (following - 1) % 12 + 1, 1)
        return rounds

    @staticmethod
    def _score(rng: random.Random, median: float, spread: float = 1.0) -> int:
        return max(0, min(10, int(median + rng.gauss(0, spread) + 0.5)))

    def _answers(
        self,
        facets: dict[int, Facet],
        rng: random.Random,
        medians: dict[int, float],
        *,
        desired: dict[int, int],
        notes: dict[int, tuple[str, ...]],
        note_chance: float = 0.35,
        desired_chance: float = 0.4,
        spread: float = 1.0,
    ) -> dict[int, compass.ScoreInput]:
        """One answer sheet around `medians`. A desired score may lie below the current
        one: residents wish for a less rule-bound municipality."""
        answers = {}
        for position, facet in facets.items():
            current = self._score(rng, medians[position], spread)
            wish = desired[position] if rng.random() < desired_chance else None
            texts = notes.get(position, ())
            note = rng.choice(texts) if texts and rng.random() < note_chance else ""
            answers[facet.pk] = compass.ScoreInput(current, wish, note)
        return answers

    def _assess(self, day: date, hour: int, **fields: Any) -> Assessment:
        when = self.moment(day, hour)
        with self.at(when):
            assessment = compass.assessment_record(
                programme=self.programme, assessed_on=day, **fields
            )
        return assessment

    def _link(self, title: str, first: date, last: date, **fields: Any) -> AnswerLink:
        """An answer link open from `first` to `last`; still open when `last` is today
        or later."""
        facilitator = self.people["facilitator"]
        opened = self.moment(first - timedelta(days=1), 9)
        with self.at(opened):
            link = compass.link_create(
                programme=self.programme, title=title, by=facilitator, **fields
            )
        changed: dict[str, Any] = {"created_at": opened}
        if last < self.today:
            closed = self.moment(last + timedelta(days=1), 9)
            with self.at(closed):
                compass.link_close(link=link, by=facilitator)
            changed["closed_at"] = closed
        AnswerLink.objects.filter(pk=link.pk).update(**changed)
        return link

    def _day(self, rng: random.Random, first: date, last: date) -> date:
        return first + timedelta(days=rng.randint(0, (last - first).days))

    def _programme_round(
        self,
        facets: dict[int, Facet],
        index: int,
        first: date,
        last: date,
        progress: float,
        rng: random.Random,
        days: random.Random,
    ) -> None:
        title = content.COMPASS_ROUND_LINK.format(
            quarter=(first.month - 1) // 3 + 1, year=first.year
        )
        link = self._link(title, first, last, subject=Subject.PROGRAMME)
        for perspective in Perspective.values:
            movements = content.COMPASS_MOVEMENTS[perspective]
            medians = {
                position: move.first + (move.last - move.first) * progress
                for position, move in movements.items()
            }
            notes = {
                position: texts[0 if progress < 0.5 else 1]
                for (group, position), texts in content.COMPASS_NOTES.items()
                if group == perspective
            }
            low, high = content.COMPASS_RESPONDENTS[perspective]
            count = rng.randint(low, high)
            if perspective == Perspective.RESIDENTS:
                respondents: list[User | None] = [None] * count
            else:
                keys = content.COMPASS_MEMBERS[perspective]
                respondents = [self.people[key] for key in rng.sample(keys, min(count, len(keys)))]
            for respondent in respondents:
                answers = self._answers(
                    facets,
                    rng,
                    medians,
                    desired=content.COMPASS_DESIRED[perspective],
                    notes=notes,
                    # One facilitator, whose answer is the group's median: a steadier hand.
                    spread=0.5 if perspective == Perspective.FACILITATOR else 1.0,
                )
                self._assess(
                    self._day(days, first, last),
                    20 if respondent is None else 11,
                    subject=Subject.PROGRAMME,
                    perspective=perspective,
                    answers=answers,
                    respondent=respondent,
                    anonymous=respondent is None,
                    link=link if respondent is None else None,
                )

    def _self_assessment(
        self,
        facets: dict[int, Facet],
        first: date,
        last: date,
        progress: float,
        rng: random.Random,
        days: random.Random,
    ) -> None:
        coachee = self.people[content.COACHEE]
        course: dict[int, Movement] = {p: move for p, (move, _) in content.COMPASS_SELF.items()}
        answers = self._answers(
            facets,
            rng,
            {p: move.first + (move.last - move.first) * progress for p, move in course.items()},
            desired={p: wish for p, (_, wish) in content.COMPASS_SELF.items()},
            notes={content.RESPONSIVE: content.COMPASS_SELF_NOTES[0 if progress < 0.5 else 1]},
            note_chance=0.6,
            desired_chance=1.0,
        )
        self._assess(
            self._day(days, first, last),
            17,
            subject=Subject.PERSON,
            perspective=Perspective.CIVIL_SERVANTS,
            answers=answers,
            respondent=coachee,
        )

    def _initiative_rounds(self, facets: dict[int, Facet]) -> None:
        """Two rounds about one initiative, a year apart: residents through a link (the
        older one closed, the newer one open), and its contact, an initiator and the
        facilitator under their own names."""
        initiative = Initiative.objects.get(
            programme=self.programme, title=content.COMPASS_INITIATIVE
        )
        for number, (title, first_ago, last_ago, medians) in enumerate(
            content.COMPASS_INITIATIVE_ROUNDS
        ):
            rng = random.Random(f"{self.seed}-compass-initiative-{number}")
            first = max(self.today - timedelta(days=first_ago), self.start + timedelta(days=1))
            last = self.today - timedelta(days=last_ago)
            link = self._link(title, first, last, subject=Subject.INITIATIVE, initiative=initiative)
            people: list[tuple[User | None, str]] = [
                (None, Perspective.RESIDENTS) for _ in range(rng.randint(6, 9))
            ]
            people += [
                (self.people[key], perspective)
                for key, perspective in content.COMPASS_INITIATIVE_MEMBERS.items()
            ]
            for respondent, perspective in people:
                own = (
                    medians
                    if perspective == Perspective.RESIDENTS
                    else {
                        p: move.first + (move.last - move.first) * number
                        for p, move in content.COMPASS_MOVEMENTS[perspective].items()
                    }
                )
                answers = self._answers(
                    facets,
                    rng,
                    own,
                    desired=content.COMPASS_DESIRED[perspective],
                    notes={content.RESPONSIVE: (content.COMPASS_INITIATIVE_NOTES[number],)}
                    if perspective == Perspective.RESIDENTS
                    else {},
                    note_chance=0.4,
                )
                self._assess(
                    self._day(rng, first, last),
                    20,
                    subject=Subject.INITIATIVE,
                    initiative=initiative,
                    perspective=perspective,
                    answers=answers,
                    respondent=respondent,
                    anonymous=respondent is None,
                    link=link if respondent is None else None,
                )

    # The travel report ------------------------------------------------------------------

    def _travel_report(self) -> None:
        """The travel report of content.JOURNAL_*: its first version, published some
        months ago, and the draft of the second in its review round, with voices that
        have consent, one still waiting and one refused. Written through the services, at
        the moments the story gives; the first version's book is composed once, when it
        is published."""
        facilitator = self.people["facilitator"]
        published_on = self.today - timedelta(days=content.JOURNAL_FIRST_EDITION_DAYS_AGO)
        started = self.moment(
            published_on - timedelta(days=content.JOURNAL_STARTED_DAYS_BEFORE_FIRST_EDITION), 10
        )
        first_until = published_on - timedelta(
            days=content.JOURNAL_FIRST_EDITION_COVERS_UNTIL_DAYS_BEFORE
        )
        with self.at(started), translation.override("nl"):
            journal = journal_services.journal_start(
                programme=self.programme, by=facilitator, title=content.JOURNAL_TITLE
            )
            journal = journal_services.journal_update(
                journal=journal,
                title=content.JOURNAL_TITLE,
                subtitle=content.JOURNAL_SUBTITLE,
                covers_from=journal.covers_from,
                covers_until=first_until,
                public=True,
                expected_version=journal.version,
                by=facilitator,
            )
            chapters = list(Chapter.objects.filter(journal=journal).order_by("position"))
            for chapter, plan in zip(chapters, content.JOURNAL_CHAPTERS, strict=True):
                assert chapter.kind == plan.kind, (chapter.kind, plan.kind)
                if plan.title != chapter.title or plan.first:
                    journal_services.chapter_update(
                        chapter=chapter,
                        title=plan.title,
                        body=plan.first,
                        included=True,
                        expected_version=chapter.version,
                        by=facilitator,
                    )
        Journal.objects.filter(pk=journal.pk).update(created_at=started)
        chapters = list(Chapter.objects.filter(journal=journal).order_by("position"))
        Chapter.objects.filter(journal=journal).update(updated_at=started)
        by_title = {chapter.title: chapter for chapter in chapters}
        # Quotable: its participants agreed before input opened.
        LearningSession.objects.filter(
            programme=self.programme, title=content.JOURNAL_QUOTABLE_SESSION
        ).update(quotable=True)

        first = [plan for plan in content.JOURNAL_VOICES if plan.first_edition]
        later = [plan for plan in content.JOURNAL_VOICES if not plan.first_edition]
        self._voices(journal, first, by_title, before=first_until)
        journal.refresh_from_db()
        with self.at(self.moment(published_on, 16)), translation.override("nl"):
            publication = journal_services.publication_publish(
                journal=journal, number=1, by=facilitator, on=published_on
            )
        Publication.objects.filter(pk=publication.pk).update(
            published_at=self.moment(published_on, 16)
        )

        # The draft of the second version: the whole journey, rewritten chapters, more
        # voices and the review round's comments.
        rewritten = self.moment(self.today - timedelta(days=20), 11)
        journal.refresh_from_db()
        with self.at(rewritten):
            for chapter, plan in zip(chapters, content.JOURNAL_CHAPTERS, strict=True):
                if plan.draft is not None and plan.draft != plan.first:
                    chapter.refresh_from_db()
                    journal_services.chapter_update(
                        chapter=chapter,
                        title=chapter.title,
                        body=plan.draft,
                        included=chapter.included,
                        expected_version=chapter.version,
                        by=facilitator,
                    )
                    Chapter.objects.filter(pk=chapter.pk).update(updated_at=rewritten)
            journal = journal_services.journal_update(
                journal=journal,
                title=journal.title,
                subtitle=journal.subtitle,
                covers_from=journal.covers_from,
                covers_until=self.programme.ends_on,
                public=journal.public,
                expected_version=journal.version,
                by=facilitator,
            )
        self._voices(journal, later, by_title, before=self.today)
        opened = self.moment(self.today - timedelta(days=content.JOURNAL_REVIEW_OPENED_DAYS_AGO), 9)
        with self.at(opened):
            journal = journal_services.review_open(journal=journal, by=facilitator)
        Journal.objects.filter(pk=journal.pk).update(review_opened_at=opened)
        self._review_comments(journal, by_title)

    def _voices(
        self,
        journal: Journal,
        plans: list[VoicePlan],
        chapters: dict[str, Chapter],
        *,
        before: date,
    ) -> None:
        """The voices of `plans`, picked and answered before `before`, as the pages make
        them: a co-author picks the words (or the author writes their own), the author
        answers."""
        facilitator = self.people["facilitator"]
        position = Voice.objects.filter(journal=journal).count()
        for plan in plans:
            author = self.people[plan.author] if plan.author else None
            position += 1
            picked = self.moment(before - timedelta(days=30 - position), 10)
            chapter = chapters[plan.chapter] if plan.chapter else None
            with self.at(picked), translation.override("nl"):
                if plan.source == VoiceSource.OWN:
                    assert author is not None
                    voice = voice_services.voice_add_own(
                        journal=journal,
                        by=author,
                        text=plan.text,
                        kind=plan.kind,
                        nature=plan.nature,
                        named=plan.named,
                        role_label=plan.role_label,
                    )
                    if plan.commentary or chapter is not None:
                        voice = voice_services.voice_update(
                            voice=voice,
                            by=facilitator,
                            expected_version=voice.version,
                            text=voice.text,
                            commentary=plan.commentary,
                            kind=voice.kind,
                            nature=voice.nature,
                            chapter=chapter,
                            role_label=voice.role_label,
                            position=voice.position,
                        )
                else:
                    text, key = self._voice_source(plan, author, before)
                    voice = voice_services.voice_add_from_source(
                        journal=journal,
                        source=plan.source,
                        key=key,
                        text=text,
                        by=facilitator,
                        kind=plan.kind,
                        nature=plan.nature,
                        commentary=plan.commentary,
                        chapter=chapter,
                        role_label=plan.role_label,
                    )
            Voice.objects.filter(pk=voice.pk).update(created_at=picked)
            answered = plan.consent in (Consent.GIVEN, Consent.REFUSED)
            if author is not None and plan.source != VoiceSource.OWN and answered:
                with self.at(picked + timedelta(days=3)):
                    voice_services.voice_consent(
                        voice=voice,
                        by=author,
                        answer=plan.consent,
                        expected_version=voice.version,
                        named=plan.named,
                    )

    def _voice_source(self, plan: VoicePlan, author: User | None, before: date) -> tuple[str, str]:
        """The words of a voice's source and the source's key."""
        if plan.source == VoiceSource.CONTRIBUTION:
            contribution = Contribution.objects.get(
                session__programme=self.programme, text=plan.text
            )
            return plan.text, str(contribution.pk)
        review = (
            Review.objects.filter(
                cycle__initiative__programme=self.programme,
                recorded_by=author,
                recorded_at__date__lt=before,
            )
            .order_by("-recorded_at", "-pk")
            .first()
        )
        assert review is not None, plan.author
        key = f"{review.pk}{voice_selectors.REVIEW_KEY_SEPARATOR}{plan.review_answer}"
        return review.answers[plan.review_answer]["answer"], key

    def _review_comments(self, journal: Journal, chapters: dict[str, Chapter]) -> None:
        for plan in content.JOURNAL_COMMENTS:
            chapter = Chapter.objects.get(pk=chapters[plan.chapter].pk)
            block = markdown_blocks(chapter.body, f"c{chapter.pk}")[plan.paragraph]
            written = self.moment(self.today - timedelta(days=plan.days_ago), 20)
            with self.at(written):
                comment = journal_services.comment_add(
                    journal=journal,
                    chapter=chapter,
                    paragraph=block.key,
                    text=plan.text,
                    by=self.people[plan.author],
                )
            ReviewComment.objects.filter(pk=comment.pk).update(created_at=written)
            if plan.resolved_by:
                with self.at(written + timedelta(days=2)):
                    journal_services.comment_resolve(
                        comment=comment, by=self.people[plan.resolved_by]
                    )
                ReviewComment.objects.filter(pk=comment.pk).update(
                    resolved_at=written + timedelta(days=2)
                )

    # What was built --------------------------------------------------------------------

    def _summary(self) -> DemoSummary:
        cycles = LearningCycle.objects.filter(initiative__programme=self.programme)
        states = {row["state"]: row["n"] for row in cycles.values("state").annotate(n=Count("id"))}
        return DemoSummary(
            questions=self.programme.learning_questions.count(),
            reformulated=self.programme.learning_questions.annotate(n=Count("versions"))
            .filter(n__gt=1)
            .count(),
            cycles=states,
            overdue=cycles.filter(overdue_q()).count(),
            events=AuditEvent.objects.filter(programme_id=self.programme.pk).count(),
        )
