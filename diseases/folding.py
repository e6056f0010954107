"""Text as search compares it: without accents or case, and split into words."""

import functools
import re
import unicodedata

WORD = re.compile(r"\w+")


def fold(text):
    """`text` without accents or case: “Ostéomyélite” and “osteomyelite” fold alike."""
    return "\n".join(_fold_line(line) for line in text.split("\n"))


@functools.lru_cache(maxsize=2048)
def _fold_line(line):
    # Kept per line: the shared groups' texts are on every page, folded once for all of them.
    decomposed = unicodedata.normalize("NFKD", line.casefold())
    return "".join(character for character in decomposed if not unicodedata.combining(character))


def folded_words(text):
    """The words of `text`, folded: “Bone  Inflammation!” is ["bone", "inflammation"]."""
    return WORD.findall(fold(text))
