"""
Translating with files: pages exported as PO or XLIFF units for translators'
own tools (`units`, `formats`), and translated files imported back, unit by
unit checked (`checks`), as an edit that goes to medical review (`importing`).
"""

from . import importing
from .formats import FORMATS, PO, XLIFF_12, XLIFF_20, FileRefused, write
from .importing import Report, import_file
from .units import pages, units_for

__all__ = [
    "FORMATS",
    "PO",
    "XLIFF_12",
    "XLIFF_20",
    "FileRefused",
    "Report",
    "export",
    "import_file",
    "importing",
    "pages",
]


def export(language, file_format, slugs=None, needing_work_only=False, translator=""):
    """The file (bytes) of the pages of `slugs` (every page when empty) in `language` and `file_format`."""
    return write(units_for(language, pages(slugs), needing_work_only), language, file_format, translator)
