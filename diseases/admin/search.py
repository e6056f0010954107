"""
Search in the admin: the synonyms editors keep per language, and what
visitors searched for and did not find, with what was done about it.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .. import search_gaps
from ..models import SearchGap, SearchSynonym
from .personal_data import PersonalDataAdmin
from .safety import CheckedRowIds


class SearchSynonymForm(forms.ModelForm):
    language = forms.ChoiceField(label=_("language"), choices=settings.LANGUAGES)

    class Meta:
        model = SearchSynonym
        fields = ("language", "term", "means")


@admin.register(SearchSynonym)
class SearchSynonymAdmin(CheckedRowIds, admin.ModelAdmin):
    """Synonyms count from their save: searches expand the visitor's words, nothing is reindexed."""

    form = SearchSynonymForm
    list_display = ("term", "means", "language")
    list_filter = ("language",)
    search_fields = ("term", "means")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        search_gaps.handled_by_synonym(obj, request.user)


class WeekFilter(admin.SimpleListFilter):
    """The ISO weeks that searches found nothing in, newest first."""

    title = _("week")
    parameter_name = "week"
    WEEKS_LISTED = 26

    def lookups(self, request, model_admin):
        weeks = SearchGap.objects.order_by("-week").values_list("week", flat=True).distinct()[: self.WEEKS_LISTED]
        return [(week.isoformat(), week_label(week)) for week in weeks]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        choices = dict(self.lookup_choices)
        return queryset.filter(week=self.value()) if self.value() in choices else queryset.none()


def week_label(week):
    year, number, _weekday = week.isocalendar()
    return _("Week %(number)d of %(year)d (from %(monday)s)") % {
        "number": number,
        "year": year,
        "monday": formats.date_format(week, "SHORT_DATE_FORMAT"),
    }


def marking(status, description):
    """The list action that marks the selected searches' queries with `status`."""

    def action(modeladmin, request, queryset):
        try:
            count = search_gaps.mark(queryset, status, request.user)
        except PermissionDenied as refusal:
            modeladmin.message_user(request, str(refusal), messages.ERROR)
            return
        modeladmin.message_user(
            request,
            ngettext("%(count)d search marked.", "%(count)d searches marked.", count) % {"count": count},
            messages.SUCCESS,
        )

    action.__name__ = f"mark_{status}"
    return admin.action(description=description, permissions=["change"])(action)


@admin.register(SearchGap)
class SearchGapAdmin(PersonalDataAdmin, CheckedRowIds, admin.ModelAdmin):
    """
    What visitors look for and do not find, as counted: to read and mark as
    handled (the list's actions); nobody writes a search by hand.
    """

    list_display = ("query", "language", "week_shown", "count", "status", "add_synonym")
    list_filter = ("status", "language", WeekFilter)
    search_fields = ("query",)
    ordering = ("-week", "-count", "query")
    readonly_fields = ("query", "language", "week_shown", "count", "status", "handled_by", "handled_at")
    fields = readonly_fields
    actions = [
        marking(SearchGap.Status.SYNONYM_ADDED, _("Mark as handled: added as a synonym")),
        marking(SearchGap.Status.PAGE_PLANNED, _("Mark as handled: a new page is planned")),
        marking(SearchGap.Status.NOT_RELEVANT, _("Mark as handled: not relevant")),
        marking(SearchGap.Status.OPEN, _("Mark as not handled yet")),
    ]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Marked through the list's actions, which ask for this permission; the form itself changes nothing.
        return super().has_change_permission(request, obj) if obj is None else False

    @admin.display(description=_("week"), ordering="week")
    def week_shown(self, gap):
        return week_label(gap.week)

    @admin.display(description=_("synonym"))
    def add_synonym(self, gap):
        prefilled = urlencode({"language": gap.language, "term": gap.query})
        url = f"{reverse('admin:diseases_searchsynonym_add')}?{prefilled}"
        return format_html('<a href="{}" class="addlink">{}</a>', url, _("Add as a synonym"))
