"""Reading-ease figures: a formula made for each language, against the charity's target."""

import pytest

from diseases import documents, readability
from diseases.models import Section

from .factories import make_disease, translated

SHORT = "The cat sat on the mat. The dog ran off."


def test_short_plain_sentences_read_easily_and_long_technical_ones_do_not():
    easy = readability.text_figure(SHORT, "en")
    hard = readability.text_figure(
        "Chronic nonbacterial osteomyelitis is an autoinflammatory musculoskeletal disorder characterised by "
        "multifocal sterile osteolytic lesions predominantly affecting metaphyseal regions of tubular bones.",
        "en",
    )

    assert easy.score >= 90 and easy.meets_target
    assert hard.score < 30 and not hard.meets_target


def test_each_language_has_its_own_formula():
    names = {language: readability.FORMULAS[language].name for language in ("en", "es", "fr")}

    assert names == {
        "en": "Flesch reading ease",
        "es": "Szigriszt-Pazos perspicuity (INFLESZ)",
        "fr": "Kandel and Moles reading ease",
    }


def test_formulas_match_their_published_constants():
    counts = readability.Counts(words=100, sentences=5, syllables=150)

    assert readability.FORMULAS["en"].score(counts) == pytest.approx(206.835 - 1.015 * 20 - 84.6 * 1.5)
    assert readability.FORMULAS["es"].score(counts) == pytest.approx(206.835 - 62.3 * 1.5 - 20)
    assert readability.FORMULAS["fr"].score(counts) == pytest.approx(207 - 1.015 * 20 - 73.6 * 1.5)


def test_syllables_are_counted_per_language():
    def syllables(text, language):
        return readability.measure(text, language).syllables

    assert syllables("fatigue", "en") == 2
    assert syllables("inflammation", "en") == 4
    # A final e is silent, but not in -le, -ee and -ye, nor when it is the only vowel.
    silent_e = {word: syllables(word, "en") for word in ("flare", "rash", "the", "simple", "agree", "goodbye")}
    assert silent_e == {"flare": 1, "rash": 1, "the": 1, "simple": 2, "agree": 2, "goodbye": 2}
    assert syllables("enfermedad", "es") == 4
    assert syllables("maladie", "fr") == 3


def test_too_short_a_text_gets_no_figure_and_unknown_languages_none():
    assert readability.text_figure("Synovial thickening", "en") is None
    assert readability.text_figure("Fever comes and goes.", "en") is None
    assert readability.text_figure("The fever comes and goes.", "en").words == 5
    assert readability.text_figure(SHORT, "de") is None


def test_the_target_comes_from_the_settings(settings):
    text = "Periods of worsening symptoms are called flares. A flare can last for hours, days, weeks, or months."
    score = readability.text_figure(text, "en").score

    settings.READING_EASE_TARGET = score
    assert readability.text_figure(text, "en").meets_target
    settings.READING_EASE_TARGET = score + 1
    assert not readability.text_figure(text, "en").meets_target


def test_markdown_is_measured_as_the_visitor_reads_it():
    plain = readability.text_figure("Read the study. It is free to read online.", "en")
    linked = readability.text_figure(
        "Read [the study](https://example.org/a-very-long-address). It is free to read online.", "en", markdown=True
    )

    assert plain == linked


def test_a_plain_text_field_is_measured_as_written_markup_and_all():
    """A field not written in Markdown shows its brackets and addresses to the visitor as they are."""
    text = "Read [the study](https://example.org/a-very-long-address). It is free to read online."

    as_written = readability.text_figure(text, "en")

    assert as_written.words == 16  # the address counts as five words


@pytest.mark.django_db
def test_the_page_figure_counts_every_text_of_the_page_once(editor):
    page = make_disease(editor, symptoms=("Daily spiking fever with a rash that comes and goes.",))
    document = documents.candidate(page)

    figures = readability.page_figures(document, ["en", "es", "fr"])

    words = readability.measure(page.definition_en, "en").words
    words += readability.measure("Daily spiking fever with a rash that comes and goes.", "en").words
    words += readability.measure(page.facts.get().text_en, "en").words
    assert figures["en"].words == words
    assert set(figures) == {"en", "es", "fr"}


@pytest.mark.django_db
def test_the_page_figure_reads_sections_as_visitors_do_and_scores_all_the_prose_together(editor):
    page = make_disease(editor)
    body = "Read [the study](https://example.org/a-very-long-address). It is free to read online."
    Section.objects.create(disease=page, order=0, **translated(title="About the study", body=body))
    texts = [
        page.definition_en,
        "Daily spiking fever",
        page.facts.get().text_en,
        "Read the study. It is free to read online.",
    ]

    figure = readability.page_figures(documents.candidate(page), ["en"])["en"]

    parts = [readability.measure(text, "en") for text in texts]
    read_together = readability.Counts(
        words=sum(counts.words for counts in parts),
        sentences=sum(counts.sentences for counts in parts),
        syllables=sum(counts.syllables for counts in parts),
    )
    assert figure == readability.figure(read_together, "en")


def test_scores_run_from_0_to_100_and_name_their_formula():
    very_easy = readability.text_figure("The cat sat. The dog ran. The sun was hot. We had fun.", "en")
    very_hard = readability.text_figure(
        "Immunosuppressive glucocorticosteroid administration necessitates comprehensive"
        " multidisciplinary musculoskeletal ultrasonographic reassessment.",
        "en",
    )

    assert (very_easy.score, very_hard.score) == (100, 0)
    assert very_easy.formula == "Flesch reading ease"
