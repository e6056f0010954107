"""The admin, one module per concern: content editing, medical review, patient advice."""

from . import advice, content, review  # noqa: F401 - registers the model admins
