"""
Personal data in the admin's lists and forms. E-mail addresses (every e-mail
field, the patients' and the staff's) are seen only by those who may see
personal data (`permissions.can_see_personal_data`). For anyone else a field
that is not shown must not be found out either: a filter of the address
(`?email__startswith=m`, also through a relation), a search or an ordering by
it would answer whether or where a row matches, and a full address can be
recovered one character at a time.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models.constants import LOOKUP_SEP

from .. import permissions


def is_personal(field):
    return isinstance(field, models.EmailField)


def reaches_personal_data(model, path):
    """Whether the lookup or field path `path` (`email__startswith`, `disease__advice__email`) reads personal data."""
    for name in path.lstrip("-^=@").split(LOOKUP_SEP):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            # A lookup or transform (`startswith`, `lower`): the field it applies to was read before.
            return False
        if is_personal(field):
            return True
        if not field.is_relation or field.related_model is None:
            return False
        model = field.related_model
    return False


class PersonalDataAdmin:
    """A model admin that neither shows nor lets anyone search, filter or sort by personal data they may not see."""

    def hides_personal_data(self, request):
        return not permissions.can_see_personal_data(request.user)

    def without_personal_data(self, request, names):
        """`names` (fields, lookups, list filters) without those that read personal data, for who may not see it."""
        if not self.hides_personal_data(request):
            return names
        return [name for name in names if not self._reads_personal_data(name)]

    def _reads_personal_data(self, name):
        # A list filter is a field name, (field name, filter class) or a filter class of its own.
        if isinstance(name, (list, tuple)):
            name = name[0]
        # A column of the list may be a callable or a method that sorts by a field.
        method = name if callable(name) else self._column_method(name) if isinstance(name, str) else None
        if method is not None:
            name = getattr(method, "admin_order_field", None)
        return isinstance(name, str) and reaches_personal_data(self.model, name)

    def _column_method(self, name):
        if LOOKUP_SEP in name or (hasattr(self.model, name) and not callable(getattr(self.model, name))):
            return None
        return getattr(self, name, None) or getattr(self.model, name, None)

    def lookup_allowed(self, lookup, value, request):
        if self.hides_personal_data(request) and reaches_personal_data(self.model, lookup):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_search_fields(self, request):
        return self.without_personal_data(request, super().get_search_fields(request))

    def get_list_filter(self, request):
        return self.without_personal_data(request, super().get_list_filter(request))

    def get_list_display(self, request):
        return self.without_personal_data(request, super().get_list_display(request))

    def get_sortable_by(self, request):
        return self.without_personal_data(request, super().get_sortable_by(request))

    def get_ordering(self, request):
        return self.without_personal_data(request, super().get_ordering(request))

    def get_fields(self, request, obj=None):
        # Also what the history's past versions show: they are rendered with these fields.
        return self.without_personal_data(request, super().get_fields(request, obj))

    def get_fieldsets(self, request, obj=None):
        return [
            (title, {**options, "fields": self._fieldset_fields(request, options["fields"])})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def _fieldset_fields(self, request, fields):
        kept = []
        for line in fields:
            # A line of a fieldset is a field, or fields shown side by side.
            shown = self.without_personal_data(request, line if isinstance(line, (list, tuple)) else [line])
            if shown:
                kept.append(tuple(shown) if isinstance(line, (list, tuple)) else line)
        return kept
