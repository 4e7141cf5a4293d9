"""The event kinds of the glossary (DESIGN.md), in four languages. Reversible."""

from django.db import migrations

KINDS = [
    # code, et, en, ru, uk
    ("info_day", "infopäev", "info day", "информационный день", "інформаційний день"),
    ("training", "koolitus", "training", "обучение", "навчання"),
    ("study_trip", "õppereis", "study trip", "учебная поездка", "навчальна поїздка"),
    ("network_meeting", "võrgustikukohtumine", "network meeting", "встреча сети", "зустріч мережі"),
    ("experience_meeting", "kogemuskohtumine", "experience meeting", "встреча по обмену опытом", "зустріч з обміну досвідом"),
    ("conversation_club", "suhtlusklubi", "conversation club", "разговорный клуб", "розмовний клуб"),
    ("language_cafe", "keelekohvik", "language café", "языковое кафе", "мовне кафе"),
    ("cultural_event", "kultuuriüritus", "cultural event", "культурное мероприятие", "культурний захід"),
    ("excursion", "väljasõit", "excursion", "экскурсия", "екскурсія"),
    ("info_session", "infotund", "info session", "информационный час", "інформаційна година"),
    ("lecture", "loeng", "lecture", "лекция", "лекція"),
    ("conference", "konverents", "conference", "конференция", "конференція"),
    ("thematic_meeting", "teemakohtumine", "thematic meeting", "тематическая встреча", "тематична зустріч"),
    ("situation_mapping", "situatsioonikaardistus", "situation-mapping meeting", "встреча по анализу ситуации", "зустріч з аналізу ситуації"),
    ("council_meeting", "osaluskogu kohtumine", "participation council meeting", "заседание совета участия", "засідання ради участі"),
    ("job_shadowing", "töövarjupäev", "job-shadowing day", "день наблюдения за работой", "день спостереження за роботою"),
    ("other", "muu", "other", "другое", "інше"),
]


def add_kinds(apps, schema_editor):
    EventKind = apps.get_model("plans", "EventKind")
    for order, (code, et, en, ru, uk) in enumerate(KINDS, start=1):
        EventKind.objects.update_or_create(
            code=code, defaults={"name_et": et, "name_en": en, "name_ru": ru, "name_uk": uk, "order": order * 10}
        )


def remove_kinds(apps, schema_editor):
    apps.get_model("plans", "EventKind").objects.filter(code__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]
    operations = [migrations.RunPython(add_kinds, remove_kinds)]
