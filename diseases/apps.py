from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class DiseasesConfig(AppConfig):
    name = "diseases"
    verbose_name = _("Disease pages")

    def ready(self):
        # Registered here, not with decorators in models, so that the
        # translated columns modeltranslation adds (name_en, name_es…) are
        # already on the models and every language lands in each revision.
        from . import checks, signals, workflow  # noqa: F401 - registers the checks, connects the receivers
        from .database import use_sqlite_parameter_limit
        from .groups import create_groups
        from .search import reindex_missing
        from .versioning import register_models

        register_models()
        # The models reach the workflow through here (see models.content.workflow).
        self.workflow = workflow
        # After migrate, when the permissions exist (a data migration would run
        # before they are created on a fresh database).
        post_migrate.connect(create_groups, sender=self)
        post_migrate.connect(reindex_missing, sender=self)
        connection_created.connect(use_sqlite_parameter_limit)
