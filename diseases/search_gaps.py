"""
What visitors look for and do not find: each search that found nothing
counted by its normalised words, language and ISO week, in one statement.
Nothing about who searched is kept (no address, cookie or browser), nor a
query that is over-long or looks like an e-mail address or a telephone
number; at most `SEARCH_GAPS_PER_WEEK` different queries a week, so that a
flood of made-up searches costs a bounded table. Editors mark what they did
about a query (added a synonym, planned a page, not relevant).
"""

import datetime
import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import permissions
from .folding import fold
from .models import SearchGap

logger = logging.getLogger(__name__)

# Longer queries (once normalised) are not stored at all, not even cut.
MAX_STORED_LENGTH = SearchGap._meta.get_field("query").max_length
MAX_STORED_WORDS = 8
LOOKS_PERSONAL = re.compile(r"\S@\S|(?:\d[\s().+-]*){7}")
# A status an editor chose that a later week's same search keeps: a new page
# planned, or not relevant, stays so. A search that still finds nothing
# after a synonym was added is open again.
KEPT_STATUSES = (SearchGap.Status.PAGE_PLANNED, SearchGap.Status.NOT_RELEVANT)
SHOWN_ON_DASHBOARD = 10


def week_of(day):
    """The Monday of the ISO week of `day`."""
    return day - datetime.timedelta(days=day.weekday())


def normalise(query):
    """A query as counted: folded, its spaces collapsed (“Tiredness ” and “tiredness” are one search)."""
    return " ".join(fold(query).split())


def storable(query):
    """The normalised query to count, or "" when it is not kept (empty, over-long, personal-looking)."""
    normalised = normalise(query)
    if len(normalised) > MAX_STORED_LENGTH or len(normalised.split()) > MAX_STORED_WORDS:
        return ""
    if LOOKS_PERSONAL.search(normalised):
        return ""
    return normalised


def _upsert_sql():
    table, quote = SearchGap._meta.db_table, connection.ops.quote_name
    column = {name: quote(SearchGap._meta.get_field(name).column) for name in ("language", "query", "week", "count")}
    status, handled_by, handled_at = (
        quote(SearchGap._meta.get_field(name).column) for name in ("status", "handled_by", "handled_at")
    )
    same_query = f"{column['language']} = %s AND {column['query']} = %s"
    # One row inserted (with the status an editor gave the same query before,
    # when it is one to keep) if this week has room or the row exists, and
    # then counted once more if it existed.
    return f"""
        INSERT INTO {quote(table)}
            ({column["language"]}, {column["query"]}, {column["week"]}, {column["count"]},
             {status}, {handled_by}, {handled_at})
        SELECT %s, %s, %s, 1, COALESCE(earlier.status, %s), earlier.handled_by, earlier.handled_at
        FROM (SELECT 1 AS one) AS here
        LEFT JOIN (
            SELECT {status} AS status, {handled_by} AS handled_by, {handled_at} AS handled_at
            FROM {quote(table)} WHERE {same_query} AND {status} IN (%s, %s)
            ORDER BY {column["week"]} DESC LIMIT 1
        ) AS earlier ON 1 = 1
        WHERE (SELECT COUNT(*) FROM {quote(table)} WHERE {column["week"]} = %s) < %s
            OR EXISTS (SELECT 1 FROM {quote(table)} WHERE {same_query} AND {column["week"]} = %s)
        ON CONFLICT ({column["language"]}, {column["query"]}, {column["week"]})
        DO UPDATE SET {column["count"]} = {quote(table)}.{column["count"]} + 1
    """  # noqa: S608 - the names come from the model, the values are parameters


def record(query, language, today=None):
    """Count one search for `query` in `language` that found nothing, this week."""
    normalised = storable(query)
    if not normalised:
        return
    week = connection.ops.adapt_datefield_value(week_of(today or timezone.localdate()))
    params = [
        *(language, normalised, week, SearchGap.Status.OPEN),
        *(language, normalised, *KEPT_STATUSES),
        *(week, settings.SEARCH_GAPS_PER_WEEK),
        *(language, normalised, week),
    ]
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # A count lost to a crash is no loss: the visitor need not wait for the disk.
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            cursor.execute(_upsert_sql(), params)
    except DatabaseError:
        # A count is bookkeeping: the visitor's search must not fail for it (a busy SQLite file, say).
        logger.warning("A search that found nothing could not be counted", exc_info=True)


@transaction.atomic
def mark(gaps, status, user):
    """
    Mark the queries of `gaps` as handled with `status` (or open again), in
    every week they were searched: what was done is about the query.
    Returns how many queries.
    """
    if not permissions.can_handle_search_gaps(user):
        raise PermissionDenied(_("Only content editors can mark what visitors searched for."))
    handled = status != SearchGap.Status.OPEN
    queries = set(gaps.values_list("language", "query"))
    for language, query in queries:
        SearchGap.objects.filter(language=language, query=query).update(
            status=status, handled_by=user if handled else None, handled_at=timezone.now() if handled else None
        )
    return len(queries)


def handled_by_synonym(synonym, user):
    """The open searches for a synonym's term, just saved, are handled by it (if its author may say so)."""
    gaps = SearchGap.objects.unhandled().filter(language=synonym.language, query=normalise(synonym.term))
    if permissions.can_handle_search_gaps(user) and gaps.exists():
        mark(gaps, SearchGap.Status.SYNONYM_ADDED, user)


def top_of_week(today=None):
    """This week's most frequent searches that found nothing and nobody handled yet."""
    week = week_of(today or timezone.localdate())
    return SearchGap.objects.in_week(week).unhandled().most_searched()[:SHOWN_ON_DASHBOARD]
