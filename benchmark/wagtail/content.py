"""The CNO/CRMO page of the project's demo content (diseases/demo_data.py) as a Wagtail page, in English."""

from django.utils.html import format_html, format_html_join
from wagtail.models import Page, Site

from benchmark.wagtail.diseasepages.models import DiseasePage
from diseases.demo_data import CNO_CRMO, DEMO_HELP, SHARED_GROUPS

LANGUAGE = "en"


def paragraphs(text):
    """Rich text (HTML) of plain text whose paragraphs are separated by blank lines."""
    return format_html_join("", "<p>{}</p>", ((part.strip(),) for part in text.split("\n\n") if part.strip()))


def symptom_group(group):
    value = {
        "title": group["title"][LANGUAGE],
        "symptoms": [symptom[LANGUAGE] for symptom in group["symptoms"]],
        "guidance": paragraphs(group["guidance"][LANGUAGE]) if "guidance" in group else "",
    }
    if reference := group.get("reference"):
        value["reference"] = {
            "title": reference["title"][LANGUAGE],
            "publisher": reference["publisher"][LANGUAGE],
            "year": reference["year"],
            "url": reference["url"],
            "link_text": reference["link_text"][LANGUAGE],
        }
    return ("group", value)


def create_disease_page():
    """Under the home page that Wagtail's migrations create, a “Diseases A–Z” page, and the disease page under it."""
    home = Page.objects.get(depth=2)
    home.title = "Home"
    home.save(update_fields=["title"])
    Site.objects.update(hostname="127.0.0.1")
    index = home.add_child(instance=Page(title="Diseases A–Z", slug="diseases"))
    disease = CNO_CRMO
    names = [f"{name['name'][LANGUAGE]} ({name['abbreviation'][LANGUAGE]})" for name in disease["names"]]
    help_signs = DEMO_HELP[disease["slug"]]
    page = DiseasePage(
        title="/".join(names),
        slug=disease["slug"],
        short_name="/".join(name["abbreviation"][LANGUAGE] for name in disease["names"]),
        category=disease["category"],
        search_description=disease["definition"][LANGUAGE][:160],
        pronunciations=[
            ("pronunciation", {"term": part["term"][LANGUAGE], "respelling": part["respelling"][LANGUAGE]})
            for part in disease["pronunciations"]
        ],
        definition=paragraphs(disease["definition"][LANGUAGE]),
        cytokines=disease["cytokines"][LANGUAGE],
        body_areas=disease["body_areas"][LANGUAGE],
        mostly_affected=disease["mostly_affected"][LANGUAGE],
        typical_onset=disease["typical_onset"][LANGUAGE],
        medical_codes=[("code", {"system": system, "code": code}) for system, code in sorted(disease["codes"])],
        see_doctor_if=[("sign", sign["text"][LANGUAGE]) for sign in help_signs if sign["kind"] == "see_doctor"],
        urgent_help_if=[("sign", sign["text"][LANGUAGE]) for sign in help_signs if sign["kind"] == "urgent"],
        shared_symptom_groups=[symptom_group(group) for group in SHARED_GROUPS],
        symptom_groups=[symptom_group(group) for group in disease["groups"]],
        sections=[
            ("section", {"title": section["title"][LANGUAGE], "body": paragraphs(section["body"][LANGUAGE])})
            for section in disease["sections"]
        ],
        interesting_facts=[("fact", format_html("<p>{}</p>", fact[LANGUAGE])) for fact in disease["facts"]],
        resources=[
            (
                "resource",
                {
                    "title": resource["title"][LANGUAGE],
                    "url": resource["url"],
                    "description": resource["description"][LANGUAGE],
                },
            )
            for resource in disease["resources"]
        ],
        last_updated=disease["last_updated"],
    )
    index.add_child(instance=page)
    page.save_revision().publish()
    return page
