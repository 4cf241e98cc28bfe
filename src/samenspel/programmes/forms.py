"""Forms for programmes, areas, initiatives, the learning agenda and memberships. They
parse and validate input; the services decide and write."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import User
from samenspel.common.forms import (
    MONEY_HELP,
    DateInput,
    MoneyField,
    TextField,
    VersionedForm,
    lines,
)
from samenspel.common.text import SHORT_TEXT
from samenspel.programmes import extensions
from samenspel.programmes.constants import InitiativeStatus, QuestionStatus, Role
from samenspel.programmes.models import Area, Programme
from samenspel.programmes.services import clean_review_questions


def budget_field() -> forms.Field:
    """The programme's budget, read the Dutch way ("4.000,50")."""
    return MoneyField(label=_("Budget (€)"), required=False, help_text=MONEY_HELP)


class ProgrammeForm(forms.Form):
    name = TextField(label=_("Name"), max_length=SHORT_TEXT)
    learning_goal = TextField(
        label=_("Higher learning goal"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text=_("What does the organisation as a whole want to learn?"),
    )
    description = TextField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput(), required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput(), required=False)
    budget = budget_field()
    # A whole percentage: a number input would read "25,5" by the browser's locale, and a
    # whole number cannot be misread.
    co_investment_percentage = forms.IntegerField(
        label=_("Co-investment rule (%)"),
        min_value=0,
        max_value=100,
        required=False,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_(
            "Residents co-invest at least this percentage of the municipal contribution, "
            "for example 25. Leave empty for no rule."
        ),
    )
    review_questions = forms.CharField(
        label=_("Questions of the after action review"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("One question per line. Every review answers these questions."),
    )

    def clean_review_questions(self) -> list[str]:
        # The service's rules (how many, how long), shown on this field.
        try:
            return clean_review_questions(lines(self.cleaned_data["review_questions"]))
        except ValidationError as error:
            raise forms.ValidationError(error.message_dict["review_questions"]) from error

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end date lies before the start date."))
        return data


class ProgrammeEditForm(VersionedForm, ProgrammeForm):
    pass


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=120)
    description = TextField(
        label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class AreaEditForm(VersionedForm, AreaForm):
    pass


def members_with(programme: Programme, roles: list[Role]) -> QuerySet[User]:
    return User.objects.filter(
        memberships__programme=programme, memberships__role__in=roles, is_active=True
    ).order_by("sort_name", "email")


class InitiativeForm(VersionedForm):
    title = TextField(label=_("Title"), max_length=SHORT_TEXT)
    summary = TextField(
        label=_("Summary"), widget=forms.Textarea(attrs={"rows": 4}), required=False
    )
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("(no area)")
    )
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices)
    initiators = forms.CharField(
        label=_("Initiators"),
        max_length=300,
        required=False,
        help_text=_("The residents or groups behind the initiative."),
    )
    initiator_accounts = forms.ModelMultipleChoiceField(
        label=_("Initiators with an account"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They can add observations to the cycles of this initiative."),
    )
    contact = forms.ModelChoiceField(
        label=_("Municipal contact"),
        queryset=User.objects.none(),
        required=False,
        empty_label=_("(nobody)"),
    )
    societal_task = forms.BooleanField(
        label=_("Societal task"),
        required=False,
        help_text=_("The initiative takes on a task that used to be the municipality's."),
    )
    municipal_contribution = MoneyField(
        label=_("Municipal contribution (€)"), initial=0, help_text=MONEY_HELP
    )
    resident_contribution = MoneyField(
        label=_("Residents' co-investment (€)"), initial=0, help_text=MONEY_HELP
    )
    other_contribution = MoneyField(label=_("Other funding (€)"), initial=0, help_text=MONEY_HELP)

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field: Any = self.fields["area"]
        area_field.queryset = Area.objects.filter(programme=programme)
        accounts_field: Any = self.fields["initiator_accounts"]
        accounts_field.queryset = members_with(programme, [Role.INITIATOR])
        contact_field: Any = self.fields["contact"]
        contact_field.queryset = members_with(
            programme, [Role.CIVIL_SERVANT, Role.FACILITATOR, Role.ADMINISTRATOR]
        )
        if not accounts_field.queryset.exists():
            del self.fields["initiator_accounts"]


class InitiativeCreateForm(InitiativeForm):
    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, programme=programme, **kwargs)
        del self.fields["version"]


class InitiativeProposeForm(forms.Form):
    """What an initiator fills in to propose an initiative of their own."""

    title = forms.CharField(label=_("Title"), max_length=200)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("What do you want to do, and for whom?"),
    )
    area = forms.ModelChoiceField(label=_("Area"), queryset=Area.objects.none(), required=False)
    initiators = forms.CharField(
        label=_("Initiators"),
        max_length=300,
        required=False,
        help_text=_("The residents or groups behind the initiative."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field: Any = self.fields["area"]
        area_field.queryset = Area.objects.filter(programme=programme)


class InitiativeFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *InitiativeStatus.choices],
        required=False,
    )
    societal_task = forms.ChoiceField(
        label=_("Societal task"),
        choices=[("", _("All")), ("yes", _("Yes")), ("no", _("No"))],
        required=False,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field: Any = self.fields["area"]
        area_field.queryset = Area.objects.filter(programme=programme)
        # The check boxes that apps built on programmes add (programmes.extensions).
        for filter_ in extensions.filters():
            self.fields[filter_.name] = forms.BooleanField(label=filter_.label, required=False)

    def filters(self) -> dict[str, Any]:
        """The valid filters; an invalid value is ignored (and shown as an error)."""
        data = self.cleaned_data if self.is_valid() else {}
        task = data.get("societal_task")
        area = data.get("area")
        return {
            "query": data.get("q", "").strip(),
            "area_id": area.pk if area else None,
            "status": data.get("status", ""),
            "societal_task": {"yes": True, "no": False}.get(task or ""),
            "narrowed_by": [f.name for f in extensions.filters() if data.get(f.name)],
        }


class QuestionCreateForm(forms.Form):
    text = TextField(label=_("Learning question"), widget=forms.Textarea(attrs={"rows": 3}))


class QuestionForm(VersionedForm):
    text = TextField(
        label=_("Learning question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A new wording is kept as a new version; earlier wordings stay visible."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=QuestionStatus.choices)
    answer = forms.CharField(
        label=_("Answer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("Required when the status is answered: what is the answer we found?"),
    )

    def clean(self) -> dict[str, Any] | None:
        data = super().clean() or {}
        if data.get("status") == QuestionStatus.ANSWERED and not data.get("answer", "").strip():
            self.add_error("answer", _("An answered question needs its answer."))
        return data


class QuestionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *QuestionStatus.choices],
        required=False,
    )


class MembershipAddForm(forms.Form):
    email = forms.EmailField(label=_("E-mail address"), max_length=254)
    name = forms.CharField(
        label=_("Name"),
        max_length=150,
        required=False,
        help_text=_("Only needed when this person has no account yet."),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class MembershipRoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)


class LinesForm(forms.Form):
    """A list, one item a line, previewed before it is stored (areas, members)."""

    lines = forms.CharField(
        label=_("One a line"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20_000
    )
    # Set by the preview's "Confirm" button: store, after checking the list again.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)
