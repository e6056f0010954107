"""
Sign-in throttling, on top of django-axes' lockout of one user name from one address.

django-axes counts failed sign-ins per user name and client address, so
someone trying a few passwords on each of many user names (password
spraying) is never slowed. This handler also counts the failures of every
user name from one client address (an IPv6 client's whole /64, see
clients.py) and pauses signing in from there once they reach
LOGIN_ADDRESS_FAILURE_LIMIT within the cool-off period: a separate, higher
limit, since one address may be an office or a household. Others sign in
as usual.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_ip_address, get_client_username
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.db.models import Sum


def address_failures(request):
    """Failed sign-ins from the request's client address, of every user name, within the cool-off period."""
    # The address as django-axes records it (AXES_CLIENT_IP_CALLABLE), over the period it counts a pair's failures.
    attempts = AccessAttempt.objects.filter(ip_address=get_client_ip_address(request))
    if settings.AXES_COOLOFF_TIME is not None:
        attempts = attempts.filter(attempt_time__gte=get_cool_off_threshold(request))
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def address_locked_out(request):
    """Whether signing in from the request's client address is paused, whatever the user name."""
    return address_failures(request) >= settings.LOGIN_ADDRESS_FAILURE_LIMIT


class AddressThrottlingHandler(AxesDatabaseHandler):
    """django-axes' database handler, also pausing a client address that failed too often across user names."""

    def is_locked(self, request, credentials=None):
        if not settings.AXES_LOCK_OUT_AT_FAILURE:
            return False
        return super().is_locked(request, credentials) or address_locked_out(request)

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or request.axes_locked_out or not settings.AXES_LOCK_OUT_AT_FAILURE:
            return
        if self.is_whitelisted(request, credentials) or not address_locked_out(request):
            return
        # The failure just recorded reached the address's limit: refuse it as django-axes refuses a pair's.
        request.axes_locked_out = True
        request.axes_credentials = credentials
        user_locked_out.send(
            "axes",
            request=request,
            username=get_client_username(request, credentials),
            ip_address=request.axes_ip_address,
        )
