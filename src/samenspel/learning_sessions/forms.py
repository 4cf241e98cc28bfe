"""Forms for planning learning sessions: the plan, courses, the agenda, the participants,
handing over, and the calendar. They parse and validate input; the services decide
(dates, who may facilitate, anonymity once input opened) and write.

A date and a time are typed the Dutch way whatever the interface language: 14-3-2027
and 19:30 (or 19.30). The date field is a date input, so a browser with a date picker
sends 2027-03-14; both are read."""

import datetime
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import User
from samenspel.common.forms import DateInput, TextField
from samenspel.common.text import SHORT_TEXT
from samenspel.cycles.models import LearningCycle
from samenspel.learning_sessions import selectors
from samenspel.learning_sessions.constants import DEFAULT_VOTES, MAX_VOTES, SessionKind
from samenspel.learning_sessions.models import Course, LearningSession
from samenspel.programmes.constants import Role
from samenspel.programmes.models import LearningQuestion, Programme

DATE_FORMATS = ["%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y"]
TIME_FORMATS = ["%H:%M", "%H.%M", "%H:%M:%S", "%Hu%M"]

ANONYMOUS, NAMED = "anonymous", "named"
QUOTABLE, NOT_QUOTABLE = "yes", "no"


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class DutchDateField(forms.DateField):
    """A date as a Dutch person types it (14-3-2027, 14/3/2027) or as a date picker
    sends it (2027-03-14), in any interface language."""

    widget = DateInput
    input_formats = DATE_FORMATS
    default_error_messages = {
        "invalid": _("Write the date as day-month-year, for example 14-3-2027.")
    }


class DutchTimeField(forms.TimeField):
    widget = TimeInput
    input_formats = TIME_FORMATS
    default_error_messages = {"invalid": _("Write the time as hours:minutes, for example 19:30.")}


def votes_field() -> forms.IntegerField:
    message = _("Give everyone between 1 and %(max)s votes.") % {"max": MAX_VOTES}
    return forms.IntegerField(
        label=_("Votes per person"),
        min_value=1,
        max_value=MAX_VOTES,
        initial=DEFAULT_VOTES,
        # A whole number in a text box: a number input would read by the browser's locale.
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        error_messages={"min_value": message, "max_value": message, "invalid": message},
        help_text=_("Everyone gets this many votes to choose the themes to discuss first."),
    )


def anonymity_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Anonymous or named"),
        choices=[
            (
                ANONYMOUS,
                _("Anonymous: nobody can see who wrote what, not even the facilitator."),
            ),
            (NAMED, _("Named: everyone sees who wrote what.")),
        ],
        widget=forms.RadioSelect,
        initial=ANONYMOUS,
        help_text=_(
            "Choose before the silent writing starts. After that you cannot change it. "
            "The list of who took part is always shown."
        ),
    )


def quotable_field() -> forms.ChoiceField:
    """The session's rule for the travel report. Not required: a form sent without it
    keeps the rule as it is (a new session: not quotable)."""
    return forms.ChoiceField(
        label=_("Quoting in the travel report"),
        choices=[
            (
                QUOTABLE,
                _("Anonymous contributions may be quoted in the travel report, without a name."),
            ),
            (NOT_QUOTABLE, _("Anonymous contributions are not quoted in the travel report.")),
        ],
        widget=forms.RadioSelect,
        initial=NOT_QUOTABLE,
        required=False,
        help_text=_(
            "Participants read this rule before they write. Choose before the silent "
            "writing starts; after that you cannot change it. Someone who writes under "
            "their name is always asked before their words are quoted."
        ),
    )


def chosen_quotable(form: forms.Form, current: bool) -> bool:
    """The rule the form asks for; `current` when the form did not send it."""
    chosen = form.cleaned_data.get("quotable")
    return current if not chosen else chosen == QUOTABLE


class SessionTimesForm(forms.Form):
    """The title, the day and the times of a session, with its place."""

    title = TextField(label=_("Title"), max_length=SHORT_TEXT)
    date = DutchDateField(label=_("Date"), help_text=_("For example 14-3-2027."))
    starts = DutchTimeField(label=_("Starts at"), help_text=_("For example 19:30."))
    ends = DutchTimeField(label=_("Ends at"))
    place = TextField(
        label=_("Place"),
        max_length=SHORT_TEXT,
        required=False,
        help_text=_("For example the council chamber, or a village hall."),
    )

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        """The start and the end as moments in Europe/Amsterdam."""
        day = self.cleaned_data["date"]
        return (
            timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["starts"])),
            timezone.make_aware(datetime.datetime.combine(day, self.cleaned_data["ends"])),
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        # The service refuses this too; here the message lands on the right field at once.
        if data.get("starts") and data.get("ends") and data["ends"] <= data["starts"]:
            self.add_error("ends", _("The session ends after it starts."))
        return data


def member_choices(memberships: list[Any]) -> list[tuple[str, list[tuple[int, str]]]]:
    """Members grouped by role, for a list of check boxes."""
    groups: dict[Role, list[tuple[int, str]]] = {}
    for membership in memberships:
        groups.setdefault(Role(membership.role), []).append(
            (membership.user_id, membership.user.name or membership.user.email)
        )
    # In the order of the roles (facilitators first), each group by name.
    return [(str(role.label), groups[role]) for role in Role if role in groups]


class MembersField(forms.TypedMultipleChoiceField):
    """Check boxes of members, grouped by role (drawn by the member_choices tag)."""

    widget = forms.CheckboxSelectMultiple

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(coerce=int, required=False, **kwargs)

    def users(self, ids: list[int]) -> list[User]:
        return list(User.objects.filter(pk__in=ids).order_by("sort_name", "email"))


def facilitator_field() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=_("Facilitator"),
        queryset=User.objects.none(),
        empty_label=_("Choose…"),
        help_text=_("Only the facilitator moves the session from one phase to the next."),
    )


def _facilitators(programme: Programme) -> QuerySet[User]:
    return User.objects.filter(
        memberships__programme=programme,
        memberships__role__in=selectors.FACILITATOR_ROLES,
        is_active=True,
    ).order_by("sort_name", "email")


class SessionForm(SessionTimesForm):
    """Planning a new session."""

    kind = forms.ChoiceField(
        label=_("Kind of session"), choices=SessionKind.choices, widget=forms.RadioSelect
    )
    facilitator = facilitator_field()
    anonymity = anonymity_field()
    quotable = quotable_field()
    votes_per_person = votes_field()
    course = forms.ModelChoiceField(
        label=_("Course"),
        queryset=Course.objects.none(),
        required=False,
        empty_label=_("(no course)"),
        help_text=_("Only for a course day: everyone in the course's group takes part."),
    )
    participants = MembersField(label=_("Participants"))

    field_order = [
        "kind",
        "title",
        "date",
        "starts",
        "ends",
        "place",
        "facilitator",
        "anonymity",
        "quotable",
        "votes_per_person",
        "course",
        "participants",
    ]

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        facilitator: Any = self.fields["facilitator"]
        facilitator.queryset = _facilitators(programme)
        course: Any = self.fields["course"]
        course.queryset = selectors.courses_of(programme=programme)
        participants: Any = self.fields["participants"]
        participants.choices = member_choices(selectors.members_by_role(programme=programme))


class SessionEditForm(SessionTimesForm):
    """Changing a planned session. The kind, the facilitator (hand over) and the
    participants (their own page) change elsewhere."""

    anonymity = anonymity_field()
    quotable = quotable_field()
    votes_per_person = votes_field()

    def __init__(self, *args: Any, session: LearningSession, input_opened: bool, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if input_opened:
            # Shown as they were chosen, and not sent: the service refuses a change anyway.
            for name in ("anonymity", "quotable"):
                field: Any = self.fields[name]
                field.required = False
                field.widget.attrs["disabled"] = True
                field.help_text = _("Silent writing has started: this can no longer change.")

    def anonymous(self, session: LearningSession) -> bool:
        chosen = self.cleaned_data.get("anonymity")
        return session.anonymous if not chosen else chosen == ANONYMOUS

    def quotable_rule(self, session: LearningSession) -> bool:
        return chosen_quotable(self, session.quotable)


class CourseForm(forms.Form):
    name = TextField(
        label=_("Name of the course"),
        max_length=SHORT_TEXT,
        help_text=_("For example: Samenspel in practice, spring 2027."),
    )
    cohort = MembersField(
        label=_("Group"),
        help_text=_("The members who take part in every day of the course."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cohort: Any = self.fields["cohort"]
        cohort.choices = member_choices(selectors.members_by_role(programme=programme))


class AgendaForm(forms.Form):
    cycles = forms.ModelMultipleChoiceField(
        label=_("Cycles to review"),
        queryset=LearningCycle.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Cycles that are acting come first. When the session closes, it records the "
            "review of each acting cycle on the agenda."
        ),
    )
    questions = forms.ModelMultipleChoiceField(
        label=_("Learning questions"),
        queryset=LearningQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, session: LearningSession, programme: Programme, **kwargs: Any):
        super().__init__(*args, **kwargs)
        chosen_cycles = list(session.agenda_cycles.values_list("pk", flat=True))
        chosen_questions = list(session.agenda_questions.values_list("pk", flat=True))
        cycles: Any = self.fields["cycles"]
        cycles.queryset = selectors.agenda_cycle_choices(programme=programme, chosen=chosen_cycles)
        cycles.label_from_instance = cycle_label
        questions: Any = self.fields["questions"]
        questions.queryset = selectors.agenda_question_choices(
            programme=programme, chosen=chosen_questions
        )
        questions.label_from_instance = lambda q: f"{q.number}. {q.text}"
        if not self.is_bound:
            self.initial = {"cycles": chosen_cycles, "questions": chosen_questions}


def cycle_label(cycle: Any) -> str:
    return _("%(initiative)s — cycle %(number)s: %(title)s (%(phase)s)") % {
        "initiative": cycle.initiative.title,
        "number": cycle.number,
        "title": cycle.title,
        "phase": cycle.get_state_display(),
    }


class ParticipantsAddForm(forms.Form):
    users = MembersField(label=_("Add members"))

    def __init__(self, *args: Any, programme: Programme, present: set[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        users: Any = self.fields["users"]
        users.choices = member_choices(
            [m for m in selectors.members_by_role(programme=programme) if m.user_id not in present]
        )


class HandOverForm(forms.Form):
    to = forms.ModelChoiceField(
        label=_("New facilitator"), queryset=User.objects.none(), empty_label=_("Choose…")
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, session: LearningSession, programme: Programme, **kwargs: Any):
        super().__init__(*args, **kwargs)
        to: Any = self.fields["to"]
        to.queryset = _facilitators(programme).exclude(pk=session.facilitator_id)
