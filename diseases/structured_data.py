"""
schema.org JSON-LD for a disease page: a MedicalWebPage about a
MedicalCondition, each part's rows mapped as `parts` declares (`SchemaOrg`).
The shared symptom groups are left out: they are no sign of this condition.
"""

from . import parts
from .pages import plain


def _value(mapping, row):
    if mapping.type:
        return {"@type": mapping.type, **{name: plain(row.get(field)) for name, field in mapping.fields}}
    return [text for text in (plain(row.get(field)) for field in mapping.fields) if text]


def _mappings():
    return [(part, mapping) for part in parts.PAGE.walk() for mapping in part.schema_org]


def medical_web_page(page, publication, url, language):
    """The page's JSON-LD as a dict, from the data the page shows."""
    condition = {"@type": "MedicalCondition"}
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
    # Every property a part maps to, in the order the parts declare them; lists even when empty.
    for _part, mapping in _mappings():
        (data if mapping.on_page else condition)[mapping.property] = None if mapping.single else []
    for part, row in parts.page_rows(page, shared=False):
        for mapping in part.schema_org:
            target = data if mapping.on_page else condition
            value = _value(mapping, row)
            if mapping.single:
                texts = value if isinstance(value, list) else [value]
                if texts and target[mapping.property] is None:
                    target[mapping.property] = texts[0]
            elif mapping.type:
                target[mapping.property].append(value)
            else:
                target[mapping.property] += value
    for target in (data, condition):
        for name in [name for name, value in target.items() if value is None]:
            del target[name]
    condition.setdefault("name", page["title"])
    # Another name is one that is not the name already given.
    condition["alternateName"] = [name for name in condition.get("alternateName", []) if name != condition["name"]]
    if publication is not None and publication.is_reviewed and page.get("translation_reviewed"):
        data["lastReviewed"] = page["reviewed_on"].isoformat()
        data["reviewedBy"] = {"@type": "Person", "name": page.get("reviewed_by", "")}
    return data
