"""Small pages for the tests of one rule each: every language filled in, saved as an editor would."""

import reversion

from diseases import workflow
from diseases.models import Disease, Reference, SymptomGroup


def texts(english, **other):
    """`field_en`, `field_es`, `field_fr` keyword arguments from an English text (translations made up)."""
    return {"en": english, "es": other.get("es", f"{english} (es)"), "fr": other.get("fr", f"{english} (fr)")}


def translated(**fields):
    values = {}
    for field, english in fields.items():
        for language, text in texts(english).items():
            values[f"{field}_{language}"] = text
    return values


def make_reference(user=None, title="Early Symptoms Study", url="https://example.org/study", pk=None):
    with reversion.create_revision():
        reversion.set_user(user)
        return Reference.objects.create(
            pk=pk, url=url, year=2019, **translated(title=title, link_text="View the study")
        )


def make_shared_group(user=None, title="Common symptoms", symptoms=("Severe fatigue",), reference=None, order=0):
    with reversion.create_revision():
        reversion.set_user(user)
        group = SymptomGroup.objects.create(order=order, reference=reference, **translated(title=title))
        for position, text in enumerate(symptoms):
            group.symptoms.create(order=position, **translated(text=text))
        return group


def make_disease(
    user=None,
    slug="sjia",
    name="Systemic Juvenile Idiopathic Arthritis",
    abbreviation="SJIA",
    symptoms=("Daily spiking fever",),
    reference=None,
    pk=None,
):
    """A page with one name, a definition, a group of its own symptoms and a fact, in every language."""
    with reversion.create_revision():
        reversion.set_user(user)
        disease = Disease.objects.create(
            pk=pk, slug=slug, category="autoinflammatory", **translated(definition=f"{name} is a disease.")
        )
        disease.names.create(order=0, **translated(name=name, abbreviation=abbreviation))
        group = disease.symptom_groups.create(
            order=0, reference=reference, **translated(title=f"Symptoms often associated with {abbreviation}")
        )
        for position, text in enumerate(symptoms):
            group.symptoms.create(order=position, **translated(text=text))
        disease.facts.create(order=0, **translated(text=f"{abbreviation} is rare."))
        return disease


def approved_by(disease, editor, reviewer, **kwargs):
    """The page submitted by `editor` and approved by `reviewer` (`approve`'s keyword arguments)."""
    disease.submit_for_review(editor)
    disease.approve(reviewer, **kwargs)
    disease.refresh_from_db()
    return disease


def in_review_never_reviewed(editor, other_editor):
    """A page published unreviewed by `editor`, edited since by `other_editor`, who submitted it."""
    disease = make_disease(editor)
    workflow.publish_provisionally(disease, editor)
    edit(disease, other_editor, definition_en="Edited since it was published unreviewed.")
    disease.submit_for_review(other_editor)
    return disease


def edit(disease, user, **fields):
    """An editor saves the page's own fields, as the admin would."""
    with workflow.editing(user):
        for name, value in fields.items():
            setattr(disease, name, value)
        disease.save()
    disease.refresh_from_db()
