"""
The form renderer: Django's templates, except that its simplest ones (the
inputs, text areas, selects and labels) are written by Python functions that
write the same markup. The admin's disease form draws some three hundred of
them, and through the template engine they were a third of its cost.

Each function stands for the exact source of the templates it replaces,
recorded below. A template that differs from that source (another Django
version, or a project or app overriding it) is rendered by the template
engine as before, so the markup is always what the template says.
"""

import functools
import html

from django.forms.renderers import DjangoTemplates
from django.template import TemplateDoesNotExist
from django.template.base import render_value_in_context
from django.template.context import Context
from django.utils.html import conditional_escape
from django.utils.safestring import SafeData

INPUT = "django/forms/widgets/input.html"
ATTRS = "django/forms/widgets/attrs.html"
TEXTAREA = "django/forms/widgets/textarea.html"
SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"
LABEL = "django/forms/label.html"
LABEL_ATTRS = "django/forms/attrs.html"

ATTRS_SOURCE = (
    "{% for name, value in ATTRS.items %}{% if value is not False %} {{ name }}"
    "{% if value is not True %}=\"{{ value|stringformat:'s' }}\"{% endif %}{% endif %}{% endfor %}"
)
# The templates each function writes, as Django ships them.
SOURCES = {
    INPUT: (
        '<input type="{{ widget.type }}" name="{{ widget.name }}"{% if widget.value != None %} '
        "value=\"{{ widget.value|stringformat:'s' }}\"{% endif %}"
        '{% include "django/forms/widgets/attrs.html" %}>\n'
    ),
    ATTRS: ATTRS_SOURCE.replace("ATTRS", "widget.attrs"),
    TEXTAREA: (
        '<textarea name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>\n'
        "{% if widget.value %}{{ widget.value }}{% endif %}</textarea>\n"
    ),
    SELECT: (
        '<select name="{{ widget.name }}"{% include "django/forms/widgets/attrs.html" %}>'
        "{% for group_name, group_choices, group_index in widget.optgroups %}{% if group_name %}\n"
        '  <optgroup label="{{ group_name }}">{% endif %}{% for option in group_choices %}\n'
        "  {% include option.template_name with widget=option %}{% endfor %}{% if group_name %}\n"
        "  </optgroup>{% endif %}{% endfor %}\n"
        "</select>\n"
    ),
    OPTION: (
        "<option value=\"{{ widget.value|stringformat:'s' }}\""
        '{% include "django/forms/widgets/attrs.html" %}>{{ widget.label }}</option>\n'
    ),
    LABEL: (
        "{% if use_tag %}<{{ tag }}{% include 'django/forms/attrs.html' %}>{{ label }}</{{ tag }}>"
        "{% else %}{{ label }}{% endif %}\n"
    ),
    LABEL_ATTRS: ATTRS_SOURCE.replace("ATTRS", "attrs"),
}
# The widgets whose template is only `{% include "django/forms/widgets/input.html" %}`.
INPUT_TEMPLATES = [
    f"django/forms/widgets/{name}.html"
    for name in (
        "checkbox",
        "color",
        "date",
        "datetime",
        "email",
        "hidden",
        "number",
        "password",
        "search",
        "tel",
        "text",
        "time",
        "url",
    )
]
SOURCES.update(dict.fromkeys(INPUT_TEMPLATES, '{% include "django/forms/widgets/input.html" %}\n'))


_CONTEXT = Context(autoescape=True)


class Unusual(Exception):
    """
    A value the template engine treats in a way of its own (it calls a
    callable, it reads `attrs.items` as a key): the template renders it.
    """


def _text(value):
    """`{{ value }}`: localized and escaped, as the template engine writes a value."""
    if type(value) is str:
        return html.escape(value)  # all that localizing and escaping do to a plain string
    if callable(value):
        raise Unusual
    return render_value_in_context(value, _CONTEXT)


def _string(value):
    """`{{ value|stringformat:'s' }}`: the value as a string; kept safe if it, or its string, was safe."""
    if type(value) is str:
        return html.escape(value)
    if callable(value):
        raise Unusual
    try:
        text = "%s" % (str(value) if isinstance(value, tuple) else value)  # noqa: UP031 - stringformat's own %
    except (ValueError, TypeError):
        return ""  # as stringformat answers
    return text if isinstance(value, SafeData) else conditional_escape(text)


def _attrs(attrs):
    """attrs.html: ` name="value"` each, ` name` alone for True, nothing for False."""
    if not attrs:
        return ""
    if "items" in attrs:
        raise Unusual
    return "".join(
        f" {_text(name)}" if value is True else f' {_text(name)}="{_string(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def _input(context):
    widget = context["widget"]
    value = f' value="{_string(widget["value"])}"' if widget["value"] != None else ""  # noqa: E711 - as the template
    return f'<input type="{_text(widget["type"])}" name="{_text(widget["name"])}"{value}{_attrs(widget["attrs"])}>'


def _textarea(context):
    widget = context["widget"]
    start = f'<textarea name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>\n'
    return start + (_text(widget["value"]) if widget["value"] else "") + "</textarea>"


def _option(context):
    option = context["widget"]
    return f'<option value="{_string(option["value"])}"{_attrs(option["attrs"])}>{_text(option["label"])}</option>\n'


def _label(context):
    if not context["use_tag"]:
        return _text(context["label"])
    tag = _text(context["tag"])
    return f"<{tag}{_attrs(context['attrs'])}>{_text(context['label'])}</{tag}>"


class FormRenderer(DjangoTemplates):
    """Django's form renderer, with the templates in `SOURCES` written by the functions above."""

    def render(self, template_name, context, request=None):
        write = self.writers.get(template_name)
        if write is not None:
            try:
                return write(context).strip()
            except Unusual:
                pass
        return super().render(template_name, context, request)

    @functools.cached_property
    def writers(self):
        """{template name: function}, for the templates whose source is the one their function writes."""
        # The templates the others include.
        if not self._as_shipped(INPUT, ATTRS, LABEL_ATTRS):
            return {}
        writers = {
            **dict.fromkeys([INPUT, *INPUT_TEMPLATES], _input),
            TEXTAREA: _textarea,
            SELECT: self._select,
            OPTION: _option,
            LABEL: _label,
        }
        return {name: write for name, write in writers.items() if self._as_shipped(name)}

    def _as_shipped(self, *template_names):
        try:
            return all(self.get_template(name).template.source == SOURCES[name] for name in template_names)
        except TemplateDoesNotExist:  # an older Django, without the newer input types
            return False

    def _select(self, context):
        widget = context["widget"]
        markup = [f'<select name="{_text(widget["name"])}"{_attrs(widget["attrs"])}>']
        for group_name, group_choices, _index in widget["optgroups"]:
            if group_name:
                markup.append(f'\n  <optgroup label="{_text(group_name)}">')
            for option in group_choices:
                markup.append("\n  ")
                if self.writers.get(option["template_name"]) is _option:
                    markup.append(_option({"widget": option}))
                else:
                    template = self.get_template(option["template_name"])
                    markup.append(template.render({**context, "widget": option}))
            if group_name:
                markup.append("\n  </optgroup>")
        markup.append("\n</select>")
        return "".join(markup)
