"""
Login lockouts (django-axes) in the admin: the page a locked-out sign-in
gets, and the lists where site administrators see failed sign-ins and
lockouts, lift a lockout, and see who signed in from where.
"""

from axes.helpers import get_cool_off
from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.contrib import admin, messages
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop, ngettext

from ..sign_in import address_locked_out
from .personal_data import PersonalDataAdmin
from .safety import CheckedRowIds

# The library's names for its records, here so that they are in the
# project's catalogs: it ships no Spanish.
LIBRARY_NAMES = [
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
]


def attempted_username(request, credentials=None):
    """
    The user name a sign-in attempt is counted under: what was typed, as
    much of it as the records hold (the sign-in form lets any length through
    to the failed attempt it records).
    """
    field = settings.AXES_USERNAME_FORM_FIELD
    username = credentials.get(field) if credentials else request.POST.get(field)
    if username is None:
        return None
    return str(username).replace("\x00", "")[: AccessAttempt._meta.get_field("username").max_length]


def locked_out(request, original_response=None, credentials=None):
    """Instead of signing in, when the user name and address, or the address itself, are locked out (HTTP 429)."""
    by_address = address_locked_out(request)
    context = {
        **admin.site.each_context(request),
        "by_address": by_address,
        "failure_limit": settings.LOGIN_ADDRESS_FAILURE_LIMIT if by_address else settings.AXES_FAILURE_LIMIT,
        "cooloff_minutes": int(get_cool_off(request).total_seconds() // 60),
    }
    return render(request, "admin/locked_out.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)


def locked_until(attempt):
    """When the lockout ends, if `attempt` is a lockout still in force; None otherwise."""
    if attempt.failures_since_start < settings.AXES_FAILURE_LIMIT:
        return None
    until = attempt.attempt_time + get_cool_off()
    return until if until > timezone.now() else None


class LockedOutFilter(admin.SimpleListFilter):
    title = _("locked out")
    parameter_name = "locked_out"

    def lookups(self, request, model_admin):
        return [("yes", _("Yes")), ("no", _("No"))]

    def queryset(self, request, queryset):
        locked = {
            "failures_since_start__gte": settings.AXES_FAILURE_LIMIT,
            "attempt_time__gt": timezone.now() - get_cool_off(),
        }
        if self.value() == "yes":
            return queryset.filter(**locked)
        if self.value() == "no":
            return queryset.exclude(**locked)
        return queryset


class ReadOnlyRecordsAdmin(PersonalDataAdmin, CheckedRowIds, admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(AccessAttempt)
class LoginAttemptAdmin(ReadOnlyRecordsAdmin):
    """Failed sign-ins per user name and client address; deleting a row lifts its lockout."""

    list_display = ("username_shown", "address", "failures", "last_attempt", "is_locked_out", "lockout_ends")
    list_filter = (LockedOutFilter,)
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time",)
    fields = ("username_shown", "address", "failures", "last_attempt", "lockout_ends", "user_agent_shown")
    readonly_fields = fields
    actions = ["lift_lockouts"]

    @admin.display(description=_("user name"), ordering="username")
    def username_shown(self, attempt):
        return attempt.username

    @admin.display(description=_("client address"), ordering="ip_address")
    def address(self, attempt):
        return attempt.ip_address

    @admin.display(description=_("failed attempts"), ordering="failures_since_start")
    def failures(self, attempt):
        return attempt.failures_since_start

    @admin.display(description=_("last attempt"), ordering="attempt_time")
    def last_attempt(self, attempt):
        return attempt.attempt_time

    @admin.display(description=_("locked out"), boolean=True)
    def is_locked_out(self, attempt):
        return locked_until(attempt) is not None

    @admin.display(description=_("lockout ends"))
    def lockout_ends(self, attempt):
        return locked_until(attempt) or "—"

    @admin.display(description=_("browser"))
    def user_agent_shown(self, attempt):
        return attempt.user_agent

    @admin.action(description=_("Lift the lockout of the selected sign-ins"), permissions=["delete"])
    def lift_lockouts(self, request, queryset):
        count, _deleted = queryset.delete()
        self.message_user(
            request,
            ngettext(
                "%(count)d user name and address may sign in again.",
                "%(count)d user names and addresses may sign in again.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        # “Lift the lockout” says what deleting these rows does.
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions


@admin.register(AccessLog)
class SignInAdmin(ReadOnlyRecordsAdmin):
    """Who signed in to the admin, when and from where."""

    list_display = ("username_shown", "address", "signed_in", "signed_out")
    search_fields = ("username", "ip_address")
    ordering = ("-attempt_time",)
    fields = ("username_shown", "address", "signed_in", "signed_out", "user_agent_shown")
    readonly_fields = fields

    @admin.display(description=_("user name"), ordering="username")
    def username_shown(self, entry):
        return entry.username

    @admin.display(description=_("client address"), ordering="ip_address")
    def address(self, entry):
        return entry.ip_address

    @admin.display(description=_("signed in"), ordering="attempt_time")
    def signed_in(self, entry):
        return entry.attempt_time

    @admin.display(description=_("signed out"), ordering="logout_time")
    def signed_out(self, entry):
        return entry.logout_time

    @admin.display(description=_("browser"))
    def user_agent_shown(self, entry):
        return entry.user_agent

    def get_actions(self, request):
        return {}
