"""Forms of the compass: choosing a template, the core, a facet, an answer link, and the
answer sheet itself. They parse; compass.services decides (a score's bounds, the day,
the facets that may be answered, the subject), so that a direct service call is refused
the same way and its message lands on the field it concerns.

The answer sheet has three fields per facet, named as the service names them in its
refusals (`facet_<id>_current`, `facet_<id>_desired`, `facet_<id>_note`). A score is
passed on as typed when it is not a whole number, so that the service's message is the
one shown; facet ids in the data that are not on the sheet are passed on too, and the
service refuses them (another programme's facet, a retired one)."""

import re
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.common.forms import TextField, VersionedForm
from samenspel.common.text import SHORT_TEXT
from samenspel.compass.constants import (
    CORE_MAX,
    DEFAULT_TEMPLATE,
    FACET_DESCRIPTION_MAX,
    FACET_NAME_MAX,
    NOTE_MAX,
    OWN_FACETS,
    SCORES,
    TEMPLATES,
    FacetColour,
    Subject,
)
from samenspel.compass.models import Facet
from samenspel.compass.services import ScoreInput
from samenspel.learning_sessions.forms_room import DutchDateField
from samenspel.programmes.models import Initiative, Programme

# Up to this many initiatives, the answer form offers them in a list; beyond, an answer
# about an initiative starts on the initiative's page ("Answer the compass about it").
MAX_INITIATIVES_TO_CHOOSE = 100

_ANSWER_FIELD = re.compile(r"facet_(\d{1,9})_(current|desired|note)")
_WHOLE_NUMBER = re.compile(r"[-\u2212]?[0-9]{1,4}")


def template_choices() -> list[tuple[str, Any]]:
    return [
        *((key, template.title) for key, template in TEMPLATES.items()),
        (OWN_FACETS, _("Own facets")),
    ]


class TemplateForm(forms.Form):
    template = forms.ChoiceField(
        label=_("Start from"),
        choices=template_choices,
        widget=forms.RadioSelect,
        initial=DEFAULT_TEMPLATE,
    )
    # Starting again replaces the facets: the first post asks, the second confirms.
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class CoreForm(VersionedForm):
    core = TextField(
        label=_("Core"),
        max_length=CORE_MAX,
        help_text=_("What the compass turns around, for example “Learning by experimenting”."),
    )


class FacetForm(forms.Form):
    name = TextField(label=_("Name"), max_length=FACET_NAME_MAX)
    description = TextField(
        label=_("Description"),
        max_length=FACET_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One sentence that helps people score this facet."),
    )
    colour = forms.ChoiceField(
        label=_("Colour"),
        choices=FacetColour.choices,
        help_text=_("The colour of its line in the pictures."),
    )


class LinkForm(forms.Form):
    title = TextField(
        label=_("Title"),
        max_length=SHORT_TEXT,
        help_text=_("Residents see it above the form, for example “Village evening March”."),
    )
    subject = forms.ChoiceField(
        label=_("The link asks about"),
        choices=[
            (Subject.PROGRAMME, Subject.PROGRAMME.label),
            (Subject.INITIATIVE, Subject.INITIATIVE.label),
        ],
        widget=forms.RadioSelect,
        initial=Subject.PROGRAMME,
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("Choose…"),
        help_text=_("Only when the link asks about an initiative."),
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiative: Any = self.fields["initiative"]
        initiative.queryset = Initiative.objects.filter(programme=programme).order_by(
            "sort_name", "id"
        )


def _score_widget() -> forms.RadioSelect:
    """0 to 10, after "no answer": a chosen radio button cannot be unchosen without
    script, so leaving a score empty is a choice of its own."""
    return forms.RadioSelect(
        choices=[("", _("No answer")), *((str(score), str(score)) for score in SCORES)]
    )


def _typed_score(value: Any) -> int | str | None:
    """A whole number as a number; anything else as typed, for the service to refuse."""
    text = str(value or "").strip()
    if not text:
        return None
    if _WHOLE_NUMBER.fullmatch(text):
        return int(text.replace("\u2212", "-"))
    return text


class ScoresForm(forms.Form):
    """The facets of the sheet: a fieldset per facet in use (components of
    compass/_facet_fields.html), each with its score now, desired and a note."""

    def __init__(self, *args: Any, facets: list[Facet], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.facets = facets
        for facet in facets:
            prefix = f"facet_{facet.pk}"
            self.fields[f"{prefix}_current"] = forms.CharField(
                label=_("Now"), required=False, widget=_score_widget()
            )
            self.fields[f"{prefix}_desired"] = forms.CharField(
                label=_("Desired"), required=False, widget=_score_widget()
            )
            self.fields[f"{prefix}_note"] = forms.CharField(
                label=_("Note"),
                required=False,
                max_length=None,
                widget=forms.Textarea(attrs={"rows": 2, "maxlength": NOTE_MAX}),
            )

    def facet_rows(self) -> list[tuple[Facet, Any, Any, Any]]:
        """Each facet with its three bound fields, for the template."""
        return [
            (
                facet,
                self[f"facet_{facet.pk}_current"],
                self[f"facet_{facet.pk}_desired"],
                self[f"facet_{facet.pk}_note"],
            )
            for facet in self.facets
        ]

    def answers(self) -> dict[int, ScoreInput]:
        """Every facet the data answers (also ones not on the sheet), as typed."""
        found: dict[int, dict[str, Any]] = {}
        for key in self.data:
            match = _ANSWER_FIELD.fullmatch(key)
            if match:
                found.setdefault(int(match[1]), {})[match[2]] = self.data.get(key)
        answers = {}
        for facet_id, values in found.items():
            current: Any = _typed_score(values.get("current"))
            desired: Any = _typed_score(values.get("desired"))
            note = str(values.get("note") or "")
            if current is None and desired is None and not note.strip():
                continue  # left empty: this facet is skipped
            answers[facet_id] = ScoreInput(current=current, desired=desired, note=note)
        return answers


class AssessmentForm(ScoresForm):
    """A member's answer sheet: about what, on which day, and whether anonymously."""

    subject = forms.ChoiceField(
        label=_("What is your answer about?"),
        choices=[
            (Subject.PROGRAMME, Subject.PROGRAMME.label),
            (Subject.INITIATIVE, Subject.INITIATIVE.label),
            (Subject.PERSON, _("Myself (how I work)")),
        ],
        widget=forms.RadioSelect,
        initial=Subject.PROGRAMME,
    )
    initiative = forms.ModelChoiceField(
        label=_("Initiative"),
        queryset=Initiative.objects.none(),
        required=False,
        empty_label=_("Choose…"),
        help_text=_("Only when your answer is about an initiative."),
    )
    # Left empty, the day is today (the service's default).
    assessed_on = DutchDateField(
        label=_("Date"),
        required=False,
        help_text=_("For example 14-3-2025. A day in the past is fine too."),
    )
    anonymous = forms.BooleanField(
        label=_("Answer anonymously"),
        required=False,
        help_text=_(
            "Your name is not stored with the answer. You cannot take it back later. "
            "Not possible for an answer about yourself."
        ),
    )

    def __init__(
        self,
        *args: Any,
        programme: Programme,
        about: Initiative | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        initiatives = Initiative.objects.filter(programme=programme).order_by("sort_name", "id")
        initiative: Any = self.fields["initiative"]
        # Reached from an initiative's page: about that initiative.
        self.about = about
        if about is not None:
            initiative.queryset = initiatives.filter(pk=about.pk)
            initiative.empty_label = None
            initiative.initial = about.pk
            self.fields["subject"].initial = Subject.INITIATIVE
        else:
            # One query, at any size: the first few initiatives, or that there are more.
            rows = list(initiatives.values_list("pk", "title")[: MAX_INITIATIVES_TO_CHOOSE + 1])
            if len(rows) > MAX_INITIATIVES_TO_CHOOSE:
                # Too many to choose from in a list (and to draw on every visit): an
                # answer about an initiative starts on that initiative's page.
                del self.fields["initiative"]
                subject: Any = self.fields["subject"]
                subject.choices = [
                    choice for choice in subject.choices if choice[0] != Subject.INITIATIVE
                ]
            else:
                initiative.queryset = initiatives  # checks what is sent
                initiative.choices = [("", initiative.empty_label), *rows]
        self.fields["assessed_on"].initial = timezone.localdate()
