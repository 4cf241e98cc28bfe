"""The form renderer (common.form_renderer) draws widgets byte for byte as Django's own
templates do: every kind of widget Samenspel uses, with plain, hostile, safe, empty and
odd values, with and without the attributes the field components add."""

import datetime
import itertools

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy, override

from samenspel.common.form_renderer import FormRenderer
from samenspel.common.forms import DateInput
from samenspel.cycles.constants import Decision

HOSTILE = "<script>alert(\"x\")</script> & 'quote'"
CHOICES = [
    ("a", "Plain"),
    ("b", HOSTILE),
    ("c", gettext_lazy("Cancel")),
    ("d", mark_safe("<b>safe</b>")),
    (HOSTILE, "hostile value"),
]
GROUPED = [("", "Choose…"), ("Group <1>", [("x", "X"), ("y", "Y")]), ("z", "Z")]

WIDGETS = [
    forms.TextInput(),
    forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    DateInput(),
    forms.DateInput(),
    forms.EmailInput(),
    forms.NumberInput(),
    forms.PasswordInput(),
    forms.PasswordInput(render_value=True),
    forms.URLInput(),
    forms.HiddenInput(),
    forms.CheckboxInput(),
    forms.Textarea(),
    forms.Textarea(attrs={"rows": 3}),
    forms.RadioSelect(choices=Decision.choices),
    forms.RadioSelect(choices=CHOICES),
    forms.RadioSelect(choices=GROUPED),
    forms.CheckboxSelectMultiple(choices=CHOICES),
    forms.CheckboxSelectMultiple(choices=GROUPED, attrs={"class": 'list "x"'}),
    forms.Select(choices=CHOICES),
]
VALUES = [
    None,
    "",
    "gewoon",
    HOSTILE,
    mark_safe("<i>al veilig</i>"),
    "regel 1\nregel 2",
    0,
    1234567,
    2.5,
    True,
    False,
    datetime.date(2016, 10, 15),
    "b",
    ["a", "b", HOSTILE],
]
ATTRS = [
    None,
    {"id": "id_veld"},
    {
        "id": 'id_"veld"',
        "aria-describedby": "id_veld_help id_veld_error",
        "aria-invalid": "true",
        "required": True,
        "disabled": False,
        "data-x": 12345,
    },
]


@pytest.mark.parametrize("widget", WIDGETS, ids=lambda w: type(w).__name__)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_every_widget_is_drawn_as_django_draws_it(widget, language):
    ours, django = FormRenderer(), DjangoTemplates()
    with override(language):
        for value, attrs in itertools.product(VALUES, ATTRS):
            expected = widget.render("veld", value, attrs, renderer=django)
            drawn = widget.render("veld", value, attrs, renderer=ours)
            assert drawn == expected, (value, attrs)


def test_a_whole_form_is_drawn_as_django_draws_it():
    class Everything(forms.Form):
        text = forms.CharField(help_text="Help <b>")
        when = forms.DateField(widget=DateInput())
        decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
        many = forms.MultipleChoiceField(choices=CHOICES, widget=forms.CheckboxSelectMultiple)
        yes = forms.BooleanField(initial=True)
        long = forms.CharField(widget=forms.Textarea)

    for data in (None, {"text": HOSTILE, "when": "morgen", "many": ["b"], "long": HOSTILE}):
        form = Everything(data)
        assert form.render(renderer=FormRenderer()) == form.render(renderer=DjangoTemplates())


@pytest.mark.parametrize(
    "widget",
    [DateInput(), forms.Textarea(), forms.CheckboxInput(), forms.RadioSelect(choices=CHOICES)],
    ids=lambda w: type(w).__name__,
)
def test_the_common_widgets_skip_the_templates(monkeypatch, widget):
    def refuse(*args, **kwargs):
        raise AssertionError("drawn through a template")

    monkeypatch.setattr(DjangoTemplates, "render", refuse)
    assert "veld" in widget.render("veld", "b", {"id": "id_veld"}, renderer=FormRenderer())
