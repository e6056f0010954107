"""The site's languages and their per-language tables, in one module, with a check naming what is missing."""

from django.core import checks
from django.test import override_settings

from diseases import languages, readability

GERMAN = [("en", "English"), ("es", "Spanish"), ("fr", "French"), ("de", "German")]


def test_every_site_language_has_its_row_in_every_table():
    assert [message.id for message in checks.run_checks() if message.id == "diseases.W002"] == []


@override_settings(LANGUAGES=GERMAN)
def test_a_site_language_missing_from_a_table_is_named_by_the_check():
    messages = [message for message in checks.run_checks() if message.id == "diseases.W002"]

    assert len(messages) == 3
    assert all("“de”" in message.msg for message in messages)
    assert {message.obj.split(" ")[0] for message in messages} == {
        "TEXT_SEARCH_CONFIGS",
        "READING_EASE_FORMULAS",
        "settings.EMERGENCY_NUMBERS",
    }


@override_settings(LANGUAGES=GERMAN, EMERGENCY_NUMBERS={"en": "911", "es": "112", "fr": "112", "de": "112"})
def test_a_language_given_its_emergency_number_in_settings_is_no_longer_named():
    objects = [message.obj for message in checks.run_checks() if message.id == "diseases.W002"]

    assert not any("EMERGENCY_NUMBERS" in obj for obj in objects)


@override_settings(LANGUAGES=GERMAN)
def test_a_language_without_a_table_row_gets_the_defaults():
    assert languages.site_languages() == ["en", "es", "fr", "de"]
    assert languages.translated_languages() == ["es", "fr", "de"]
    assert languages.text_search_config("de") == "simple"
    assert readability.text_figure("Ein langer Satz mit vielen Wörtern hier.", "de") is None
    assert languages.emergency_number("de") == "911"
    assert languages.emergency_number("fr") == "112"


@override_settings(LANGUAGES=GERMAN)
def test_a_translators_languages_follow_the_site_languages(django_user_model):
    from django.contrib.auth.models import Permission

    from diseases import permissions
    from diseases.models.staff import translation_target_languages

    translator = django_user_model.objects.create_user("translator", is_staff=True)
    translator.user_permissions.add(Permission.objects.get(codename="translate_disease"))
    translator.translation_grants.create(language="de")

    assert [code for code, _name in translation_target_languages()] == ["es", "fr", "de"]
    assert permissions.translation_languages(translator) == ["de"]


def test_a_language_is_named_in_the_language_being_read():
    from django.utils import translation

    with translation.override("fr"):
        assert str(languages.language_name("es")) == "Espagnol"
    with translation.override("en"):
        assert str(languages.language_name("es")) == "Spanish"
