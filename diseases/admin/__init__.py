"""The admin, one module per concern: content editing, medical review, patient advice, sign-ins."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import advice, content, feedback, glossary, logins, review, search, staff  # noqa: F401 - registers the model admins

# Who the admin is for says so: the charity's pages, not "Django administration".
admin.site.site_header = _("AiArthritis disease pages")
admin.site.site_title = _("AiArthritis disease pages")
admin.site.index_title = _("Your work")
