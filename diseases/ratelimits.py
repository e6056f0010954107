"""
How much one client may send through the public forms (the advice form,
“Was this page helpful?”).

Only accepted submissions count toward a form's limit (ADVICE_RATE_LIMIT,
FEEDBACK_RATE_LIMIT), so a visitor's mistakes never use up what they may
send; refused attempts (invalid, too quick, caught by the honeypot) count
toward their own cap over a short window (ADVICE_INVALID_RATE_LIMIT,
FEEDBACK_INVALID_RATE_LIMIT), so earlier mistakes hold a valid submission
back for minutes at most. The counters are in the rate-limit cache (Redis in
production), keyed by a digest of the client's address and never stored
elsewhere; each accepted submission is counted with one atomic increment
whose result decides: of many submissions at the same moment, exactly as
many as the limit allows are kept.
"""

from dataclasses import dataclass

from django.conf import settings
from django_ratelimit.core import get_usage

from .clients import rate_limit_key


@dataclass(frozen=True)
class Limit:
    group: str
    rate_setting: str
    refused_rate_setting: str

    def _usage(self, request, group, rate_setting, increment):
        rate = getattr(settings, rate_setting)
        return get_usage(request, group=group, key=rate_limit_key, rate=rate, method="POST", increment=increment)

    def exhausted(self, request):
        """Whether the client has used up what it may send for now (counts nothing)."""
        usages = (
            self._usage(request, self.group, self.rate_setting, increment=False),
            self._usage(request, f"{self.group}-refused", self.refused_rate_setting, increment=False),
        )
        return any(usage is not None and usage["count"] >= usage["limit"] for usage in usages)

    def accept(self, request):
        """Count one accepted submission; False when it is one too many and must not be kept."""
        usage = self._usage(request, self.group, self.rate_setting, increment=True)
        return usage is None or not usage["should_limit"]

    def refuse(self, request):
        """Count one refused attempt."""
        self._usage(request, f"{self.group}-refused", self.refused_rate_setting, increment=True)


ADVICE = Limit("advice", "ADVICE_RATE_LIMIT", "ADVICE_INVALID_RATE_LIMIT")
FEEDBACK = Limit("feedback", "FEEDBACK_RATE_LIMIT", "FEEDBACK_INVALID_RATE_LIMIT")
