"""The search form: the words, and optionally one of the user's programmes and a kind.
Read from the address (GET), so a search can be bookmarked and shared."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.common.forms import TextField
from samenspel.insights.search import MAX_QUERY_LENGTH, Readable
from samenspel.insights.search_models import SearchKind


class SearchForm(forms.Form):
    q = TextField(label=_("Search for"), max_length=MAX_QUERY_LENGTH)
    programme = forms.ChoiceField(
        label=_("Programme"),
        required=False,
        error_messages={"invalid_choice": _("Choose one of your programmes.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind"),
        required=False,
        choices=[("", _("Everything")), *SearchKind.choices],
        error_messages={"invalid_choice": _("Choose one of the kinds in the list.")},
    )

    def __init__(self, *args: Any, programmes: list[Readable], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["programme"]
        field.choices = [
            ("", _("All your programmes")),
            *((programme.slug, programme.name) for programme in programmes),
        ]
        self.fields["q"].widget.input_type = "search"
