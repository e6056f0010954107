"""
Staff read the admin in their own language: the one they last chose with
the language switch (Django's language cookie), else the one remembered for
them (`EmailLanguage`, which their e-mails are written in too), else their
browser's. A translator set up in Spanish reads a Spanish admin from their
first sign-in, whatever their browser says.
"""

from django.conf import settings
from django.utils import translation

from .models import EmailLanguage

# Where a sign-in leaves the remembered language, so that no request has to look it up.
SESSION_KEY = "staff_language"


def remember(request, user):
    """
    At sign-in: a language chosen with the switch (or the first one seen)
    becomes the one remembered; otherwise the remembered one stays, and the
    admin is shown in it.
    """
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    language = getattr(request, "LANGUAGE_CODE", None)
    stored = EmailLanguage.objects.filter(user=user).values_list("language", flat=True).first()
    if language in dict(settings.LANGUAGES) and (chosen or stored is None):
        EmailLanguage.objects.update_or_create(user=user, defaults={"language": language})
        stored = language
    if stored is not None:
        request.session[SESSION_KEY] = stored


class StaffLanguageMiddleware:
    """The admin in the language remembered for the signed-in member of staff, unless they chose another."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        language = request.session.get(SESSION_KEY) if self.applies(request) else None
        if language in dict(settings.LANGUAGES):
            translation.activate(language)
            request.LANGUAGE_CODE = language
        return self.get_response(request)

    @staticmethod
    def applies(request):
        return request.path_info.startswith("/admin/") and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
