"""
Whatever changes what the public reads (a publication, a deleted page, a
moderation decision, a restored backup) says so here, in its transaction:
the app's page cache starts a new generation and the frontend caches purge
the addresses showing those pages, both once the transaction commits.
"""

from . import frontend_cache, page_cache


def pages_changed(diseases=None, former_slugs=()):
    """
    What the public reads of `diseases` (of every page, when None) changes
    when this transaction commits; and at `former_slugs`, the addresses they had.
    """
    page_cache.invalidate()
    frontend_cache.purge_after_commit(diseases, former_slugs)
