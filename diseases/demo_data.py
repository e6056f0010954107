"""
The demo content: the CNO/CRMO page as the charity publishes it, in English
with Spanish and French translations, and a short second page so that the
shared symptom groups visibly serve two diseases.
"""

import datetime


def t(en, es, fr):
    """One text in every site language."""
    return {"en": en, "es": es, "fr": fr}


EARLY_SYMPTOMS_STUDY = {
    "key": "early-symptoms-study",
    "title": t(
        "Early Symptoms of AiArthritis Study",
        "Estudio sobre los síntomas tempranos de la AiArthritis",
        "Étude sur les symptômes précoces de l’AiArthritis",
    ),
    "publisher": t("AiArthritis", "AiArthritis", "AiArthritis"),
    "year": 2019,
    "url": "https://www.aiarthritis.org/early-symptoms-study",
    "link_text": t(
        "View Early Symptoms Study",
        "Ver el estudio sobre los síntomas tempranos",
        "Voir l’étude sur les symptômes précoces",
    ),
}

SHARED_GROUPS = [
    {
        "title": t(
            "Common in All AiArthritis Diseases",
            "Comunes a todas las enfermedades AiArthritis",
            "Communs à toutes les maladies AiArthritis",
        ),
        "symptoms": [
            t(
                "Periods of worsening symptoms are called flares. A flare can last for hours, days, weeks, or months.",
                "Los periodos en los que los síntomas empeoran se llaman brotes. Un brote puede durar horas, días, "
                "semanas o meses.",
                "Les périodes d’aggravation des symptômes sont appelées poussées. Une poussée peut durer des heures, "
                "des jours, des semaines ou des mois.",
            ),
            t(
                "Condition improves with activity and exercise and worsens with rest.",
                "La enfermedad mejora con la actividad y el ejercicio, y empeora con el reposo.",
                "L’état s’améliore avec l’activité et l’exercice, et s’aggrave au repos.",
            ),
            t(
                "When inflammation is left uncontrolled due to lack of proper treatment, comorbidities can develop. "
                "70% of patients with chronic, lifelong disease will develop comorbidities, including dual or triple "
                "diagnoses.",
                "Cuando la inflamación no se controla por falta de un tratamiento adecuado, pueden aparecer "
                "comorbilidades. El 70\u00a0% de los pacientes con una enfermedad crónica de por vida desarrollará "
                "comorbilidades, incluidos diagnósticos dobles o triples.",
                "Lorsque l’inflammation n’est pas maîtrisée faute d’un traitement adapté, des comorbidités peuvent "
                "apparaître. Parmi les patients atteints d’une maladie chronique à vie, 70\u00a0% développeront des "
                "comorbidités, y compris des diagnostics doubles ou triples.",
            ),
        ],
    },
    {
        "title": t("“Auto” Symptoms", "Síntomas «auto»", "Symptômes «\u00a0auto\u00a0»"),
        "reference": EARLY_SYMPTOMS_STUDY,
        "symptoms": [
            t(
                "Severe fatigue or exhaustion that may not be helped by caffeine/stimulants and can happen even after "
                "a long period of rest.",
                "Fatiga intensa o agotamiento que puede no aliviarse con cafeína u otros estimulantes y que puede "
                "aparecer incluso después de un largo periodo de descanso.",
                "Fatigue intense ou épuisement qui peut ne pas être soulagé par la caféine ou d’autres stimulants et "
                "qui peut survenir même après une longue période de repos.",
            ),
            t(
                "“Brain fog” - or periods of time where thinking gets clouded and it becomes difficult to concentrate.",
                "«Niebla mental», o periodos en los que el pensamiento se nubla y resulta difícil concentrarse.",
                "«\u00a0Brouillard cérébral\u00a0», ou périodes pendant lesquelles la pensée devient confuse et où il "
                "devient difficile de se concentrer.",
            ),
            t(
                "Flu-like symptoms, without having the flu- nausea, muscle weakness, and general malaise.",
                "Síntomas parecidos a los de la gripe, sin tener gripe: náuseas, debilidad muscular y malestar "
                "general.",
                "Symptômes pseudo-grippaux, sans avoir la grippe\u00a0: nausées, faiblesse musculaire et malaise "
                "général.",
            ),
            t(
                "Fever, typically low grade in autoimmune and higher grade in autoinflammatory (% strongly varies per "
                "disease).",
                "Fiebre, normalmente leve en las enfermedades autoinmunes y más alta en las autoinflamatorias (el "
                "porcentaje varía mucho según la enfermedad).",
                "Fièvre, généralement légère dans les maladies auto-immunes et plus élevée dans les maladies "
                "auto-inflammatoires (le pourcentage varie fortement selon la maladie).",
            ),
        ],
    },
    {
        "title": t(
            "Inflammatory Arthritis Symptoms",
            "Síntomas de artritis inflamatoria",
            "Symptômes d’arthrite inflammatoire",
        ),
        "symptoms": [
            t(
                "Severe stiffness in one or more joints, especially in the morning or after sitting for long periods "
                "of time.",
                "Rigidez intensa en una o más articulaciones, sobre todo por la mañana o después de estar sentado "
                "durante mucho tiempo.",
                "Raideur importante d’une ou de plusieurs articulations, surtout le matin ou après être resté assis "
                "longtemps.",
            ),
            t(
                "Episodes of joint pain that may last for hours, days, or even weeks, that can appear and disappear "
                "suddenly. Often described as “jumping pain” into different locations.",
                "Episodios de dolor articular que pueden durar horas, días o incluso semanas, y que pueden aparecer y "
                "desaparecer de repente. A menudo se describe como un «dolor que salta» de un lugar a otro.",
                "Épisodes de douleurs articulaires pouvant durer des heures, des jours, voire des semaines, et qui "
                "peuvent apparaître et disparaître brusquement. Souvent décrites comme une «\u00a0douleur qui "
                "saute\u00a0» d’un endroit à l’autre.",
            ),
        ],
        "guidance": t(
            "Typically the joint pain will coincide with one or more “Auto” symptoms and start and stop suddenly - "
            'for no apparent reason (which is called a "flare"). Some people will experience all of the above '
            "symptoms, others only a few. If you have any of the arthritis features, and at least one of the “Auto” "
            "features, please consult your physician about a referral to a rheumatologist.",
            "Por lo general, el dolor articular coincide con uno o más síntomas «auto» y empieza y termina de "
            "repente, sin motivo aparente (esto se llama «brote»). Algunas personas tendrán todos los síntomas "
            "anteriores; otras, solo algunos. Si tiene alguna de las características de la artritis y al menos una "
            "de las características «auto», consulte a su médico sobre la posibilidad de que le derive a un "
            "reumatólogo.",
            "En général, la douleur articulaire coïncide avec un ou plusieurs symptômes «\u00a0auto\u00a0» et "
            "commence et s’arrête brusquement, sans raison apparente (c’est ce qu’on appelle une "
            "«\u00a0poussée\u00a0»). Certaines personnes présenteront tous les symptômes ci-dessus, d’autres "
            "seulement quelques-uns. Si vous présentez l’une des caractéristiques de l’arthrite et au moins l’une "
            "des caractéristiques «\u00a0auto\u00a0», veuillez consulter votre médecin au sujet d’une orientation "
            "vers un rhumatologue.",
        ),
    },
]

CNO_CRMO = {
    "slug": "cno-crmo",
    "category": "autoinflammatory",
    "last_updated": datetime.date(2023, 9, 1),
    "names": [
        {
            "name": t(
                "Chronic Nonbacterial Osteomyelitis",
                "Osteomielitis crónica no bacteriana",
                "Ostéomyélite chronique non bactérienne",
            ),
            "abbreviation": t("CNO", "CNO", "CNO"),
        },
        {
            "name": t(
                "Chronic Recurrent Multifocal Osteomyelitis",
                "Osteomielitis multifocal crónica recurrente",
                "Ostéomyélite chronique multifocale récurrente",
            ),
            "abbreviation": t("CRMO", "CRMO", "CRMO"),
        },
    ],
    "pronunciations": [
        {
            "term": t("Osteomyelitis", "Osteomielitis", "Ostéomyélite"),
            "respelling": t("os-tee-oh-mEYE-uh-lai-tis", "os-te-o-mie-LI-tis", "os-té-o-mié-LITE"),
        }
    ],
    "definition": t(
        "Chronic Nonbacterial Osteomyelitis (CNO)/Chronic Recurrent Multifocal Osteomyelitis (CRMO) is an "
        "autoinflammatory disease where the bones become inflamed without any bacterial infection. They cause "
        "persistent bone pain and swelling, primarily in areas like long bones, pelvis, shoulder, and spine. "
        "Cytokines like IL-1β and IL-10 play a role in the disease. This disease is mostly found in children.",
        "La osteomielitis crónica no bacteriana (CNO)/osteomielitis multifocal crónica recurrente (CRMO) es una "
        "enfermedad autoinflamatoria en la que los huesos se inflaman sin que haya ninguna infección bacteriana. "
        "Provocan dolor e hinchazón persistentes en los huesos, principalmente en zonas como los huesos largos, la "
        "pelvis, el hombro y la columna vertebral. Citocinas como la IL-1β y la IL-10 intervienen en la enfermedad. "
        "Esta enfermedad se da sobre todo en niños.",
        "L’ostéomyélite chronique non bactérienne (CNO)/ostéomyélite chronique multifocale récurrente (CRMO) est une "
        "maladie auto-inflammatoire dans laquelle les os s’enflamment sans aucune infection bactérienne. Elles "
        "provoquent des douleurs et un gonflement osseux persistants, principalement au niveau des os longs, du "
        "bassin, de l’épaule et de la colonne vertébrale. Des cytokines comme l’IL-1β et l’IL-10 jouent un rôle dans "
        "la maladie. Cette maladie touche surtout les enfants.",
    ),
    "cytokines": t("IL-1β, IL-10", "IL-1β, IL-10", "IL-1β, IL-10"),
    "body_areas": t(
        "Long bones, pelvis, shoulder, spine",
        "Huesos largos, pelvis, hombro, columna vertebral",
        "Os longs, bassin, épaule, colonne vertébrale",
    ),
    "mostly_affected": t("Children", "Niños", "Enfants"),
    "typical_onset": t("9 to 10 years", "De 9 a 10 años", "De 9 à 10 ans"),
    "codes": [("ORPHA", "324964"), ("OMIM", "259680"), ("ICD-10", "M86.3")],
    "groups": [
        {
            "title": t(
                "Symptoms Often Associated with CNO/CRMO:",
                "Síntomas frecuentemente asociados a la CNO/CRMO:",
                "Symptômes souvent associés à la CNO/CRMO\u00a0:",
            ),
            "symptoms": [
                t(
                    "Bone pain particularly in the long bones, knee, ankle, wrist, back, pelvis or collarbone",
                    "Dolor óseo, sobre todo en los huesos largos, la rodilla, el tobillo, la muñeca, la espalda, la "
                    "pelvis o la clavícula",
                    "Douleurs osseuses, en particulier au niveau des os longs, du genou, de la cheville, du poignet, "
                    "du dos, du bassin ou de la clavicule",
                ),
                t(
                    "Exudate (fluid that leaks out of blood vessels into nearby tissues)",
                    "Exudado (líquido que sale de los vasos sanguíneos hacia los tejidos cercanos)",
                    "Exsudat (liquide qui s’échappe des vaisseaux sanguins vers les tissus voisins)",
                ),
                t("Synovial thickening", "Engrosamiento sinovial", "Épaississement synovial"),
                t(
                    "Damage to articular cartillage",
                    "Daño del cartílago articular",
                    "Lésions du cartilage articulaire",
                ),
                t(
                    "Swelling and warmth on skin where bones are painful",
                    "Hinchazón y calor en la piel de las zonas donde duelen los huesos",
                    "Gonflement et chaleur de la peau aux endroits où les os sont douloureux",
                ),
                t(
                    "May be associated with inflammatory skin disorders such as psoriasis vulgaris, palmoplantar "
                    "pustulosis, acne, pyoderma gangrenosum and rarely",
                    "Puede asociarse a enfermedades inflamatorias de la piel como la psoriasis vulgar, la pustulosis "
                    "palmoplantar, el acné, el pioderma gangrenoso y, raramente",
                    "Peut s’accompagner de maladies inflammatoires de la peau telles que le psoriasis vulgaire, la "
                    "pustulose palmoplantaire, l’acné, le pyoderma gangrenosum et, rarement",
                ),
                t(
                    "May be associated with Sweet's syndrome, and/or Crohn's disease, or ulcerative colitis",
                    "Puede asociarse al síndrome de Sweet y/o a la enfermedad de Crohn, o a la colitis ulcerosa",
                    "Peut s’accompagner d’un syndrome de Sweet et/ou d’une maladie de Crohn, ou d’une rectocolite "
                    "hémorragique",
                ),
            ],
        }
    ],
    "sections": [
        {
            "title": t("Diagnosing CNO/CRMO", "Diagnóstico de la CNO/CRMO", "Diagnostic de la CNO/CRMO"),
            "body": t(
                "There’s no single definitive test that can confirm a CNO/CRMO diagnosis, so rheumatologists look at "
                "a combination of physical exam, blood tests (ESR and CRP), imaging (x-ray, MRI, CT, nuclear bone "
                "scan), and bone biopsy along with a family history of autoimmune or autoinflammatory disease. "
                "CNO/CRMO diagnosis also includes the exclusion of other possible diseases because the symptoms "
                "overlap with several others.",
                "No existe una única prueba definitiva que pueda confirmar un diagnóstico de CNO/CRMO, por lo que los "
                "reumatólogos se basan en una combinación de exploración física, análisis de sangre (VSG y PCR), "
                "pruebas de imagen (radiografía, RM, TC, gammagrafía ósea) y biopsia ósea, junto con los antecedentes "
                "familiares de enfermedad autoinmune o autoinflamatoria. El diagnóstico de CNO/CRMO también incluye "
                "la exclusión de otras posibles enfermedades, porque los síntomas se solapan con los de varias otras.",
                "Il n’existe pas de test unique et définitif permettant de confirmer un diagnostic de CNO/CRMO\u00a0; "
                "les rhumatologues s’appuient donc sur un ensemble d’éléments\u00a0: examen clinique, analyses de "
                "sang (VS et CRP), imagerie (radiographie, IRM, scanner, scintigraphie osseuse) et biopsie osseuse, "
                "ainsi que les antécédents familiaux de maladie auto-immune ou auto-inflammatoire. Le diagnostic de "
                "CNO/CRMO repose aussi sur l’exclusion d’autres maladies possibles, car les symptômes se recoupent "
                "avec ceux de plusieurs autres.",
            ),
        }
    ],
    "facts": [
        t(
            "In some people, it is possible for CRMO to resolve either for a short period of time or permanently. "
            "For others, even though CRMO is controlled, chronic pain (amplified musculoskeletal pain) that does not "
            "respond to medications can develop. This type of pain may require additional treatment and physical "
            "therapy.",
            "En algunas personas, la CRMO puede remitir, ya sea durante un periodo corto o de forma permanente. En "
            "otras, aunque la CRMO esté controlada, puede aparecer un dolor crónico (dolor musculoesquelético "
            "amplificado) que no responde a los medicamentos. Este tipo de dolor puede requerir tratamiento "
            "adicional y fisioterapia.",
            "Chez certaines personnes, la CRMO peut disparaître, soit pendant une courte période, soit de façon "
            "permanente. Chez d’autres, même lorsque la CRMO est contrôlée, une douleur chronique (douleur "
            "musculosquelettique amplifiée) qui ne répond pas aux médicaments peut apparaître. Ce type de douleur "
            "peut nécessiter un traitement supplémentaire et de la kinésithérapie.",
        ),
        t(
            "The average age that CRMO starts is 9 to 10 years. More girls are affected than boys.",
            "La edad media de inicio de la CRMO es de 9 a 10 años. Se ven afectadas más niñas que niños.",
            "L’âge moyen de début de la CRMO est de 9 à 10 ans. Les filles sont plus souvent touchées que les garçons.",
        ),
    ],
    "resources": [
        {
            "title": t("AiArthritis", "AiArthritis", "AiArthritis"),
            "url": "https://www.aiarthritis.org/",
            "description": t(
                "The International Foundation for Autoimmune & Autoinflammatory Arthritis: support, education and "
                "advocacy for people living with AiArthritis diseases.",
                "La International Foundation for Autoimmune & Autoinflammatory Arthritis (Fundación Internacional "
                "para la Artritis Autoinmune y Autoinflamatoria): apoyo, educación y defensa de los intereses de las "
                "personas que viven con enfermedades AiArthritis.",
                "L’International Foundation for Autoimmune & Autoinflammatory Arthritis (Fondation internationale "
                "pour l’arthrite auto-immune et auto-inflammatoire)\u00a0: soutien, éducation et défense des "
                "intérêts des personnes atteintes de maladies AiArthritis.",
            ),
        }
    ],
}

ADULT_ONSET_STILLS = {
    "slug": "aosd",
    "category": "autoinflammatory",
    "last_updated": datetime.date(2024, 3, 15),
    "names": [
        {
            "name": t("Adult-Onset Still's Disease", "Enfermedad de Still del adulto", "Maladie de Still de l’adulte"),
            "abbreviation": t("AOSD", "AOSD", "AOSD"),
        }
    ],
    "pronunciations": [{"term": t("Still's", "Still", "Still"), "respelling": t("stillz", "es-TIL", "stil")}],
    "definition": t(
        "Adult-Onset Still's Disease (AOSD) is a systemic autoinflammatory disease, which means it can affect the "
        "whole body. It typically causes daily spiking fevers, a salmon-coloured rash that comes and goes, and joint "
        "pain. Cytokines like IL-1 and IL-18 play a role in the disease, which usually starts in young adults.",
        "La enfermedad de Still del adulto (AOSD) es una enfermedad autoinflamatoria sistémica, lo que significa que "
        "puede afectar a todo el cuerpo. Suele causar picos de fiebre diarios, una erupción de color asalmonado que "
        "aparece y desaparece, y dolor articular. Citocinas como la IL-1 y la IL-18 intervienen en la enfermedad, "
        "que suele comenzar en adultos jóvenes.",
        "La maladie de Still de l’adulte (AOSD) est une maladie auto-inflammatoire systémique, c’est-à-dire qu’elle "
        "peut toucher l’ensemble de l’organisme. Elle provoque généralement des pics de fièvre quotidiens, une "
        "éruption cutanée de couleur saumon qui apparaît et disparaît, et des douleurs articulaires. Des cytokines "
        "comme l’IL-1 et l’IL-18 jouent un rôle dans la maladie, qui débute généralement chez l’adulte jeune.",
    ),
    "cytokines": t("IL-1, IL-18", "IL-1, IL-18", "IL-1, IL-18"),
    "body_areas": t(
        "Joints, skin, lymph nodes, liver, spleen",
        "Articulaciones, piel, ganglios linfáticos, hígado, bazo",
        "Articulations, peau, ganglions lymphatiques, foie, rate",
    ),
    "mostly_affected": t("Young adults", "Adultos jóvenes", "Jeunes adultes"),
    "typical_onset": t("16 to 35 years", "De 16 a 35 años", "De 16 à 35 ans"),
    "codes": [("ORPHA", "829"), ("ICD-10", "M06.1")],
    "groups": [
        {
            "title": t(
                "Symptoms Often Associated with AOSD:",
                "Síntomas frecuentemente asociados a la AOSD:",
                "Symptômes souvent associés à l’AOSD\u00a0:",
            ),
            "symptoms": [
                t(
                    "High fever that spikes once or twice a day, often in the late afternoon or evening, and then "
                    "returns to normal",
                    "Fiebre alta con picos una o dos veces al día, a menudo al final de la tarde o por la noche, que "
                    "después vuelve a la normalidad",
                    "Fièvre élevée avec des pics une ou deux fois par jour, souvent en fin d’après-midi ou le soir, "
                    "qui revient ensuite à la normale",
                ),
                t(
                    "A salmon-pink rash, mostly on the trunk, arms and legs, that often appears with the fever and "
                    "fades when it goes down",
                    "Erupción de color rosa asalmonado, sobre todo en el tronco, los brazos y las piernas, que suele "
                    "aparecer con la fiebre y desvanecerse cuando esta baja",
                    "Éruption cutanée rose saumon, surtout sur le tronc, les bras et les jambes, qui apparaît souvent "
                    "avec la fièvre et s’estompe quand celle-ci baisse",
                ),
                t(
                    "Joint pain and swelling, often in the knees, wrists and ankles",
                    "Dolor e hinchazón en las articulaciones, a menudo en las rodillas, las muñecas y los tobillos",
                    "Douleurs et gonflement des articulations, souvent aux genoux, aux poignets et aux chevilles",
                ),
                t(
                    "Sore throat, muscle aches and swollen lymph nodes",
                    "Dolor de garganta, dolores musculares e inflamación de los ganglios linfáticos",
                    "Maux de gorge, douleurs musculaires et ganglions lymphatiques gonflés",
                ),
            ],
        }
    ],
    "sections": [
        {
            "title": t("Diagnosing AOSD", "Diagnóstico de la AOSD", "Diagnostic de l’AOSD"),
            "body": t(
                "There is no single test that can confirm AOSD. It is a diagnosis of exclusion: doctors first rule "
                "out infections, cancers such as lymphoma, and other rheumatic diseases. Blood tests such as "
                "ferritin (often very high), CRP, ESR and white blood cell count help support the diagnosis.",
                "No existe una única prueba que pueda confirmar la AOSD. Es un diagnóstico de exclusión: los médicos "
                "primero descartan infecciones, cánceres como el linfoma y otras enfermedades reumáticas. Los "
                "análisis de sangre, como la ferritina (a menudo muy elevada), la PCR, la VSG y el recuento de "
                "glóbulos blancos, ayudan a respaldar el diagnóstico.",
                "Il n’existe pas de test unique permettant de confirmer une AOSD. C’est un diagnostic "
                "d’exclusion\u00a0: les médecins écartent d’abord les infections, les cancers comme le lymphome et "
                "les autres maladies rhumatismales. Des analyses de sang comme la ferritine (souvent très élevée), la "
                "CRP, la VS et le nombre de globules blancs aident à étayer le diagnostic.",
            ),
        }
    ],
    "facts": [
        t(
            "AOSD can follow different courses: some people have a single episode, others have flares that come back "
            "over the years, and others develop long-lasting (chronic) joint disease.",
            "La AOSD puede evolucionar de distintas formas: algunas personas tienen un único episodio, otras tienen "
            "brotes que reaparecen a lo largo de los años y otras desarrollan una afectación articular de larga "
            "duración (crónica).",
            "L’AOSD peut évoluer de différentes façons\u00a0: certaines personnes ne présentent qu’un seul épisode, "
            "d’autres ont des poussées qui reviennent au fil des années, et d’autres encore développent une atteinte "
            "articulaire durable (chronique).",
        ),
        t(
            "AOSD is considered closely related to systemic juvenile idiopathic arthritis (Still's disease in "
            "children).",
            "Se considera que la AOSD está estrechamente relacionada con la artritis idiopática juvenil sistémica (la "
            "enfermedad de Still en los niños).",
            "L’AOSD est considérée comme étroitement apparentée à l’arthrite juvénile idiopathique systémique (la "
            "maladie de Still de l’enfant).",
        ),
    ],
    "resources": [],
}

DISEASES = [CNO_CRMO, ADULT_ONSET_STILLS]

# Demo content, not on the charity's page: a short example of “When to get
# help” so that the callout has something to show. It is no medical advice:
# like the rest of the page it awaits medical review, and a clinician writes
# the real one.
DEMO_HELP = {
    "cno-crmo": [
        {
            "kind": "see_doctor",
            "text": t(
                "Bone pain or swelling comes back, or a new bone starts to hurt.",
                "El dolor o la hinchazón de los huesos vuelve, o empieza a doler otro hueso.",
                "La douleur ou le gonflement d’un os revient, ou un autre os devient douloureux.",
            ),
        },
        {
            "kind": "see_doctor",
            "text": t(
                "The pain wakes you at night or stops you from doing your usual activities.",
                "El dolor le despierta por la noche o le impide hacer sus actividades habituales.",
                "La douleur vous réveille la nuit ou vous empêche de faire vos activités habituelles.",
            ),
        },
        {
            "kind": "urgent",
            "text": t(
                "You have a high fever with bone pain, or the skin over a painful bone is red and hot.",
                "Tiene fiebre alta con dolor de huesos, o la piel sobre un hueso doloroso está roja y caliente.",
                "Vous avez une forte fièvre avec des douleurs osseuses, ou la peau au-dessus d’un os douloureux "
                "est rouge et chaude.",
            ),
        },
        {
            "kind": "urgent",
            "text": t(
                "You have back pain with weakness or numbness in the legs, or cannot control your bladder or bowels.",
                "Tiene dolor de espalda con debilidad o entumecimiento en las piernas, o no puede controlar la vejiga "
                "o el intestino.",
                "Vous avez mal au dos avec une faiblesse ou un engourdissement des jambes, ou vous ne contrôlez plus "
                "votre vessie ou vos intestins.",
            ),
        },
    ],
}

# Search synonyms, (language, what visitors type, what the pages say): lay
# terms for the words of the demo pages.
SYNONYMS = [
    ("en", "tiredness", "fatigue"),
    ("en", "tired", "fatigue"),
    ("en", "bone inflammation", "osteomyelitis"),
    ("es", "cansancio", "fatiga"),
    ("es", "inflamación de los huesos", "osteomielitis"),
    ("fr", "lassitude", "fatigue"),
    ("fr", "inflammation des os", "ostéomyélite"),
]
# Searches that found nothing, as the admin home shows them: (language, query, times this week).
SEARCH_GAPS = [("en", "uveitis", 7), ("en", "flare diet", 4), ("es", "fiebre mediterránea familiar", 3)]

# What the demo shows of the work in the admin, after the pages are loaded:
# AOSD was medically reviewed, is due for review again soon, and an editor has
# since reworded one of its symptoms in English and Spanish (the French
# translation is now outdated) and submitted it; a patient's advice awaits
# moderation. CNO/CRMO stays as the seed: published, awaiting medical review.
REVIEWED_PAGE = "aosd"
NEXT_REVIEW_IN_DAYS = 21
REVISED_SYMPTOM = {
    "before": "Sore throat, muscle aches and swollen lymph nodes",
    "after": t(
        "Sore throat, often before the first fever, with aching muscles and swollen lymph nodes",
        "Dolor de garganta, a menudo antes de la primera fiebre, con dolores musculares e inflamación de los "
        "ganglios linfáticos",
        None,
    ),
}
SUBMIT_COMMENT = (
    "Reworded the sore throat symptom after the review reminder: it often comes before the fever. "
    "The French translation will follow."
)
PENDING_ADVICE = {
    "disease": "cno-crmo",
    "text": "Keep a diary of flares and bring it to every appointment: it is what finally got my son diagnosed.",
    "display_name": "Maria",
    "role": "caregiver",
    "language": "en",
}

# The translators' glossary of medical terms: each English term with its
# approved Spanish and French translation (and a note when one helps).
GLOSSARY = [
    {"term": "osteomyelitis", "es": ("osteomielitis", ""), "fr": ("ostéomyélite", "")},
    {
        "term": "flare",
        "es": ("brote", "Un periodo en que los síntomas empeoran; no «crisis»."),
        "fr": ("poussée", "Une période où les symptômes s’aggravent\u00a0; pas «\u00a0crise\u00a0»."),
    },
    {"term": "bone pain", "es": ("dolor óseo", ""), "fr": ("douleur osseuse", "")},
    {"term": "joint pain", "es": ("dolor articular", ""), "fr": ("douleur articulaire", "")},
    {"term": "rash", "es": ("erupción", ""), "fr": ("éruption cutanée", "")},
    {"term": "fever", "es": ("fiebre", ""), "fr": ("fièvre", "")},
    {"term": "inflammation", "es": ("inflamación", ""), "fr": ("inflammation", "")},
    {"term": "fatigue", "es": ("fatiga", ""), "fr": ("fatigue", "")},
    {"term": "biopsy", "es": ("biopsia", ""), "fr": ("biopsie", "")},
    {"term": "MRI", "es": ("RM", "Resonancia magnética."), "fr": ("IRM", "Imagerie par résonance magnétique.")},
    {"term": "cytokine", "es": ("citocina", ""), "fr": ("cytokine", "")},
]

# What visitors answered to "Was this page helpful?" lately: (page, language, helpful, kind, text, days ago).
PAGE_FEEDBACK = [
    ("cno-crmo", "fr", False, "wrong", "La section sur les traitements ne parle pas des biothérapies récentes.", 2),
    ("cno-crmo", "en", True, "", "", 3),
    ("cno-crmo", "en", True, "", "", 10),
    ("cno-crmo", "es", False, "unclear", "No entiendo qué es la osteítis.", 12),
    ("aosd", "en", False, "missing", "Nothing about pregnancy and Still's disease.", 5),
    ("aosd", "en", True, "", "", 20),
]
