"""The organisations inquirers are most often referred to, in four languages. Reversible.

ELVL's administrators add more on the vocabulary page; this is the starting list.
"""

from django.db import migrations

TARGETS = [
    # code, et, en, ru, uk, aliases
    (
        "tootukassa",
        "Eesti Töötukassa",
        "Estonian Unemployment Insurance Fund",
        "Эстонская касса по безработице",
        "Естонська каса страхування від безробіття",
        "Töötukassa, Unemployment Insurance Fund",
    ),
    (
        "sotsiaalkindlustusamet",
        "Sotsiaalkindlustusamet",
        "Social Insurance Board",
        "Департамент социального страхования",
        "Департамент соціального страхування",
        "SKA",
    ),
    (
        "ppa",
        "Politsei- ja Piirivalveamet",
        "Police and Border Guard Board",
        "Департамент полиции и погранохраны",
        "Департамент поліції та прикордонної охорони",
        "PPA",
    ),
    (
        "integratsiooni-sihtasutus",
        "Integratsiooni Sihtasutus",
        "Integration Foundation",
        "Фонд интеграции",
        "Фонд інтеграції",
        "INSA",
    ),
    (
        "international-house",
        "Eesti Rahvusvaheline Maja (International House of Estonia)",
        "International House of Estonia",
        "International House of Estonia",
        "International House of Estonia",
        "International House of Estonia, Rahvusvaheline Maja, IHE",
    ),
    ("work-in-estonia", "Work in Estonia", "Work in Estonia", "Work in Estonia", "Work in Estonia", ""),
    (
        "emta",
        "Maksu- ja Tolliamet",
        "Tax and Customs Board",
        "Налогово-таможенный департамент",
        "Податково-митний департамент",
        "EMTA, MTA",
    ),
    (
        "tervisekassa",
        "Tervisekassa",
        "Health Insurance Fund",
        "Больничная касса",
        "Лікарняна каса",
        "Haigekassa",
    ),
    (
        "kov-rahvastikuregister",
        "KOV registriteenused (elukoht, isikukood)",
        "municipality's registry services (residence, personal ID code)",
        "регистрационные услуги самоуправления",
        "реєстраційні послуги самоврядування",
        "rahvastikuregister, registriteenused",
    ),
    (
        "kov-sotsiaal",
        "KOV sotsiaalvaldkond",
        "municipality's social welfare department",
        "социальный отдел самоуправления",
        "соціальний відділ самоврядування",
        "sotsiaalosakond, sotsiaaltöötaja",
    ),
    (
        "kov-haridus",
        "KOV haridusvaldkond",
        "municipality's education department",
        "отдел образования самоуправления",
        "відділ освіти самоврядування",
        "haridusosakond",
    ),
    (
        "kov-muu",
        "KOV muu osakond",
        "another department of the municipality",
        "другой отдел самоуправления",
        "інший відділ самоврядування",
        "",
    ),
    (
        "mtu",
        "vabaühendus (MTÜ)",
        "non-governmental organisation",
        "некоммерческая организация",
        "неурядова організація",
        "MTÜ, NGO",
    ),
    ("muu", "muu asutus", "other institution", "другое учреждение", "інша установа", "other, muu"),
]


def add_targets(apps, schema_editor):
    ReferralTarget = apps.get_model("inquiries", "ReferralTarget")
    for order, (code, et, en, ru, uk, aliases) in enumerate(TARGETS, start=1):
        ReferralTarget.objects.update_or_create(
            code=code,
            defaults={
                "name_et": et,
                "name_en": en,
                "name_ru": ru,
                "name_uk": uk,
                "aliases": aliases,
                "order": order * 10,
            },
        )


def remove_targets(apps, schema_editor):
    apps.get_model("inquiries", "ReferralTarget").objects.filter(code__in=[t[0] for t in TARGETS]).delete()


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0003_inquiry_log")]
    operations = [migrations.RunPython(add_targets, remove_targets)]
