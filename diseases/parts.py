"""
What a disease page is made of, declared once.

Everything a visitor reads on a disease page is a row of one of the parts
below: the page and the rows that hang off it, the shared symptom groups that
every page shows, and the references that groups cite. Translations
(`translation.py`), revisions (`versioning.py`), the published snapshot and
its fingerprint (`documents.py`), the review diff, four-eyes, translation
status and outdated notices all walk this declaration instead of naming
models. Adding a part: its model in `models/content.py` and a line here (and
the template that shows it).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import (
    Disease,
    DiseaseName,
    Fact,
    MedicalCode,
    Pronunciation,
    Reference,
    RelatedCondition,
    Resource,
    Section,
    Symptom,
    SymptomGroup,
)


@dataclass(frozen=True)
class Part:
    """Rows of one model at one place on the page."""

    key: str  # where the rows sit in a page document
    model: type
    translated: tuple = ()  # fields a visitor reads, in every language
    plain: tuple = ()  # fields a visitor reads that are the same in every language
    accessor: str = ""  # how a row of the parent part reaches these rows
    many: bool = True  # a list of rows, or one linked row (a group's reference)
    # Owned rows are saved, reverted and compared with their parent; the others
    # (shared groups, references) have a history of their own.
    owned: bool = True
    children: tuple = ()
    minimum: int = 0  # rows a page must keep
    minimum_message: str = ""  # what an editor is told when removing one too many
    # Rows a page may hold here: the admin refuses a form with more at once,
    # having built no more rows than this (README, "Limits").
    max_rows: int = 20
    label: str = ""  # what reviewers call these rows, when not the model's name
    mention: str = ""  # how a sentence names one of these rows (`%(name)s`): rows with a history of their own

    @property
    def verbose_name(self):
        return self.label or self.model._meta.verbose_name

    @property
    def fields(self):
        return self.plain + self.translated

    def walk(self):
        """This part and every part below it, parents first."""
        yield self
        for child in self.children:
            yield from child.walk()

    def prefetch_lookups(self, prefix=""):
        """The `prefetch_related` lookups that load every row below this part in one query each."""
        lookups = []
        for child in self.children:
            lookup = f"{prefix}{child.accessor}"
            lookups += [lookup, *child.prefetch_lookups(f"{lookup}__")]
        return lookups

    def parent_field(self, parent):
        """The foreign key on this part's model that points at a row of `parent`."""
        return parent.model._meta.get_field(self.accessor).field

    def items(self, value):
        """The rows of this part in a document value: a list, or the one linked row if any."""
        if self.many:
            return value or []
        return [value] if value else []


REFERENCE = Part(
    "reference",
    Reference,
    translated=("title", "publisher", "link_text"),
    plain=("year", "url"),
    accessor="reference",
    many=False,
    owned=False,
    mention=_("the reference “%(name)s”"),
)
SYMPTOMS = Part("symptoms", Symptom, translated=("text",), accessor="symptoms", max_rows=40)
GROUP_TEXTS = ("title", "introduction", "guidance")

PAGE = Part(
    "page",
    Disease,
    translated=("definition", "cytokines", "body_areas", "mostly_affected", "typical_onset"),
    plain=("slug", "category", "last_updated"),
    many=False,
    owned=False,
    children=(
        Part(
            "names",
            DiseaseName,
            translated=("name", "abbreviation"),
            accessor="names",
            minimum=1,
            minimum_message=_("A page needs at least one name."),
            max_rows=10,
        ),
        Part(
            "pronunciations", Pronunciation, translated=("term", "respelling"), accessor="pronunciations", max_rows=10
        ),
        Part("codes", MedicalCode, plain=("system", "code"), accessor="codes"),
        Part(
            "groups",
            SymptomGroup,
            translated=GROUP_TEXTS,
            accessor="symptom_groups",
            children=(SYMPTOMS, REFERENCE),
            max_rows=15,
        ),
        Part("sections", Section, translated=("title", "body"), accessor="sections"),
        Part("facts", Fact, translated=("text",), accessor="facts", max_rows=30),
        Part("resources", Resource, translated=("title", "description"), plain=("url",), accessor="resources"),
        # The related page's id: its title and address are those it is published with.
        Part("related_conditions", RelatedCondition, plain=("target",), accessor="related_conditions"),
    ),
)
SHARED_GROUPS = Part(
    "shared_groups",
    SymptomGroup,
    translated=GROUP_TEXTS,
    owned=False,
    children=(SYMPTOMS, REFERENCE),
    label=_("shared symptom group"),
    mention=_("the shared symptom group “%(name)s”"),
)

# A page document: the page with its own rows, and the shared groups.
DOCUMENT = (PAGE, SHARED_GROUPS)
# The page shows the shared groups just before its own part of this key
# (templates/diseases/disease_detail.html).
SHARED_GROUPS_BEFORE = "groups"


def all_parts():
    """Every part once, in page order."""
    seen = []
    for top in DOCUMENT:
        for part in top.walk():
            if part not in seen:
                seen.append(part)
    return seen


def translated_fields():
    """{model: the fields visitors read in every language}, for modeltranslation."""
    fields = {}
    for part in all_parts():
        fields.setdefault(part.model, ())
        fields[part.model] += tuple(name for name in part.translated if name not in fields[part.model])
    return fields


def owned_children():
    """{model: accessors of the rows saved and reverted with it}, for django-reversion."""
    follow = {}
    for part in all_parts():
        follow.setdefault(part.model, ())
        follow[part.model] += tuple(child.accessor for child in part.children if child.owned)
    return {model: tuple(dict.fromkeys(accessors)) for model, accessors in follow.items()}


def owner_of(obj):
    """
    The row whose history `obj` belongs to: itself for a page, a shared
    group or a reference; its page or shared group for an owned row. None
    when the owner no longer exists (a row deleted along with it).
    """
    for parent in all_parts():
        for child in parent.children:
            if child.owned and isinstance(obj, child.model):
                field = child.parent_field(parent)
                parent_id = getattr(obj, field.attname)
                if parent_id is None:
                    continue
                if field.is_cached(obj):
                    owner = getattr(obj, field.name)
                else:
                    owner = parent.model._base_manager.filter(pk=parent_id).first()
                return owner_of(owner) if owner is not None else None
    return obj


def loaded_children(obj, child):
    """The rows of part `child` below `obj`, as the database (or its prefetch cache) has them."""
    related = getattr(obj, child.accessor)
    return list(related.all()) if child.many else related


def rows(disease, shared_groups, children_of=loaded_children):
    """(part, row) for every row on a page read from the database (uses the prefetch cache)."""
    return [*_rows(PAGE, disease, children_of), *shared_group_rows(shared_groups)]


def shared_group_rows(shared_groups):
    """(part, row) for every row of the shared groups, the same on every page (uses the prefetch cache)."""
    return [found for group in shared_groups for found in _rows(SHARED_GROUPS, group, loaded_children)]


def _rows(part, obj, children_of):
    yield part, obj
    for child in part.children:
        for row in child.items(children_of(obj, child)):
            yield from _rows(child, row, children_of)


def in_page_order(document):
    """
    (part, row, its parent's (part, row) or None, its position among its
    siblings) for every row of a page document, in the order the page shows
    them: each row before its own rows, the shared groups where the page shows them.
    """

    def visit(part, row, parent, position):
        yield part, row, parent, position
        for child in part.children:
            if part is PAGE and child.key == SHARED_GROUPS_BEFORE:
                yield from top_rows(SHARED_GROUPS)
            for index, item in enumerate(child.items(row.get(child.key))):
                yield from visit(child, item, (part, row), index)

    def top_rows(top):
        for index, row in enumerate(top.items(document.get(top.key))):
            yield from visit(top, row, None, index)

    # A page's document, or a shared group's or reference's alone (`documents.current`).
    for top in history_parts():
        if not (top is SHARED_GROUPS and document.get(PAGE.key)):
            yield from top_rows(top)


def owner_rows(document):
    """{(model, id): (part, row)} of every page, shared group and reference a page document holds, in page order."""
    found = {}
    for part, row, _parent, _position in in_page_order(document):
        if not part.owned:
            found.setdefault((part.model, row["id"]), (part, row))
    return found


def owners_in(document):
    """(model, id) of every page, shared group and reference a page document holds."""
    return set(owner_rows(document))


def history_parts():
    """The parts whose rows have a history of their own, each once."""
    found = []
    for part in all_parts():
        if not part.owned and part.model not in [known.model for known in found]:
            found.append(part)
    return found


def history_part(model):
    """The part an object with a history of its own is the top of."""
    return next(part for part in history_parts() if part.model is model._meta.concrete_model)


def missing_rows(document):
    """The messages of the parts that have fewer rows in `document` than a page must keep."""
    page = document[PAGE.key]
    return [part.minimum_message for part in PAGE.children if len(part.items(page.get(part.key))) < part.minimum]


def places(model):
    """(top part, lookup path from its model) for every place rows of `model` sit in a page document."""
    found = []

    def visit(part, top, path):
        if part.model._meta.concrete_model is model._meta.concrete_model:
            found.append((top, path))
        for child in part.children:
            visit(child, top, f"{path}__{child.accessor}" if path else child.accessor)

    for top in DOCUMENT:
        visit(top, top, "")
    return found


def shared_rows():
    """The rows shown on every page: the shared symptom groups."""
    return SymptomGroup.objects.shared()
