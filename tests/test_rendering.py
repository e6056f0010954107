"""
The form renderer writes inputs, text areas, selects and labels without the
template engine: the markup must be exactly what Django's templates write,
whatever the values and attributes, and a template that is not Django's
own must still be used.
"""

import re
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from diseases.rendering import INPUT_TEMPLATES, FormRenderer

RENDERER = FormRenderer()
OPTION_TEMPLATES = ["django/forms/widgets/select_option.html", "django/forms/widgets/input_option.html"]
TEMPLATE_ENGINE = DjangoTemplates()

# Text with everything that must be escaped, and the odd values forms hold.
text = st.text(alphabet=st.sampled_from("ab <>&\"'é\n"), max_size=8)
values = st.one_of(
    st.none(),
    text,
    text.map(mark_safe),
    st.integers(-5, 5),
    st.just(gettext_lazy("Symptoms")),
    st.tuples(st.integers(0, 2), text),
)
attrs = st.dictionaries(
    st.sampled_from(["id", "class", "size", "rows", "data-x", "aria-describedby", "required", "disabled"]),
    st.one_of(st.booleans(), values.filter(lambda value: value is not None)),
    max_size=4,
)


def both(template_name, context):
    return RENDERER.render(template_name, context), TEMPLATE_ENGINE.render(template_name, context)


def test_the_renderer_writes_every_template_it_knows_and_is_the_sites_renderer():
    assert isinstance(get_default_renderer(), FormRenderer)
    assert set(RENDERER.writers) == {
        "django/forms/widgets/input.html",
        *INPUT_TEMPLATES,
        "django/forms/widgets/textarea.html",
        "django/forms/widgets/select.html",
        "django/forms/widgets/select_option.html",
        "django/forms/label.html",
    }


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(["django/forms/widgets/input.html", *INPUT_TEMPLATES]), text, values, attrs)
def test_inputs_are_written_as_djangos_template_writes_them(template_name, name, value, widget_attrs):
    widget = {"type": "text", "name": name, "value": value, "attrs": widget_attrs}
    ours, djangos = both(template_name, {"widget": widget})
    assert ours == djangos


@settings(max_examples=200, deadline=None)
@given(text, values, attrs)
def test_text_areas_are_written_as_djangos_template_writes_them(name, value, widget_attrs):
    ours, djangos = both(
        "django/forms/widgets/textarea.html", {"widget": {"name": name, "value": value, "attrs": widget_attrs}}
    )
    assert ours == djangos


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.one_of(st.none(), text),
            # Django's option template, or another one (written by the template engine).
            st.lists(st.tuples(values, values, attrs, st.sampled_from(OPTION_TEMPLATES)), max_size=3),
        ),
        max_size=3,
    ),
    attrs,
)
def test_selects_are_written_as_djangos_template_writes_them(groups, widget_attrs):
    optgroups = [
        (
            group_name,
            [
                {
                    "value": value,
                    "label": label,
                    "attrs": option_attrs,
                    "template_name": template_name,
                }
                for value, label, option_attrs, template_name in options
            ],
            index,
        )
        for index, (group_name, options) in enumerate(groups)
    ]
    widget = {"name": "system", "attrs": widget_attrs, "optgroups": optgroups}
    ours, djangos = both("django/forms/widgets/select.html", {"widget": widget})
    assert ours == djangos


@settings(max_examples=200, deadline=None)
@given(st.booleans(), values, st.one_of(st.none(), attrs), st.sampled_from(["label", "legend"]))
def test_labels_are_written_as_djangos_template_writes_them(use_tag, label, label_attrs, tag):
    context = {"use_tag": use_tag, "label": label, "attrs": label_attrs, "tag": tag}
    ours, djangos = both("django/forms/label.html", context)
    assert ours == djangos


def test_a_form_draws_the_same_markup_with_either_renderer():
    class SymptomForm(forms.Form):
        text = forms.CharField(label="Text <en>", initial='Pain & "swelling"', widget=forms.Textarea)
        order = forms.IntegerField(initial=3)
        system = forms.ChoiceField(choices=[("ICD-10", "ICD-10"), ("Other", [("x", "<x>")])], initial="x")
        urgent = forms.BooleanField(required=False, initial=True)
        page = forms.URLField(required=False)

    ours = SymptomForm(renderer=RENDERER).as_div()
    djangos = SymptomForm(renderer=TEMPLATE_ENGINE).as_div()
    assert ours == djangos
    assert "Pain &amp; &quot;swelling&quot;" in ours


def test_a_template_that_is_not_djangos_own_is_rendered_by_the_template_engine(tmp_path):
    (tmp_path / "django" / "forms" / "widgets").mkdir(parents=True)
    (tmp_path / "django" / "forms" / "widgets" / "text.html").write_text(
        '<input class="ours" name="{{ widget.name }}">\n'
    )

    class OverridingRenderer(FormRenderer):
        @cached_property
        def engine(self):
            dirs = [tmp_path, Path(forms.__file__).parent / "templates"]
            return self.backend({"APP_DIRS": True, "DIRS": dirs, "NAME": "overriding", "OPTIONS": {}})

    renderer = OverridingRenderer()
    assert "django/forms/widgets/text.html" not in renderer.writers
    assert "django/forms/widgets/textarea.html" in renderer.writers
    html = forms.TextInput().render("name", "value", renderer=renderer)
    assert html == '<input class="ours" name="name">'


@pytest.mark.parametrize("user", ["editor", "reviewer"])
def test_the_disease_form_draws_the_same_markup_with_either_renderer(client, demo, request, user, settings):
    client.force_login(request.getfixturevalue(user))
    url = reverse("admin:diseases_disease_change", args=[demo.pk])

    def page(renderer):
        settings.FORM_RENDERER = renderer
        get_default_renderer.cache_clear()
        try:
            html = client.get(url).content.decode()
        finally:
            get_default_renderer.cache_clear()
        return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)

    ours = page("diseases.rendering.FormRenderer")
    djangos = page("django.forms.renderers.DjangoTemplates")
    assert ours == djangos
    assert ours.count("<textarea") > 20
