"""
What a disease page is made of, declared once.

Everything a visitor reads on a disease page is a row of one of the parts
below: the page and the rows that hang off it, the shared symptom groups that
every page shows, and the references that groups cite. Translations
(`translation.py`), revisions (`versioning.py`), the published snapshot and
its fingerprint (`documents.py`), the review diff, four-eyes, translation
status and outdated notices all walk this declaration instead of naming
models. Adding a part: its model in `models/content.py`, its migration, a
`Part` here (how search reads it, its template and "On this page" entry, its
schema.org mapping) and its template; or, from another app, `add_page_part`.
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import (
    Disease,
    DiseaseName,
    Fact,
    HelpItem,
    MedicalCode,
    Pronunciation,
    Reference,
    RelatedCondition,
    Resource,
    Section,
    Symptom,
    SymptomGroup,
)

# Where search puts a field's text: names and symptoms rank above the rest
# and are what a result says it matched (`search.entry_texts`).
SEARCH_NAMES = "names"
SEARCH_SYMPTOMS = "symptoms"
SEARCH_BODY = "body"


@dataclass(frozen=True)
class Contents:
    """An entry of the public page's "On this page" list: the id of the heading it leads to, and its text."""

    anchor: str
    label: str  # may name the page: `%(name)s`


@dataclass(frozen=True)
class Region:
    """A section of the public page that shows several parts under one heading ("More About …")."""

    template: str  # includes each part's own template in turn
    contents: Contents


@dataclass(frozen=True)
class SchemaOrg:
    """
    How a part's rows read in the page's schema.org JSON-LD: each row as an
    object of `type` whose properties are `fields` ((schema.org property,
    field) pairs), or without a type, as the texts of `fields` (names).
    """

    property: str
    fields: tuple
    type: str = ""
    on_page: bool = False  # a property of the MedicalWebPage rather than of the MedicalCondition it is about
    single: bool = False  # the first value rather than a list


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
    # Search: (field, SEARCH_NAMES or SEARCH_SYMPTOMS) for the fields not searched as body
    # text, or None when the part's texts are not searched at all.
    search: tuple | None = ()
    markdown: tuple = ()  # translated fields written in Markdown
    text_rows: tuple = ()  # (field, rows) of the admin's text areas, when not 3
    # The public page: the template showing the part's rows (given `rows`),
    # none when another part's shows them; its entry in "On this page"; the
    # region it shares with other parts; whether it shows even without rows.
    template: str = ""
    contents: Contents | None = None
    region: Region | None = None
    always_shown: bool = False
    shown_before: str = ""  # the page's own fields: the key of the row part they are shown before
    schema_org: tuple = ()  # `SchemaOrg` mappings

    @property
    def verbose_name(self):
        return self.label or self.model._meta.verbose_name

    @property
    def fields(self):
        return self.plain + self.translated

    def searched_fields(self):
        """(field, where search puts its text) for every translated field search reads, in declaration order."""
        if self.search is None:
            return []
        special = dict(self.search)
        return [(name, special.get(name, SEARCH_BODY)) for name in self.translated]

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
    # Cited under its group (includes/symptom_group.html), not searched.
    search=None,
)
SYMPTOMS = Part(
    "symptoms",
    Symptom,
    translated=("text",),
    accessor="symptoms",
    max_rows=40,
    search=(("text", SEARCH_SYMPTOMS),),
    text_rows=(("text", 2),),
    # Shown in their group (includes/symptom_group.html); the shared groups' are no sign of this condition.
    schema_org=(SchemaOrg("signOrSymptom", (("name", "text"),), type="MedicalSignOrSymptom"),),
)
GROUP_TEXTS = ("title", "introduction", "guidance")
MORE_ABOUT = Region("diseases/parts/more_about.html", Contents("more-heading", _("More About %(name)s")))

PAGE = Part(
    "page",
    Disease,
    translated=("definition", "cytokines", "body_areas", "mostly_affected", "typical_onset"),
    plain=("slug", "category", "last_updated"),
    many=False,
    owned=False,
    text_rows=(("definition", 5),),
    template="diseases/parts/definition.html",
    always_shown=True,
    shown_before="codes",
    schema_org=(SchemaOrg("description", ("definition",), single=True),),
    children=(
        Part(
            "names",
            DiseaseName,
            translated=("name", "abbreviation"),
            accessor="names",
            minimum=1,
            minimum_message=_("A page needs at least one name."),
            max_rows=10,
            search=(("name", SEARCH_NAMES), ("abbreviation", SEARCH_NAMES)),
            # The page's title (disease_detail.html).
            schema_org=(
                SchemaOrg("name", ("name",), single=True),
                SchemaOrg("alternateName", ("name", "abbreviation")),
            ),
        ),
        Part(
            "pronunciations",
            Pronunciation,
            translated=("term", "respelling"),
            accessor="pronunciations",
            max_rows=10,
            template="diseases/parts/pronunciations.html",
        ),
        # Near the top, in a callout: what to do in a flare, whom to call.
        Part(
            "help",
            HelpItem,
            translated=("text",),
            plain=("kind",),
            accessor="help_items",
            text_rows=(("text", 2),),
            template="diseases/parts/help.html",
            contents=Contents("help-heading", _("When to get help")),
            # schema.org has no property for when to seek care: the items are
            # parts of the page (WebPageElement), not claims about the condition.
            schema_org=(SchemaOrg("hasPart", (("text", "text"),), type="WebPageElement", on_page=True),),
        ),
        # Shown in the definition's list of facts (parts/definition.html).
        Part(
            "codes",
            MedicalCode,
            plain=("system", "code"),
            accessor="codes",
            schema_org=(SchemaOrg("code", (("codeValue", "code"), ("codingSystem", "system")), type="MedicalCode"),),
        ),
        Part(
            "groups",
            SymptomGroup,
            translated=GROUP_TEXTS,
            accessor="symptom_groups",
            children=(SYMPTOMS, REFERENCE),
            max_rows=15,
            text_rows=(("introduction", 3), ("guidance", 3)),
            # With the shared groups before the page's own (`SHARED_GROUPS_BEFORE`).
            template="diseases/parts/symptoms.html",
            contents=Contents("symptoms-heading", _("Symptoms")),
            always_shown=True,
        ),
        Part(
            "sections",
            Section,
            translated=("title", "body"),
            accessor="sections",
            markdown=("body",),
            text_rows=(("body", 8),),
            template="diseases/parts/sections.html",
            region=MORE_ABOUT,
        ),
        Part(
            "facts",
            Fact,
            translated=("text",),
            accessor="facts",
            max_rows=30,
            text_rows=(("text", 2),),
            template="diseases/parts/facts.html",
            region=MORE_ABOUT,
        ),
        Part(
            "resources",
            Resource,
            translated=("title", "description"),
            plain=("url",),
            accessor="resources",
            text_rows=(("description", 3),),
            template="diseases/parts/resources.html",
            contents=Contents("resources-heading", _("Other Resources")),
        ),
        # The related page's id: its title and address are those it is published with,
        # shown while it is public (views.disease_detail gives the links).
        Part(
            "related_conditions",
            RelatedCondition,
            plain=("target",),
            accessor="related_conditions",
            template="diseases/parts/related_conditions.html",
        ),
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
    text_rows=(("introduction", 3), ("guidance", 3)),
)

# A page document: the page with its own rows, and the shared groups.
DOCUMENT = (PAGE, SHARED_GROUPS)
# The page shows the shared groups just before its own part of this key
# (templates/diseases/disease_detail.html).
SHARED_GROUPS_BEFORE = "groups"


def add_page_part(part, after=None):
    """
    Add to the page a part declared by another installed app, after the
    part of key `after` (last by default). Call it as that app's models
    load, before anything walks the declaration (translations, revisions,
    the admin): everything then follows it as it follows the parts above.
    """
    children = list(PAGE.children)
    position = len(children) if after is None else [child.key for child in children].index(after) + 1
    children.insert(position, part)
    # The one change the declaration allows: parts are frozen so that nothing alters them by mistake.
    object.__setattr__(PAGE, "children", tuple(children))


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


def page_rows(page, shared=True):
    """
    (part, row) for every row of one language's page (`pages.render`), in
    page order: the page, then each row before its own rows, the shared
    groups (unless `shared` is false) where the page shows them.
    """

    def visit(part, row):
        yield part, row
        for child in part.children:
            if shared and part is PAGE and child.key == SHARED_GROUPS_BEFORE:
                for group in page.get(SHARED_GROUPS.key) or []:
                    yield from visit(SHARED_GROUPS, group)
            for item in child.items(row.get(child.key)):
                yield from visit(child, item)

    yield from visit(PAGE, page)


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
