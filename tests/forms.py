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


class Form:
    """A form as a browser holds it: where it is sent, its fields' values, its buttons and choices."""

    def __init__(self, attrs):
        self.id = attrs.get("id")
        self.method = (attrs.get("method") or "get").lower()
        self.action = attrs.get("action")
        self.data = {}
        self.buttons = []  # (name, value) of each submit button; (None, None) for a nameless one
        self.choices = {}  # {select name: [option values]}
        self.texts = []  # names of the text inputs and text areas, in order
        self.textareas = set()


class _FormsParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []
        self.form = None
        self._target = None  # the form of the text area or select being read
        self._textarea = None
        self._select = None
        self.elsewhere = {}  # {form id: Form holding the controls that name it in their form attribute}

    def owned_by(self, form_id):
        return self.elsewhere.setdefault(form_id, Form({}))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.form = Form(attrs)
            self.forms.append(self.form)
            return
        # A control with a form attribute belongs to that form, wherever it stands; an option, to its select's.
        if tag == "option" and self._select:
            form = self._target
        elif attrs.get("form"):
            form = self.owned_by(attrs["form"])
        else:
            form = self.form
        if form is None:
            return
        self._target = form
        name = attrs.get("name")
        kind = (attrs.get("type") or ("submit" if tag == "button" else "text")).lower()
        if tag in ("input", "button") and kind == "submit":
            form.buttons.append((name, attrs.get("value", "")) if name else (None, None))
        elif tag == "input" and name and kind not in ("button", "image", "file", "reset"):
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    value = attrs.get("value", "on")
                    previous = form.data.get(name)
                    if kind == "checkbox" and previous is not None:
                        form.data[name] = [*previous, value] if isinstance(previous, list) else [previous, value]
                    else:
                        form.data[name] = value
                form.choices.setdefault(name, []).append(attrs.get("value", "on"))
            else:
                form.data[name] = attrs.get("value", "")
                if kind in ("text", "search", "email", "url"):
                    form.texts.append(name)
        elif tag == "textarea" and name:
            self._textarea = name
            form.data[name] = ""
            form.texts.append(name)
            form.textareas.add(name)
        elif tag == "select" and name:
            self._select = name
            form.choices[name] = []
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            form.choices[self._select].append(value)
            if "selected" in attrs:
                form.data[self._select] = value

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            form = self._target
            if form is not None and self._select not in form.data and form.choices[self._select]:
                form.data[self._select] = form.choices[self._select][0]
            self._select = None

    def handle_data(self, data):
        if self._textarea and self._target is not None:
            self._target.data[self._textarea] += data


def forms_in(html):
    """Every form of a page, as a browser would send it."""
    parser = _FormsParser()
    parser.feed(html if isinstance(html, str) else html.decode())
    for form in parser.forms:
        owned = parser.elsewhere.get(form.id)
        if owned is not None:
            form.data.update(owned.data)
            form.buttons += owned.buttons
            form.texts += owned.texts
            form.textareas |= owned.textareas
            for name, values in owned.choices.items():
                form.choices.setdefault(name, []).extend(values)
        for name in form.textareas:
            if form.data[name].startswith("\n"):
                form.data[name] = form.data[name][1:]
    return parser.forms
