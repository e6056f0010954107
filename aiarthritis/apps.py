"""Third-party apps as this site configures them."""

from axes.apps import AppConfig as AxesConfig
from django.utils.translation import gettext_lazy as _


class SignInSecurityConfig(AxesConfig):
    """django-axes (login lockout), under a name the admin's users read in their language."""

    verbose_name = _("Sign-in security")
