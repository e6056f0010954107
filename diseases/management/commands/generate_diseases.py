"""
N realistic published disease pages, made through the real workflow, for
benchmarks and load tests: written by an editor, submitted, approved by a
reviewer, with advice from patients in several languages.
"""

import datetime
import random

import reversion
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from diseases import languages, workflow
from diseases.models import Disease, PatientAdvice, ReviewerProfile
from diseases.permissions import EDITORS_GROUP, REVIEWERS_GROUP

QUALIFIERS = [
    ("Chronic", "crónica", "chronique"),
    ("Juvenile", "juvenil", "juvénile"),
    ("Systemic", "sistémica", "systémique"),
    ("Recurrent", "recurrente", "récurrente"),
    ("Familial", "familiar", "familiale"),
    ("Idiopathic", "idiopática", "idiopathique"),
    ("Multifocal", "multifocal", "multifocale"),
    ("Periodic", "periódica", "périodique"),
    ("Erosive", "erosiva", "érosive"),
    ("Seronegative", "seronegativa", "séronégative"),
]
CORES = [
    ("Arthritis", "Artritis", "Arthrite"),
    ("Osteomyelitis", "Osteomielitis", "Ostéomyélite"),
    ("Vasculitis", "Vasculitis", "Vascularite"),
    ("Spondyloarthritis", "Espondiloartritis", "Spondyloarthrite"),
    ("Uveitis", "Uveítis", "Uvéite"),
    ("Myositis", "Miositis", "Myosite"),
    ("Enthesitis", "Entesitis", "Enthésite"),
    ("Polychondritis", "Policondritis", "Polychondrite"),
    ("Sacroiliitis", "Sacroileítis", "Sacro-iliite"),
    ("Synovitis", "Sinovitis", "Synovite"),
]
SYMPTOMS = [
    (
        "Joint pain that comes and goes",
        "Dolor articular que aparece y desaparece",
        "Douleurs articulaires qui vont et viennent",
    ),
    (
        "Morning stiffness lasting over an hour",
        "Rigidez matutina de más de una hora",
        "Raideur matinale de plus d’une heure",
    ),
    ("Swelling of the knees or ankles", "Hinchazón de rodillas o tobillos", "Gonflement des genoux ou des chevilles"),
    ("Recurring fevers without infection", "Fiebres recurrentes sin infección", "Fièvres récurrentes sans infection"),
    ("Severe fatigue", "Fatiga intensa", "Fatigue intense"),
    ("Skin rash during flares", "Erupción cutánea durante los brotes", "Éruption cutanée pendant les poussées"),
    ("Red, painful eyes", "Ojos rojos y doloridos", "Yeux rouges et douloureux"),
    ("Back pain at night", "Dolor de espalda por la noche", "Douleurs dorsales la nuit"),
    ("Muscle weakness", "Debilidad muscular", "Faiblesse musculaire"),
    ("Bone pain", "Dolor óseo", "Douleurs osseuses"),
    ("Mouth ulcers", "Úlceras en la boca", "Aphtes buccaux"),
    ("Weight loss", "Pérdida de peso", "Perte de poids"),
]
FACTS = [
    ("It is often diagnosed late.", "A menudo se diagnostica tarde.", "Elle est souvent diagnostiquée tardivement."),
    ("It can start in childhood.", "Puede empezar en la infancia.", "Elle peut commencer dans l’enfance."),
    (
        "Flares can be triggered by stress.",
        "El estrés puede desencadenar brotes.",
        "Le stress peut déclencher des poussées.",
    ),
    ("Imaging helps to follow it.", "Las pruebas de imagen ayudan a seguirla.", "L’imagerie aide à la suivre."),
]
ADVICE = [
    ("en", "Keep a diary of your symptoms: it helps at every appointment."),
    ("es", "Lleve un diario de sus síntomas: ayuda en cada consulta."),
    ("fr", "Tenez un journal de vos symptômes : cela aide à chaque rendez-vous."),
    ("en", "Ask for a referral to a rheumatologist early."),
]


def translated(field, texts):
    return {
        build_localized_fieldname(field, code): text
        for code, text in zip(languages.site_languages(), texts, strict=False)
    }


class Command(BaseCommand):
    help = "Create N published disease pages through the workflow (editor writes, reviewer approves), for benchmarks."

    def add_arguments(self, parser):
        parser.add_argument("count", type=int, help="How many pages to create.")
        parser.add_argument("--seed", type=int, default=1, help="Random seed, for the same pages every time.")

    def handle(self, *args, count, seed, **options):
        rng = random.Random(seed)  # noqa: S311 - sample content, not secrets
        editor, reviewer = self.accounts()
        start = Disease.objects.filter(slug__startswith="generated-").count()
        for number in range(start, start + count):
            with transaction.atomic():
                disease = self.write(rng, number, editor)
                workflow.submit_for_review(disease, editor)
                workflow.approve(disease, reviewer, comment="Generated for benchmarks")
                self.add_advice(rng, disease, editor)
            if (number - start + 1) % 100 == 0:
                self.stdout.write(f"{number - start + 1} of {count} pages published")
        self.stdout.write(f"Published {count} generated disease pages.")

    def accounts(self):
        User = get_user_model()
        editor, _created = User.objects.get_or_create(username="generated-editor", defaults={"is_staff": True})
        editor.groups.add(Group.objects.get(name=EDITORS_GROUP))
        reviewer, _created = User.objects.get_or_create(username="generated-reviewer", defaults={"is_staff": True})
        reviewer.groups.add(Group.objects.get(name=REVIEWERS_GROUP))
        ReviewerProfile.objects.get_or_create(
            user=reviewer,
            defaults={
                "display_name": "Dr Generated Reviewer",
                **translated("credentials", ("MD", "médica", "médecin")),
            },
        )
        return editor, reviewer

    def write(self, rng, number, editor):
        first, second = rng.sample(QUALIFIERS, 2)
        core = rng.choice(CORES)
        names = (
            f"{first[0]} {second[0]} {core[0]} {number}",
            f"{core[1]} {first[1]} {second[1]} {number}",
            f"{core[2]} {first[2]} {second[2]} {number}",
        )
        abbreviation = f"{first[0][0]}{second[0][0]}{core[0][0]}{number}"
        with reversion.create_revision(), workflow.editing(editor):
            reversion.set_user(editor)
            reversion.set_comment("Generated")
            disease = Disease.objects.create(
                slug=f"generated-{number}",
                category=rng.choice(Disease.Category.values),
                last_updated=datetime.date(2024, 1, 1) + datetime.timedelta(days=number % 600),
                **translated(
                    "definition",
                    (
                        f"{names[0]} is an autoinflammatory disease that affects the joints and the whole body.",
                        f"La {names[1]} es una enfermedad autoinflamatoria que afecta a las articulaciones y a todo "
                        "el cuerpo.",
                        f"L’{names[2]} est une maladie auto-inflammatoire qui touche les articulations et tout le "
                        "corps.",
                    ),
                ),
                **translated("cytokines", ("IL-1, IL-6", "IL-1, IL-6", "IL-1, IL-6")),
            )
            disease.names.create(order=0, **translated("name", names), **translated("abbreviation", [abbreviation] * 3))
            group = disease.symptom_groups.create(
                order=0,
                **translated(
                    "title",
                    (
                        f"Symptoms often associated with {abbreviation}",
                        f"Síntomas asociados a menudo con {abbreviation}",
                        f"Symptômes souvent associés à {abbreviation}",
                    ),
                ),
            )
            for order, texts in enumerate(rng.sample(SYMPTOMS, rng.randint(5, 9))):
                group.symptoms.create(order=order, **translated("text", texts))
            disease.sections.create(
                order=0,
                **translated(
                    "title",
                    (f"Diagnosing {abbreviation}", f"Diagnóstico de {abbreviation}", f"Diagnostic de {abbreviation}"),
                ),
                **translated(
                    "body",
                    (
                        "Doctors look at:\n\n- blood tests\n- imaging\n- how symptoms change over time",
                        "Los médicos tienen en cuenta:\n\n- análisis de sangre\n- pruebas de imagen\n"
                        "- la evolución de los síntomas",
                        "Les médecins regardent :\n\n- les analyses de sang\n- l’imagerie\n- l’évolution des symptômes",
                    ),
                ),
            )
            for order, texts in enumerate(rng.sample(FACTS, 3)):
                disease.facts.create(order=order, **translated("text", texts))
            disease.resources.create(
                order=0,
                url=f"https://example.org/diseases/{number}",
                **translated("title", ("Patient guide", "Guía para pacientes", "Guide pour les patients")),
            )
        return disease

    def add_advice(self, rng, disease, editor):
        for language, text in rng.sample(ADVICE, 3):
            advice = PatientAdvice.objects.create(
                disease=disease, text=text, role="patient", language=language, consent=True
            )
            advice.approve(editor)
