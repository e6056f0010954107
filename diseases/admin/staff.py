"""Staff accounts: Django's user admin, with the languages a translator is granted."""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from ..models import TranslationGrant
from ..models.staff import translation_target_languages

User = get_user_model()


class TranslationGrantInline(admin.TabularInline):
    model = TranslationGrant
    extra = 0
    max_num = len(translation_target_languages())


admin.site.unregister(User)


@admin.register(User)
class StaffAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, TranslationGrantInline]
