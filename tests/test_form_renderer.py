"""Forms are drawn in Python, byte for byte as the templates drew them: the form renderer
(common.form_renderer) draws widgets as Django's own templates do, and the form_field tag
(components/field.html) draws a field as the template it replaced did; every kind of
widget and field Samenspel uses, with plain, hostile, safe, empty and odd values."""

import datetime
import itertools

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template import engines
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


# components/field.html as it was written before the form_field tag drew it: the
# reference for the tag's markup (labels, help and errors tied together for screen readers).
FIELD_TEMPLATE = """{% load samenspel %}
<div class="sp-field{% if field.errors %} sp-field--invalid{% endif %}">
{% if field|is_multiple_choice %}
  <fieldset{% if field.help_text or field.errors %} aria-describedby="{% if field.help_text %}{{ field.auto_id }}_help{% endif %} {% if field.errors %}{{ field.auto_id }}_error{% endif %}"{% endif %}>
    <legend>{{ field.label }}{% if field.field.required %} <span aria-hidden="true">*</span>{% endif %}</legend>
    {{ field }}
  </fieldset>
{% else %}
  <label for="{{ field.auto_id }}">{{ field.label }}{% if field.field.required %} <span aria-hidden="true">*</span>{% endif %}</label>
  {% field_widget field %}
{% endif %}
{% if field.help_text %}<p class="sp-help" id="{{ field.auto_id }}_help">{{ field.help_text }}</p>{% endif %}
{% for error in field.errors %}<p class="sp-error" id="{{ field.auto_id }}_error">{{ error }}</p>{% endfor %}
</div>
"""  # noqa: E501 (the template as it was written)


class Everything(forms.Form):
    text = forms.CharField(help_text="Help " + HOSTILE, label="Label " + HOSTILE)
    when = forms.DateField(widget=DateInput(), required=False)
    decision = forms.ChoiceField(choices=Decision.choices, widget=forms.RadioSelect)
    many = forms.MultipleChoiceField(
        choices=CHOICES, widget=forms.CheckboxSelectMultiple, help_text="Kies", required=False
    )
    yes = forms.BooleanField(required=False, label=mark_safe("<i>veilig</i>"))
    long = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    pick = forms.ChoiceField(choices=[("", "Choose…"), ("x", HOSTILE)])


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"text": HOSTILE, "when": "x", "decision": "z", "many": ["9"], "long": " ", "pick": "q"},
        {"text": "ok", "decision": "continue", "long": "t", "pick": "x", "many": ["a"]},
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_the_field_component_draws_what_its_template_drew(data, language):
    engine = engines["django"]
    reference = engine.from_string(FIELD_TEMPLATE)
    component = engine.get_template("components/field.html")
    with override(language):
        form = Everything(data) if data is not None else Everything()
        for field in form:
            context = {"field": field}
            assert component.render(context) == reference.render(context), field.name
