"""
How much one client may send through the advice form.

Only accepted submissions count toward ADVICE_RATE_LIMIT, so a patient's
mistakes never use up what they may send; refused attempts (invalid, too
quick, caught by the honeypot) count toward their own cap over a short
window, ADVICE_INVALID_RATE_LIMIT, so earlier mistakes hold valid advice
back for minutes at most. The counters are in the rate-limit cache (Redis in
production) and each accepted submission is counted with one atomic
increment whose result decides: of many submissions at the same moment,
exactly as many as the limit allows are kept.
"""

from django.conf import settings
from django_ratelimit.core import get_usage

from .clients import rate_limit_key

ACCEPTED = "advice"
REFUSED = "advice-refused"


def _usage(request, group, rate, increment):
    return get_usage(request, group=group, key=rate_limit_key, rate=rate, method="POST", increment=increment)


def exhausted(request):
    """Whether the client has used up what it may send for now (counts nothing)."""
    usages = (
        _usage(request, ACCEPTED, settings.ADVICE_RATE_LIMIT, increment=False),
        _usage(request, REFUSED, settings.ADVICE_INVALID_RATE_LIMIT, increment=False),
    )
    return any(usage is not None and usage["count"] >= usage["limit"] for usage in usages)


def accept(request):
    """Count one accepted submission; False when it is one too many and must not be kept."""
    usage = _usage(request, ACCEPTED, settings.ADVICE_RATE_LIMIT, increment=True)
    return usage is None or not usage["should_limit"]


def refuse(request):
    """Count one refused attempt."""
    _usage(request, REFUSED, settings.ADVICE_INVALID_RATE_LIMIT, increment=True)
