"""Forms of coaching. They parse; coaching.services decides (dates, the programme of
what is linked, empty conversations), so that direct service calls are refused too.
The choices come from the coaching's own programme: a tampered id of another programme
is not a valid choice."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import User
from samenspel.coaching import places
from samenspel.coaching.constants import GOAL_MAX, GoalStatus
from samenspel.coaching.selectors import coachees_to_start
from samenspel.common.forms import DateInput, TextField, VersionedForm
from samenspel.programmes.models import Initiative, LearningQuestion, Programme


def _today_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kwargs)


class _TodayForm(forms.Form):
    """Sets today as the initial value of the form's date."""

    date_field = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.date_field and not self.initial.get(self.date_field):
            self.fields[self.date_field].initial = timezone.localdate()


class CoachingStartForm(_TodayForm):
    date_field = "started_on"
    coachee = forms.ModelChoiceField(
        label=_("Civil servant"), queryset=User.objects.none(), empty_label=_("Choose…")
    )
    started_on = _today_field(_("Started on"))

    def __init__(self, *args: Any, programme: Programme, coach: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        coachee: Any = self.fields["coachee"]
        coachee.queryset = coachees_to_start(programme=programme, coach=coach)


class ConversationForm(_TodayForm):
    date_field = "held_on"
    held_on = _today_field(_("Date of the conversation"))
    initiatives = forms.ModelMultipleChoiceField(
        label=_("Initiatives it was about"),
        queryset=Initiative.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    what_happened = TextField(
        label=_("What happened in the work with the initiative?"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
    )
    reflection = TextField(
        label=_("Reflection"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What do you notice about your own part in it? What do you learn?"),
    )
    agreements = TextField(
        label=_("Agreements"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What will you do before the next conversation?"),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiatives: Any = self.fields["initiatives"]
        initiatives.queryset = Initiative.objects.filter(programme=programme).order_by(
            "sort_name", "id"
        )


class ConversationEditForm(ConversationForm, VersionedForm):
    pass


class GoalForm(_TodayForm):
    date_field = "set_on"
    text = TextField(
        label=_("Development goal"),
        max_length=GOAL_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What do you want to learn or do differently?"),
    )
    learning_questions = forms.ModelMultipleChoiceField(
        label=_("Learning questions"),
        queryset=LearningQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    set_on = _today_field(_("Set on"))

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        questions: Any = self.fields["learning_questions"]
        questions.queryset = LearningQuestion.objects.filter(programme=programme)
        # What the apps above coaching add (coaching.places), after the goal's own fields.
        self.extra_fields = places.goal_form_fields(programme)
        self.fields.update(self.extra_fields)


class GoalStepForm(_TodayForm):
    date_field = "on"
    status = forms.ChoiceField(
        label=_("Status from now on"), choices=GoalStatus.choices, widget=forms.RadioSelect
    )
    note = TextField(
        label=_("What happened with this goal?"), widget=forms.Textarea(attrs={"rows": 3})
    )
    on = _today_field(_("Date"))
