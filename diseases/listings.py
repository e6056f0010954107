"""
How many rows a page of each public list shows: the views paginate by
them, and a purge of a list reaches each of its pages (frontend_cache).
"""

A_TO_Z_PER_PAGE = 100
ADVICE_PER_PAGE = 20
