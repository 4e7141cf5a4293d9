"""Other names of the seeded topics as coordinators write them in their spreadsheets, so an import
recognises them. Reversible (the aliases are cleared)."""

from django.db import migrations

ALIASES = {
    "personal-id-code": "isikukoodi taotlemine, ID code, ID-code, isikukood",
    "residence-registration": "elukoht, elukoha registreerimine, registration of residence, rahvastikuregister",
    "bus-card": "bussikaardi isikustamine, ühiskaart, transport card, sõidukaart",
    "social-benefits": "sotsiaaltoetused, toetused, sotsiaalteenused, social benefits, benefits",
    "employment": "töö, tööotsing, work, job",
    "estonian-language": "eesti keel, keeleõpe, keelekursus, Estonian language, language courses",
    "health-care": "tervis, perearst, health, family doctor",
    "education-childcare": "haridus, lasteaed, kool, education, childcare, school, kindergarten",
    "housing": "elukoht üürimine, üür, eluruum, rent",
    "documents-permits": "dokumendid, elamisluba, residence permit, documents",
    "legal": "õigusabi, juriidiline, legal, legal aid",
    "culture-leisure": "kultuur, vaba aeg, huvitegevus, culture, leisure, hobbies",
    "other": "muud, teised",
}


def add_aliases(apps, schema_editor):
    Topic = apps.get_model("inquiries", "Topic")
    for code, aliases in ALIASES.items():
        Topic.objects.filter(code=code, aliases="").update(aliases=aliases)


def remove_aliases(apps, schema_editor):
    Topic = apps.get_model("inquiries", "Topic")
    for code, aliases in ALIASES.items():
        Topic.objects.filter(code=code, aliases=aliases).update(aliases="")


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0004_referral_targets")]
    operations = [migrations.RunPython(add_aliases, remove_aliases)]
