"""Forms of the room (room.py) and of joining with a code (guests.py). They parse and
check what was sent; the rules of a session (phases, votes, who may do what) are in
services.py, so that a refusal reads the same whichever way a write comes in.

Choices are limited to the session's own objects, so a theme or a contribution of another
session is refused here already, with the same words as the services use."""

import datetime
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import User
from samenspel.common.forms import TextField
from samenspel.common.text import SHORT_TEXT
from samenspel.cycles.models import LearningCycle
from samenspel.learning_sessions import selectors
from samenspel.learning_sessions.constants import (
    ACTION_OUTCOMES,
    MAX_CONTRIBUTION_LENGTH,
    InsightKind,
    ProposalKind,
    SessionPhase,
)
from samenspel.learning_sessions.models import Action, Contribution, LearningSession, Theme
from samenspel.programmes.models import Initiative, LearningQuestion

THEME_OF_SESSION = _("Choose a theme of this session.")
CONTRIBUTIONS_OF_SESSION = _("Choose contributions of this session.")


class DutchDateField(forms.DateField):
    """A date as people in the Netherlands type it, in every interface language: day,
    month, year (15-1-2027, 15/01/2027, 15.1.2027, 15-1-27), or as a date input sends it
    (2027-01-15). A month-first American date is never guessed."""

    widget = forms.TextInput
    input_formats = ["%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%y", "%d/%m/%y", "%Y-%m-%d"]
    default_error_messages = {
        "invalid": _("Write the date as day-month-year, for example 15-1-2027."),
    }

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(input_formats=self.input_formats, **kwargs)
        self.widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})

    def to_python(self, value: Any) -> datetime.date | None:
        if isinstance(value, str):
            value = re.sub(r"\s*([-/.])\s*", r"\1", value.strip())
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, datetime.date):
            return f"{value.day}-{value.month}-{value.year}"
        return value


# The facilitator's steps ---------------------------------------------------------------------


class AdvanceForm(forms.Form):
    """Moves the session on. `expected` is the phase the facilitator saw, so a second
    click does not skip a phase; closing needs `confirm`."""

    expected = forms.ChoiceField(choices=SessionPhase.choices, widget=forms.HiddenInput)
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ActionReviewForm(forms.Form):
    action = forms.ModelChoiceField(
        queryset=Action.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("Choose an open action of an earlier session.")},
    )
    outcome = forms.ChoiceField(
        choices=[(outcome.value, outcome.label) for outcome in ACTION_OUTCOMES],
        error_messages={"invalid_choice": _("Choose done, carried over or dropped.")},
    )

    def __init__(self, *args: Any, session: LearningSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        action: Any = self.fields["action"]
        action.queryset = Action.objects.filter(session__programme_id=session.programme_id)


class ContributionForm(forms.Form):
    """One contribution to one of the session's questions; the question is the label."""

    question = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
    text = TextField(
        max_length=MAX_CONTRIBUTION_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write your contribution first.")},
    )
    cycle = forms.ModelChoiceField(
        label=_("About which cycle?"),
        queryset=LearningCycle.objects.none(),
        required=False,
        empty_label=_("(about no cycle in particular)"),
        error_messages={"invalid_choice": _("Choose a cycle on the agenda.")},
    )

    def __init__(
        self,
        *args: Any,
        session: LearningSession,
        cycles: Any,
        index: int | None = None,
        **kwargs: Any,
    ) -> None:
        """`cycles`: the agenda's cycles (a queryset), or None for no cycle field."""
        if index is not None:
            kwargs.setdefault("auto_id", f"id_q{index}_%s")
            kwargs.setdefault("initial", {"question": index})
        super().__init__(*args, **kwargs)
        questions = list(session.questions)
        if index is not None and 0 <= index < len(questions):
            self.fields["text"].label = questions[index]
        else:
            self.fields["text"].label = _("Your contribution")
        if cycles is not None:
            cycle: Any = self.fields["cycle"]
            cycle.queryset = cycles
            cycle.label_from_instance = lambda c: f"{c.initiative.title}: {c.title}"
        else:
            del self.fields["cycle"]


class VoteForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": THEME_OF_SESSION},
    )

    def __init__(self, *args: Any, session: LearningSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme: Any = self.fields["theme"]
        theme.queryset = Theme.objects.filter(session=session)


GROUPING_CHOICES = [
    ("create", _("Make a theme")),
    ("move", _("Move to a theme")),
    ("remove", _("Take out of their theme")),
]


class GroupingForm(forms.Form):
    """Contributions ticked on the room page, and what to do with them: make a new theme of
    them, move them into a theme, or take them out of their theme."""

    what = forms.ChoiceField(choices=GROUPING_CHOICES, widget=forms.HiddenInput)
    contributions = forms.ModelMultipleChoiceField(
        label=_("Contributions"),
        queryset=Contribution.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "invalid_choice": CONTRIBUTIONS_OF_SESSION,
            "invalid_pk_value": CONTRIBUTIONS_OF_SESSION,
        },
    )
    title = TextField(label=_("Name of the new theme"), max_length=SHORT_TEXT, required=False)
    theme = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("Choose…"),
        error_messages={"invalid_choice": THEME_OF_SESSION},
    )

    def __init__(self, *args: Any, session: LearningSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        contributions: Any = self.fields["contributions"]
        contributions.queryset = Contribution.objects.filter(session=session)
        theme: Any = self.fields["theme"]
        theme.queryset = Theme.objects.filter(session=session).order_by("position", "id")

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        what = data.get("what")
        if what in {"move", "remove"} and not data.get("contributions"):
            self.add_error("contributions", _("Tick the contributions first."))
        if what == "move" and not data.get("theme") and "theme" not in self.errors:
            self.add_error("theme", _("Choose the theme to move them to."))
        if what == "create" and not data.get("title") and "title" not in self.errors:
            self.add_error("title", _("Give the theme a name."))
        return data


# Capture: what was said, insights, actions and proposed updates of the learning agenda ----


class NoteForm(forms.Form):
    theme = forms.ModelChoiceField(
        queryset=Theme.objects.none(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": THEME_OF_SESSION},
    )
    text = TextField(
        label=_("What was said"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args: Any, session: LearningSession, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        theme: Any = self.fields["theme"]
        theme.queryset = Theme.objects.filter(session=session)


class InsightForm(forms.Form):
    text = TextField(label=_("Insight"), widget=forms.Textarea(attrs={"rows": 3}))
    kind = forms.ChoiceField(
        label=_("This insight is a"), choices=InsightKind.choices, widget=forms.RadioSelect
    )
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        empty_label=_("(no theme)"),
        error_messages={"invalid_choice": THEME_OF_SESSION},
    )
    learning_questions = forms.ModelMultipleChoiceField(
        label=_("Learning questions"),
        queryset=LearningQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, session: LearningSession, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_insight_%s")
        super().__init__(*args, **kwargs)
        theme: Any = self.fields["theme"]
        theme.queryset = Theme.objects.filter(session=session).order_by("-votes", "position", "id")
        questions: Any = self.fields["learning_questions"]
        questions.queryset = selectors.room_learning_questions(session=session)
        questions.label_from_instance = lambda q: f"{q.number}. {q.text}"
        initiatives: Any = self.fields["initiatives"]
        initiatives.queryset = selectors.room_initiatives(session=session)
        initiatives.label_from_instance = lambda i: i.title


class ActionForm(forms.Form):
    text = TextField(label=_("Action"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(
        label=_("Who does it?"), queryset=User.objects.none(), empty_label=_("Choose…")
    )
    due_on = DutchDateField(
        label=_("Ready on"), help_text=_("Day-month-year, for example 15-1-2027.")
    )

    def __init__(self, *args: Any, session: LearningSession, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_action_%s")
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = selectors.room_action_owners(session=session)
        owner.label_from_instance = lambda user: user.name or user.email


class ProposalForm(forms.Form):
    question = forms.ModelChoiceField(
        label=_("Learning question"),
        queryset=LearningQuestion.objects.none(),
        empty_label=_("Choose…"),
    )
    kind = forms.ChoiceField(label=_("Proposal"), choices=ProposalKind.choices)
    text = TextField(
        label=_("New wording or answer"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        help_text=_("Leave empty when you mark the question as persistent."),
    )

    def __init__(self, *args: Any, session: LearningSession, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_proposal_%s")
        super().__init__(*args, **kwargs)
        question: Any = self.fields["question"]
        question.queryset = selectors.room_learning_questions(session=session)
        question.label_from_instance = lambda q: f"{q.number}. {q.text}"


CAPTURE_FORMS: dict[str, Callable[..., forms.Form]] = {
    "note": NoteForm,
    "insight": InsightForm,
    "action": ActionForm,
    "proposal": ProposalForm,
}


# Joining with a code ------------------------------------------------------------------------


class JoinForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The code on the board, for example KX7P3M."),
        error_messages={"required": _("Type the code of the session.")},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "off",
                "autocapitalize": "characters",
                "spellcheck": "false",
                "class": "sp-code-input",
            }
        ),
    )
    display_name = TextField(
        label=_("Your name (optional)"),
        max_length=80,
        required=False,
        help_text=_("Leave this empty to take part without a name."),
    )

    def clean_code(self) -> str:
        code: str = self.cleaned_data["code"]
        if not re.sub(r"[\s-]", "", code):
            raise ValidationError(_("Type the code of the session."), code="required")
        return code
