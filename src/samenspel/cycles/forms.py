"""Forms for the phases of a learning cycle. Dates are checked against the programme's
period and each other in cycles.services, so direct service calls are refused too."""

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import User
from samenspel.common.forms import DateInput, TextField
from samenspel.common.text import SHORT_TEXT
from samenspel.cycles.constants import Decision, ObservationKind
from samenspel.cycles.services import OWNER_ROLES, QUESTIONS_CHANGED, questions_fingerprint
from samenspel.programmes.forms import members_with
from samenspel.programmes.models import LearningQuestion, Programme


def happened_on(label: Any) -> forms.DateField:
    """The date a step happened, which may lie long before it is recorded. Empty means
    today."""
    return forms.DateField(label=label, widget=DateInput(), required=False)


class _HappenedForm(forms.Form):
    """Sets today as the initial value of the form's happened date."""

    happened_field = ""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.happened_field:
            self.fields[self.happened_field].initial = timezone.localdate()


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
        owner_field: Any = self.fields["owner"]
        owner_field.queryset = members_with(programme, OWNER_ROLES)
        questions_field: Any = self.fields["learning_questions"]
        questions_field.queryset = LearningQuestion.objects.filter(programme=programme)


class ExpectationForm(_HappenedForm):
    happened_field = "written_on"
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
    written_on = happened_on(_("Written on"))


class StartForm(_HappenedForm):
    happened_field = "acting_on"
    acting_on = happened_on(_("Acting since"))


class ObservationForm(forms.Form):
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=ObservationKind.choices)
    text = TextField(label=_("What did you see?"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["occurred_on"].initial = timezone.localdate()


class ReviewForm(_HappenedForm):
    """One text field per question of the programme's after action review, and the
    fingerprint of the questions it showed: when they change before the answers are
    saved, the answers are shown again beside the new questions."""

    happened_field = "reviewed_on"
    fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    reviewed_on = happened_on(_("Reviewed on"))

    def __init__(self, *args: Any, questions: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.current_fingerprint = questions_fingerprint(questions)
        self.fields["fingerprint"].initial = self.current_fingerprint
        self.answer_fields = [f"answer_{i}" for i in range(len(questions))]
        for name, question in zip(self.answer_fields, questions, strict=True):
            self.fields[name] = TextField(label=question, widget=forms.Textarea(attrs={"rows": 3}))
        self.order_fields([*self.answer_fields, "reviewed_on"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_bound and self.data.get("fingerprint") != self.current_fingerprint:
            # Shown again with the new questions' fingerprint, so the next save counts.
            posted: Any = self.data
            data = posted.copy()
            data["fingerprint"] = self.current_fingerprint
            self.data = data
            raise forms.ValidationError(QUESTIONS_CHANGED, code="questions_changed")
        return cleaned

    def answers(self) -> list[str]:
        return [self.cleaned_data[name] for name in self.answer_fields]


class AdjustmentForm(_HappenedForm):
    happened_field = "closed_on"
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
    closed_on = happened_on(_("Decided on"))
    set_initiative_status = forms.BooleanField(
        label=_(
            "Also set the initiative to stopped (when you stop) or continued (when you scale up)"
        ),
        required=False,
        initial=True,
    )


class AbandonForm(_HappenedForm):
    happened_field = "abandoned_on"
    reason = TextField(
        label=_("Why is the cycle abandoned?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("An abandoned cycle counts as not completed."),
    )
    abandoned_on = happened_on(_("Abandoned on"))


class ReplanForm(forms.Form):
    expectation_due = forms.DateField(label=_("Expectation due"), widget=DateInput())
    review_due = forms.DateField(label=_("Review due"), widget=DateInput())
    adjustment_due = forms.DateField(label=_("Adjustment due"), widget=DateInput())


class HandOverForm(forms.Form):
    owner = forms.ModelChoiceField(
        label=_("New owner"), queryset=User.objects.none(), empty_label=_("Choose…")
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field: Any = self.fields["owner"]
        owner_field.queryset = members_with(programme, OWNER_ROLES)


class NewOwnerForm(forms.Form):
    """On the membership removal page: who takes over the leaving member's open cycles."""

    cycles_new_owner = forms.ModelChoiceField(
        label=_("Who takes over these cycles?"), queryset=User.objects.none()
    )

    def __init__(self, *args: Any, programme: Programme, leaving: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner_field: Any = self.fields["cycles_new_owner"]
        owner_field.queryset = members_with(programme, OWNER_ROLES).exclude(pk=leaving.pk)
