"""
The related conditions a page shows: the pages its (published or previewed)
document links to, in its order, those that are public now, each titled in
the visitor's language. A link to a page deleted or unpublished since simply
is not shown.
"""

from .models import SearchEntry

KEY = "related_conditions"


def targets(page):
    """The ids of the pages a localized page links to, in its order."""
    return [row["target"] for row in page.get(KEY, [])]


def public_links(target_ids, language):
    """[(title, slug)] of the public pages among `target_ids`, in their order: one query, none without links."""
    if not target_ids:
        return []
    public = SearchEntry.objects.public_pages_among(target_ids, language)
    return [public[target] for target in target_ids if target in public]
