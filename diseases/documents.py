"""
A disease page as one plain document: every part, every language.

A document is what a reviewer compares and approves, what a publication
freezes and what its fingerprint identifies. It is built the same way from
the working rows (the candidate a reviewer would approve now) and from a
stored revision (to compare a page's history), by walking `parts`.
"""

import datetime
import hashlib
import json

from django.core.exceptions import ObjectDoesNotExist

from . import languages, parts
from .models import Disease

# Version 1 publications hold one rendered page per language; version 2 hold
# documents (see `pages.page_in_language`, which renders both).
SCHEMA = 2


def _plain(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def serialize(obj, part, children_of):
    """One row and the rows below it; `children_of(obj, child_part)` says where those come from."""
    row = {"id": obj.pk}
    for name in part.plain:
        # A link to another row is kept as that row's id.
        row[name] = _plain(getattr(obj, part.model._meta.get_field(name).attname))
    site_languages = languages.site_languages()
    for name in part.translated:
        row[name] = {code: getattr(obj, languages.column(name, code)) or "" for code in site_languages}
    for child in part.children:
        found = children_of(obj, child)
        if child.many:
            row[child.key] = [serialize(item, child, children_of) for item in found]
        else:
            row[child.key] = serialize(found, child, children_of) if found is not None else None
    return row


def build(disease, shared_groups):
    """The document of a page from its rows (loaded with `load`)."""
    return build_with_shared(disease, serialize_shared(shared_groups))


def serialize_shared(shared_groups):
    """The shared groups' part of a document, the same on every page: made once for many pages."""
    return [serialize(group, parts.SHARED_GROUPS, parts.loaded_children) for group in shared_groups]


def build_with_shared(disease, serialized_shared, children_of=parts.loaded_children):
    """The document of a page from its rows (found by `children_of`) and the shared groups' part."""
    return {
        "schema": SCHEMA,
        parts.PAGE.key: serialize(disease, parts.PAGE, children_of),
        parts.SHARED_GROUPS.key: serialized_shared,
    }


def shared_groups():
    """The shared symptom groups with everything they show, in page order."""
    return list(parts.shared_rows().prefetch_related(*parts.SHARED_GROUPS.prefetch_lookups()))


def pages_with_content():
    """Diseases with every row their pages show, in a fixed number of queries."""
    return Disease.objects.prefetch_related(*parts.PAGE.prefetch_lookups())


def rows_below(pages):
    """
    `children_of(obj, child)` for every row below `pages`, read with one query
    per part: for many pages, Django's prefetching costs more per row than
    the rows themselves.
    """
    found = {}
    # Part by part, from the page down: no recursive closure, which would keep
    # every row read alive in a reference cycle until the cycle collector runs.
    pending = [(parts.PAGE, list(pages))]
    while pending:
        part, parents = pending.pop()
        for child in part.children:
            if child.many:
                parent_field = child.parent_field(part)
                ids = [parent.pk for parent in parents]
                rows = list(child.model._base_manager.filter(**{f"{parent_field.attname}__in": ids}))
                for parent in parents:
                    found[id(child), parent.pk] = []
                for row in rows:
                    found[id(child), getattr(row, parent_field.attname)].append(row)
            else:
                link = part.model._meta.get_field(child.accessor)
                linked = child.model._base_manager.in_bulk(
                    {getattr(parent, link.attname) for parent in parents} - {None}
                )
                rows = list(linked.values())
                for parent in parents:
                    found[id(child), parent.pk] = linked.get(getattr(parent, link.attname))
            if rows:
                pending.append((child, rows))

    return lambda obj, child: found[id(child), obj.pk]


def load(disease):
    """The page's working rows: the disease with its own rows, and the shared groups."""
    return pages_with_content().get(pk=disease.pk), shared_groups()


def candidate(disease):
    """What approving the page would publish now: its working rows as a document."""
    return build(*load(disease))


def fingerprint(document):
    """A digest that changes with any text, address, order, addition or removal in the document."""
    return digest(canonical(document))


def digest(encoded):
    """The fingerprint of a document from its `canonical` JSON."""
    return hashlib.sha256(encoded.encode()).hexdigest()


def canonical(value):
    """`value` as JSON written the same way every time: keys sorted, no spaces, characters as they are."""
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def joined(encoded_values):
    """The `canonical` JSON of an object, from that of its values ({key: canonical JSON})."""
    return "{" + ",".join(f"{canonical(key)}:{encoded}" for key, encoded in sorted(encoded_values.items())) + "}"


class SharedPart:
    """
    The shared groups' part of documents, the same on every page: serialized
    and encoded once, then reused by the documents of many pages.
    """

    def __init__(self, shared_groups):
        self.rows = serialize_shared(shared_groups)
        self.encoded = canonical(self.rows)

    def build(self, disease, children_of):
        """The page's document (from its rows found by `children_of`) and its `canonical` JSON."""
        document = build_with_shared(disease, self.rows, children_of)
        encoded = joined(
            {key: self.encoded if value is self.rows else canonical(value) for key, value in document.items()}
        )
        return document, encoded


def _ordering_key(model):
    names = [name for name in model._meta.ordering if not name.startswith("-")]
    return lambda obj: tuple((getattr(obj, "pk" if name == "pk" else name) or 0) for name in names)


def _fragment(obj, children_of):
    """A document holding `obj`, an object with a history of its own, and the rows it owns."""
    top = parts.history_part(type(obj))
    row = serialize(obj, top, children_of)
    return {"schema": SCHEMA, top.key: [row] if top.many else row}


def current(obj):
    """A page, shared group or reference as it is now in the database (its rows and linked rows)."""
    return _fragment(obj, parts.loaded_children)


def from_revision(revision, obj):
    """
    A page, shared group or reference as a revision of it saved it: the rows
    it owns from the revision, linked rows (references) as they are now.
    """
    model = type(obj)._meta.concrete_model
    stored = {}
    for version in revision.version_set.all():
        row = version._object_version.object
        stored.setdefault(type(row)._meta.concrete_model, []).append(row)
    saved = next((row for row in stored.get(model, []) if row.pk == obj.pk), None)
    if saved is None:
        return None

    def children_of(parent, child):
        if not child.owned:
            try:
                return parts.loaded_children(parent, child)
            except ObjectDoesNotExist:
                return None
        field = child.parent_field(next(part for part in parts.all_parts() if child in part.children))
        found = [row for row in stored.get(child.model, []) if getattr(row, field.attname) == parent.pk]
        return sorted(found, key=_ordering_key(child.model))

    return _fragment(saved, children_of)
