"""
Content-Security-Policy for the whole site: the public pages run no script
at all (CONTENT_SECURITY_POLICY); the admin runs only its own scripts, from
this site, and nothing may frame it (ADMIN_CONTENT_SECURITY_POLICY).
"""

from csp.middleware import CSPMiddleware
from django.conf import settings


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    """django-csp's middleware, with the admin's policy on the admin's addresses."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        admin = settings.ADMIN_CONTENT_SECURITY_POLICY
        if not report_only and parts.config is None and request.path_info.startswith(tuple(admin["URL_PREFIXES"])):
            parts.config = admin["DIRECTIVES"]
        return parts
