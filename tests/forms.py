"""Read a rendered HTML form the way a browser would submit it."""

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id = form_id
        self.in_form = False
        self.data = {}
        self._textarea = None
        self._select = None
        self._select_first = None
        self.textareas = set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and (self.form_id is None or attrs.get("id") == self.form_id):
            self.in_form = True
        if not self.in_form:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("submit", "button", "image", "file", "reset"):
                return
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    value = attrs.get("value", "on")
                    if kind == "checkbox" and name in self.data:
                        # Several boxes of one name: the browser sends every ticked value.
                        previous = self.data[name]
                        self.data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
                    else:
                        self.data[name] = value
                return
            self.data[name] = attrs.get("value", "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.textareas.add(name)
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self._select_first = None
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                self.data[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form" and self.in_form:
            self.in_form = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self.data.setdefault(self._select, self._select_first or "")
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea] += data


def form_data(html, form_id=None):
    """The fields of the form `form_id` (or of every form) with their current values."""
    parser = _FormParser(form_id)
    parser.feed(html if isinstance(html, str) else html.decode())
    data = parser.data
    # Browsers drop the newline that directly follows <textarea>.
    for name in parser.textareas:
        if data[name].startswith("\n"):
            data[name] = data[name][1:]
    return data


def add_inline_rows(data, prefix, rows):
    """Fill new rows of the inline formset `prefix`, as clicking “Add another” and typing would."""
    # A row added inside a new parent row brings its own empty management form.
    for counter in ("TOTAL_FORMS", "INITIAL_FORMS", "MIN_NUM_FORMS"):
        data.setdefault(f"{prefix}-{counter}", "0")
    data.setdefault(f"{prefix}-MAX_NUM_FORMS", "1000")
    start = int(data[f"{prefix}-TOTAL_FORMS"])
    for offset, row in enumerate(rows):
        for field, value in row.items():
            data[f"{prefix}-{start + offset}-{field}"] = value
    data[f"{prefix}-TOTAL_FORMS"] = str(start + len(rows))
    return data
