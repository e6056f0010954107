"""
Row ids posted to the admin are checked before they reach the database: an
id that is not one of the model's (not a number, out of range, another
page's row) is a form error or a message, never a server error, and never
reaches a row it does not belong to.
"""

from django.contrib import messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, router, transaction
from django.db.models import AutoField, BigAutoField, BigIntegerField, IntegerField, SmallAutoField
from django.forms.models import BaseModelFormSet
from django.http import HttpResponseRedirect
from django.utils.translation import gettext
from nested_admin import NestedInlineFormSet

from ..widgets import AutocompleteSelect

INTEGER_FIELDS = (AutoField, BigAutoField, SmallAutoField, IntegerField, BigIntegerField)


def is_row_id(model, value):
    """Whether `value`, as posted, can be the primary key of a `model` row."""
    field = model._meta.pk
    try:
        pk = field.to_python(value)
    except ValidationError:
        return False
    if pk is None:
        return False
    if isinstance(field, INTEGER_FIELDS):
        low, high = connection.ops.integer_field_range(field.get_internal_type())
        return (low is None or pk >= low) and (high is None or pk <= high)
    return True


class CheckedAutocompleteSelect(AutocompleteSelect):
    """
    The admin's autocomplete for a foreign key (named, see
    `widgets.AutocompleteSelect`). Shown again with a value
    posted that cannot be an id (`abc`, `1.5`), Django's looked the value up
    and failed with a server error; it is the field's error ("Select a valid
    choice") and nothing is looked up.
    """

    def optgroups(self, name, value, attr=None):
        model = self.field.remote_field.model
        return super().optgroups(name, [choice for choice in value if is_row_id(model, choice)], attr)


class CheckedForeignKeys:
    """A model admin or inline whose autocomplete fields look up only what can be ids."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = CheckedAutocompleteSelect(db_field, self.admin_site, using=kwargs.get("using"))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class CheckedRowIds(CheckedForeignKeys):
    """
    A model admin whose list refuses rows it does not know, selected for an
    action or edited in place, and filters the database cannot apply; whose
    editable list holds no more rows than a page of the list shows.
    """

    def changelist_view(self, request, extra_context=None):
        if request.method == "POST" and not all(is_row_id(self.model, pk) for pk in self._posted_row_ids(request)):
            self.message_user(
                request, gettext("Some of the rows sent were not recognised: nothing was changed."), messages.ERROR
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().changelist_view(request, extra_context)

    def get_changelist_instance(self, request):
        # Django checks a filter in the list's address (`?text__regex=(`,
        # `?email__range=a`, `?id__in=1,99999999999999999999`, NUL on
        # PostgreSQL) as it builds the query, not what the database makes of
        # it: one the database refuses is a filter Django does not accept
        # either (it asks again with `?e=1`), not a server error.
        try:
            with transaction.atomic(using=router.db_for_read(self.model)):
                return super().get_changelist_instance(request)
        except (DatabaseError, OverflowError, ValueError) as refusal:
            raise IncorrectLookupParameters(refusal) from refusal

    def get_changelist_formset(self, request, **kwargs):
        rows = max(self.list_per_page, self.list_max_show_all)
        return super().get_changelist_formset(request, max_num=rows, absolute_max=rows, **kwargs)

    def _posted_row_ids(self, request):
        ids = request.POST.getlist(ACTION_CHECKBOX_NAME)
        if self.list_editable and "_save" in request.POST:
            pk_name = self.model._meta.pk.name
            ids += [
                value for key, value in request.POST.items() if key.startswith("form-") and key.endswith(f"-{pk_name}")
            ]
        return ids

    def get_search_results(self, request, queryset, search_term):
        # PostgreSQL cannot compare text with NUL in it.
        return super().get_search_results(request, queryset, search_term.replace("\x00", ""))


class ParentRowsFormSet(NestedInlineFormSet):
    """
    The rows of one parent, and no other. django-nested-admin looks up the
    row ids posted with a form among every row of the model: an id that is
    not a number was a server error, and another page's row id would have
    moved that row here. Here only the parent's own rows are found, and any
    other id is an invalid choice on its row.
    """

    def get_queryset(self):
        # Django's own: the parent's rows, whatever was posted.
        return BaseModelFormSet.get_queryset(self)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_name = self.model._meta.pk.name
        if pk_name in form.fields:
            form.fields[pk_name].queryset = self.get_queryset()
