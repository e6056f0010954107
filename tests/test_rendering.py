"""
The form renderer writes inputs, text areas, selects and labels without the
template engine: the markup must be exactly what Django's templates write,
whatever the values and attributes, and a template that is not Django's
own must still be used.
"""

import re
from datetime import UTC
from pathlib import Path

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates, get_default_renderer
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from hypothesis import given, settings
from hypothesis import strategies as st

from diseases.rendering import INPUT_TEMPLATES, FormRenderer

RENDERER = FormRenderer()
OPTION_TEMPLATES = ["django/forms/widgets/select_option.html", "django/forms/widgets/input_option.html"]
TEMPLATE_ENGINE = DjangoTemplates()


class SafeWhenWritten:
    """An object whose string is already HTML (as a model's `__str__` may be)."""

    def __str__(self):
        return format_html("<b>{}</b>", "A&B")


class Unwritable:
    def __str__(self):
        raise ValueError("no string")


# Text with everything that must be escaped, and the odd values forms hold.
text = st.text(alphabet=st.sampled_from("ab <>&\"'é\n"), max_size=8)
values = st.one_of(
    st.none(),
    text,
    text.map(mark_safe),
    st.integers(-5, 5),
    st.floats(-2, 2, allow_nan=False),
    st.booleans(),
    st.dates(),
    st.datetimes(timezones=st.just(UTC)),
    st.just(gettext_lazy("Symptoms")),
    st.just(mark_safe(gettext_lazy("Symptoms &amp; signs"))),
    st.tuples(st.integers(0, 2), text),
    st.just(SafeWhenWritten()),
    st.just(Unwritable()),
    # The template engine calls what can be called; the renderer leaves those to it.
    st.just(lambda: "<called>"),
)
names = st.one_of(st.sampled_from(["id", "class", "data-x", "aria-describedby", "required", "items"]), text)
attrs = st.dictionaries(names, st.one_of(st.booleans(), values.filter(lambda value: value is not None)), max_size=4)


def outcome(renderer, template_name, context):
    """What a renderer writes, or the kind of error it raises."""
    try:
        return renderer.render(template_name, context)
    except Exception as error:  # noqa: BLE001 - compared, not hidden
        return type(error)


def both(template_name, context):
    return outcome(RENDERER, template_name, context), outcome(TEMPLATE_ENGINE, template_name, context)


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
@given(st.sampled_from(["django/forms/widgets/input.html", *INPUT_TEMPLATES]), names, text, values, attrs)
def test_inputs_are_written_as_djangos_template_writes_them(template_name, input_type, name, value, widget_attrs):
    widget = {"type": input_type, "name": name, "value": value, "attrs": widget_attrs}
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
@given(st.booleans(), values, st.one_of(st.none(), attrs), st.one_of(st.sampled_from(["label", "legend"]), text))
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


def renderer_overriding(tmp_path, template_name, source):
    """A FormRenderer that finds `source` for `template_name` before Django's own templates."""
    (tmp_path / template_name).parent.mkdir(parents=True)
    (tmp_path / template_name).write_text(source)

    class OverridingRenderer(FormRenderer):
        @cached_property
        def engine(self):
            dirs = [tmp_path, Path(forms.__file__).parent / "templates"]
            return self.backend({"APP_DIRS": True, "DIRS": dirs, "NAME": "overriding", "OPTIONS": {}})

    return OverridingRenderer()


def test_a_template_that_is_not_djangos_own_is_rendered_by_the_template_engine(tmp_path):
    renderer = renderer_overriding(
        tmp_path, "django/forms/widgets/text.html", '<input class="ours" name="{{ widget.name }}">\n'
    )

    assert "django/forms/widgets/text.html" not in renderer.writers
    assert "django/forms/widgets/textarea.html" in renderer.writers
    html = forms.TextInput().render("name", "value", renderer=renderer)
    assert html == '<input class="ours" name="name">'


def test_a_template_missing_from_this_django_is_left_to_the_template_engine():
    class OlderDjango(FormRenderer):
        def get_template(self, template_name):
            if template_name == "django/forms/widgets/search.html":
                raise TemplateDoesNotExist(template_name)
            return super().get_template(template_name)

    renderer = OlderDjango()
    assert "django/forms/widgets/search.html" not in renderer.writers
    assert "django/forms/widgets/text.html" in renderer.writers


def test_when_the_attributes_template_is_not_djangos_nothing_is_written_without_the_engine(tmp_path):
    renderer = renderer_overriding(
        tmp_path,
        "django/forms/widgets/attrs.html",
        "{% for name, value in widget.attrs.items %} data-{{ name }}{% endfor %}",
    )

    assert renderer.writers == {}
    html = forms.Textarea(attrs={"rows": 2}).render("body", "", renderer=renderer)
    assert html.startswith('<textarea name="body" data-cols data-rows>')


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
