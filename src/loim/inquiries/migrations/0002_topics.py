"""The inquiry topics named in the counselling issue, in four languages. Reversible."""

from django.db import migrations

TOPICS = [
    # code, et, en, ru, uk
    ("personal-id-code", "isikukood", "personal ID code", "личный код", "особистий код"),
    ("residence-registration", "elukoha registreerimine", "residence registration", "регистрация места жительства", "реєстрація місця проживання"),
    ("bus-card", "bussikaart", "bus card", "проездная карта", "проїзна картка"),
    ("social-benefits", "sotsiaaltoetused ja -teenused", "social benefits and services", "социальные пособия и услуги", "соціальні допомоги та послуги"),
    ("employment", "töö ja töötamine", "employment", "работа и трудоустройство", "робота та працевлаштування"),
    ("estonian-language", "eesti keele õpe", "Estonian language learning", "изучение эстонского языка", "вивчення естонської мови"),
    ("health-care", "tervishoid", "health care", "здравоохранение", "охорона здоров'я"),
    ("education-childcare", "haridus ja lapsehoid", "education and childcare", "образование и уход за детьми", "освіта та догляд за дітьми"),
    ("housing", "eluase", "housing", "жильё", "житло"),
    ("documents-permits", "dokumendid ja elamisload", "documents and residence permits", "документы и виды на жительство", "документи та посвідки на проживання"),
    ("legal", "õigusküsimused", "legal questions", "юридические вопросы", "юридичні питання"),
    ("culture-leisure", "kultuur ja vaba aeg", "culture and leisure", "культура и досуг", "культура та дозвілля"),
    ("other", "muu", "other", "другое", "інше"),
]


def add_topics(apps, schema_editor):
    Topic = apps.get_model("inquiries", "Topic")
    for order, (code, et, en, ru, uk) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            code=code, defaults={"name_et": et, "name_en": en, "name_ru": ru, "name_uk": uk, "order": order * 10}
        )


def remove_topics(apps, schema_editor):
    apps.get_model("inquiries", "Topic").objects.filter(code__in=[t[0] for t in TOPICS], parent=None).delete()


class Migration(migrations.Migration):
    dependencies = [("inquiries", "0001_initial")]
    operations = [migrations.RunPython(add_topics, remove_topics)]
