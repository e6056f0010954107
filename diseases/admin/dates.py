"""
Date hierarchies over lists that only grow (the review log, publications,
page feedback). Django's asks the database for the distinct dates of every
row each time the list opens (on SQLite, truncating each row's date in the
app's process); these list the dates of a level without reading the rows.
"""

import datetime

from django.db.models import Min
from django.utils import timezone
from django_admin_lightweight_date_hierarchy.templatetags.ldh_admin_list import default_date_hierarchy_drilldown


class DatesWithoutReadingEveryRow:
    """
    A date hierarchy offering the years from the first row's to this year,
    each month of a year and each day of a month, whether or not rows fall
    on them: one query, for the earliest date, lists the years.
    """

    date_hierarchy_drilldown = False

    def get_date_hierarchy_drilldown(self, year_lookup, month_lookup):
        if year_lookup is not None:
            return default_date_hierarchy_drilldown(year_lookup, month_lookup)
        this_year = timezone.localdate().year
        first = self.model._default_manager.aggregate(first=Min(self.date_hierarchy))["first"]
        if isinstance(first, datetime.datetime):
            first = timezone.localtime(first)
        start = min(first.year, this_year) if first else this_year
        return [datetime.date(year, 1, 1) for year in range(start, this_year + 1)]
