"""Forms for the phases of a learning cycle."""

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import User
from samenspel.common.forms import DateInput, TextField
from samenspel.common.text import SHORT_TEXT
from samenspel.cycles.constants import Decision, ObservationKind
from samenspel.programmes.constants import Role
from samenspel.programmes.forms import members_with
from samenspel.programmes.models import LearningQuestion, Programme


def within_reach(value: datetime.date) -> None:
    """Plans reach at most ten years back or ahead; anything further is a typing error."""
    today = timezone.localdate()
    if abs((value - today).days) > MAX_PLANNING_DAYS:
        raise forms.ValidationError(_("Choose a date within ten years from today."))


MAX_PLANNING_DAYS = 10 * 366


class CycleForm(forms.Form):
    title = TextField(label=_("Title"), max_length=SHORT_TEXT)
    owner = forms.ModelChoiceField(
        label=_("Owner"), queryset=User.objects.none(), empty_label=_("Choose…")
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    expectation_due = forms.DateField(
        label=_("Expectation due"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for two weeks after the start."),
    )
    review_due = forms.DateField(
        label=_("Review due"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for three months of acting."),
    )
    adjustment_due = forms.DateField(
        label=_("Adjustment due"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for two weeks after the review."),
    )
    learning_questions = forms.ModelMultipleChoiceField(
        label=_("Learning questions"),
        queryset=LearningQuestion.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_on"].initial = timezone.localdate()
        for name in ("starts_on", "expectation_due", "review_due", "adjustment_due"):
            self.fields[name].validators.append(within_reach)
        owner_field: Any = self.fields["owner"]
        owner_field.queryset = members_with(programme, [Role.CIVIL_SERVANT, Role.FACILITATOR])
        questions_field: Any = self.fields["learning_questions"]
        questions_field.queryset = LearningQuestion.objects.filter(programme=programme)


class ExpectationForm(forms.Form):
    # The version the writer started from (see services.expectation_token).
    based_on = forms.CharField(widget=forms.HiddenInput, required=False)
    intention = TextField(
        label=_("What do we intend to do?"), widget=forms.Textarea(attrs={"rows": 4})
    )
    expected_outcome = TextField(
        label=_("What do we expect to happen?"), widget=forms.Textarea(attrs={"rows": 4})
    )
    success_signs = TextField(
        label=_("How will we know?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What will we see or hear when it works?"),
    )


class ObservationForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=ObservationKind.choices)
    text = TextField(label=_("What did you see?"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()


class ReviewForm(forms.Form):
    """One text field per question of the programme's after action review."""

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for i, question in enumerate(questions):
            self.fields[f"answer_{i}"] = TextField(
                label=question, widget=forms.Textarea(attrs={"rows": 3})
            )

    def answers(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.fields]


class AdjustmentForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"), choices=Decision.choices, widget=forms.RadioSelect
    )
    text = TextField(label=_("What changes?"), widget=forms.Textarea(attrs={"rows": 4}))
    next_cycle_title = TextField(
        label=_("Title of the next cycle"),
        max_length=SHORT_TEXT,
        required=False,
        help_text=_("Fill in to open the next cycle right away. Leave empty for none."),
    )


class AbandonForm(forms.Form):
    reason = TextField(
        label=_("Why is the cycle abandoned?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("An abandoned cycle counts as not completed."),
    )
