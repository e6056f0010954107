import contextlib
import datetime

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from diseases import demo_data, languages, search_gaps, workflow
from diseases.models import (
    Disease,
    EmailLanguage,
    GlossaryTerm,
    PageFeedback,
    PatientAdvice,
    Reference,
    ReviewerProfile,
    SearchSynonym,
    Symptom,
    SymptomGroup,
    TranslationGrant,
)
from diseases.permissions import EDITORS_GROUP, REVIEWERS_GROUP, TRANSLATORS_GROUP

DEMO_ACCOUNTS = [
    # username, password, group, superuser
    ("editor", "editor-demo-password", EDITORS_GROUP, False),
    ("reviewer", "reviewer-demo-password", REVIEWERS_GROUP, False),
    ("translator", "translator-demo-password", TRANSLATORS_GROUP, False),
    ("admin", "admin-demo-password", None, True),
]
# The languages each demo translator translates into, and reads the admin in (the first).
DEMO_TRANSLATIONS = {"translator": ["es"]}


def translated(**fields):
    """Model keyword arguments for every language of each translated field."""
    values = {}
    for field, texts in fields.items():
        if texts is None:
            continue
        for code in languages.site_languages():
            values[build_localized_fieldname(field, code)] = texts.get(code, "")
    return values


class Command(BaseCommand):
    help = "Load the demo disease pages (CNO/CRMO and a short second page) and demo accounts. Safe to run twice."

    def add_arguments(self, parser):
        parser.add_argument(
            "--pages-only",
            action="store_true",
            help="Only the pages as the charity publishes them: no review in progress, no advice to moderate.",
        )

    @transaction.atomic
    def handle(self, *args, pages_only=False, **options):
        users = self.create_accounts()
        self.editor = editor = users["editor"]
        shared_created = self.create_shared_groups()
        self.create_glossary()
        self.create_synonyms()
        new_diseases = [self.create_disease(data) for data in demo_data.DISEASES if not self.exists(data)]
        for disease in new_diseases:
            disease.publish_provisionally(editor, comment="Demo content, awaiting medical review")
        if not pages_only and any(disease.slug == demo_data.REVIEWED_PAGE for disease in new_diseases):
            self.show_work_in_progress(users)
            for language, query, times in demo_data.SEARCH_GAPS:
                for _search in range(times):
                    search_gaps.record(query, language)
        self.stdout.write(
            f"Shared symptom groups created: {shared_created}. Disease pages created: {len(new_diseases)} "
            f"({', '.join(d.slug for d in new_diseases) or 'all were already there'})."
        )
        self.stdout.write("Demo accounts (sign in at /admin/):")
        for username, password, group, _superuser in DEMO_ACCOUNTS:
            languages = ", ".join(DEMO_TRANSLATIONS.get(username, []))
            role = f"{group} ({languages})" if languages else group or "site administrator"
            self.stdout.write(f"  {username:<10} password: {password:<24} {role}")

    def show_work_in_progress(self, users):
        """
        Work for the demo accounts to find: a reviewed page due for review soon,
        changed since and awaiting review, with an outdated translation; advice to moderate;
        what visitors said about the pages.
        """
        editor, reviewer = users["editor"], users["reviewer"]
        page = Disease.objects.get(slug=demo_data.REVIEWED_PAGE)
        page.submit_for_review(editor, comment="Demo content, first medical review")
        page.approve(
            reviewer,
            comment="Checked against current guidelines.",
            next_review_due=timezone.localdate() + datetime.timedelta(days=demo_data.NEXT_REVIEW_IN_DAYS),
        )
        revised = demo_data.REVISED_SYMPTOM
        symptom = Symptom.objects.get(group__disease=page, text_en=revised["before"])
        with reversion.create_revision(), workflow.editing(editor):
            reversion.set_user(editor)
            reversion.set_comment("Reworded a symptom")
            for language, text in revised["after"].items():
                if text is not None:
                    setattr(symptom, build_localized_fieldname("text", language), text)
            symptom.save()
            reversion.add_to_revision(page)
        page.refresh_from_db()
        page.submit_for_review(editor, comment=demo_data.SUBMIT_COMMENT)
        advice = demo_data.PENDING_ADVICE
        PatientAdvice.objects.create(
            disease=Disease.objects.get(slug=advice["disease"]),
            consent=True,
            **{key: value for key, value in advice.items() if key != "disease"},
        )
        today = timezone.localdate()
        for slug, language, helpful, kind, text, days_ago in demo_data.PAGE_FEEDBACK:
            PageFeedback.objects.create(
                disease=Disease.objects.get(slug=slug),
                language=language,
                helpful=helpful,
                kind=kind,
                text=text,
                created_on=today - datetime.timedelta(days=days_ago),
            )

    @contextlib.contextmanager
    def saved_by_editor(self):
        """One revision and one edit by the demo editor: each page and shared object has a history of its own."""
        with reversion.create_revision(), workflow.editing(self.editor):
            reversion.set_user(self.editor)
            reversion.set_comment("Demo content loaded")
            yield

    def create_glossary(self):
        for entry in demo_data.GLOSSARY:
            for language in (code for code in languages.site_languages() if code in entry):
                translation, note = entry[language]
                GlossaryTerm.objects.get_or_create(
                    language=language, term=entry["term"], defaults={"translation": translation, "note": note}
                )

    def create_accounts(self):
        User = get_user_model()
        users = {}
        for username, password, group_name, superuser in DEMO_ACCOUNTS:
            user, created = User.objects.get_or_create(
                username=username,
                defaults={"is_staff": True, "is_superuser": superuser, "email": f"{username}@example.org"},
            )
            if created:
                user.set_password(password)
                user.save()
                if group_name:
                    user.groups.add(Group.objects.get(name=group_name))
                languages = DEMO_TRANSLATIONS.get(username, [])
                TranslationGrant.objects.bulk_create(TranslationGrant(user=user, language=code) for code in languages)
                if languages:
                    EmailLanguage.objects.create(user=user, language=languages[0])
            users[username] = user
        ReviewerProfile.objects.get_or_create(
            user=users["reviewer"],
            defaults={
                "display_name": "Dr Demo Reviewer",
                **translated(
                    credentials=demo_data.t(
                        "MD, paediatric rheumatologist",
                        "médica, reumatóloga pediátrica",
                        "médecin, rhumatologue pédiatrique",
                    ),
                    specialty=demo_data.t(
                        "paediatric rheumatology", "reumatología pediátrica", "rhumatologie pédiatrique"
                    ),
                ),
            },
        )
        return users

    def exists(self, data):
        return Disease.objects.filter(slug=data["slug"]).exists()

    def reference(self, data):
        if data is None:
            return None
        existing = Reference.objects.filter(title_en=data["title"]["en"]).first()
        if existing is not None:
            return existing
        with self.saved_by_editor():
            return Reference.objects.create(
                year=data["year"],
                url=data["url"],
                **translated(title=data["title"], publisher=data["publisher"], link_text=data["link_text"]),
            )

    def create_group(self, data, disease, order, reference):
        group = SymptomGroup.objects.create(
            disease=disease,
            order=order,
            reference=reference,
            **translated(title=data["title"], introduction=data.get("introduction"), guidance=data.get("guidance")),
        )
        for position, text in enumerate(data["symptoms"]):
            group.symptoms.create(order=position, **translated(text=text))
        return group

    def create_synonyms(self):
        for language, term, means in demo_data.SYNONYMS:
            SearchSynonym.objects.get_or_create(language=language, term=term, means=means)

    def create_shared_groups(self):
        created = 0
        for order, data in enumerate(demo_data.SHARED_GROUPS):
            if not SymptomGroup.objects.shared().filter(title_en=data["title"]["en"]).exists():
                reference = self.reference(data.get("reference"))
                with self.saved_by_editor():
                    self.create_group(data, disease=None, order=order, reference=reference)
                created += 1
        return created

    def create_disease(self, data):
        references = [self.reference(group.get("reference")) for group in data["groups"]]
        with self.saved_by_editor():
            return self.create_page(data, references)

    def create_page(self, data, references):
        disease = Disease.objects.create(
            slug=data["slug"],
            category=data["category"],
            last_updated=data["last_updated"],
            **translated(
                definition=data["definition"],
                cytokines=data["cytokines"],
                body_areas=data["body_areas"],
                mostly_affected=data["mostly_affected"],
                typical_onset=data["typical_onset"],
            ),
        )
        for order, name in enumerate(data["names"]):
            disease.names.create(order=order, **translated(name=name["name"], abbreviation=name["abbreviation"]))
        for order, item in enumerate(data["pronunciations"]):
            disease.pronunciations.create(order=order, **translated(term=item["term"], respelling=item["respelling"]))
        for order, item in enumerate(demo_data.DEMO_HELP.get(data["slug"], [])):
            disease.help_items.create(order=order, kind=item["kind"], **translated(text=item["text"]))
        for system, code in data["codes"]:
            disease.codes.create(system=system, code=code)
        for order, (group, reference) in enumerate(zip(data["groups"], references, strict=True)):
            self.create_group(group, disease=disease, order=order, reference=reference)
        for order, section in enumerate(data["sections"]):
            disease.sections.create(order=order, **translated(title=section["title"], body=section["body"]))
        for order, fact in enumerate(data["facts"]):
            disease.facts.create(order=order, **translated(text=fact))
        for order, resource in enumerate(data["resources"]):
            disease.resources.create(
                order=order,
                url=resource["url"],
                **translated(title=resource["title"], description=resource["description"]),
            )
        return disease
