"""schema.org JSON-LD for a disease page: a MedicalWebPage about a MedicalCondition."""

from .pages import plain

CODING_SYSTEMS = {
    "ICD-10": "ICD-10",
    "ICD-11": "ICD-11",
    "ORPHA": "ORPHA",
    "OMIM": "OMIM",
    "SNOMED-CT": "SNOMED-CT",
    "MeSH": "MeSH",
}


def medical_web_page(page, publication, url, language):
    """The page's JSON-LD as a dict, from the data the page shows."""
    names = [plain(name["name"]) for name in page["names"]]
    alternate_names = names[1:] + [plain(name["abbreviation"]) for name in page["names"] if name["abbreviation"]]
    symptoms = [plain(symptom["text"]) for group in page["groups"] for symptom in group["symptoms"]]
    condition = {
        "@type": "MedicalCondition",
        "name": names[0] if names else page["title"],
        "alternateName": alternate_names,
        "description": plain(page["definition"]),
        "code": [
            {
                "@type": "MedicalCode",
                "codeValue": code["code"],
                "codingSystem": CODING_SYSTEMS.get(code["system"], code["system"]),
            }
            for code in page["codes"]
        ],
        "signOrSymptom": [{"@type": "MedicalSignOrSymptom", "name": symptom} for symptom in symptoms],
    }
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "name": page["title"],
        "inLanguage": language,
        "dateModified": page["last_updated"].isoformat(),
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "publisher": {"@type": "Organization", "name": "AiArthritis", "url": "https://www.aiarthritis.org/"},
        "about": condition,
    }
    if publication is not None and publication.is_reviewed and page.get("translation_reviewed"):
        data["lastReviewed"] = page["reviewed_on"].isoformat()
        data["reviewedBy"] = {"@type": "Person", "name": page.get("reviewed_by", "")}
    return data
