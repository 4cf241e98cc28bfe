"""The filters of the helicopter view's matrix: a village (area) for the rows and a
status of the learning questions for the columns. An invalid value is ignored and shown
as an error on the form; the page still answers."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.programmes.constants import QuestionStatus
from samenspel.programmes.models import Area, Programme


class MatrixFilterForm(forms.Form):
    area = forms.ModelChoiceField(
        label=_("Area"), queryset=Area.objects.none(), required=False, empty_label=_("All areas")
    )
    status = forms.ChoiceField(
        label=_("Status of the learning question"),
        choices=[("", _("All statuses")), *QuestionStatus.choices],
        required=False,
    )

    def __init__(self, *args: Any, programme: Programme, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area_field: Any = self.fields["area"]
        area_field.queryset = Area.objects.filter(programme=programme)

    def chosen(self) -> tuple[int | None, str]:
        """(area id, question status) of the valid filters; an invalid one is left out."""
        if not self.is_bound:
            return None, ""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        area = data.get("area")
        return (area.pk if area else None), data.get("status", "") or ""
