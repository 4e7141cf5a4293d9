"""Demo contact points of the five partner municipalities in Estonian, English, Russian and
Ukrainian (`data/demo.yaml`), written through the portal's services, once."""

from loim.core.demo import demo_data
from loim.parties.models import Party

from .contact_points import ContactPointInput, ContactPointTextInput, contact_point_save, contact_point_translation_save
from .models import ContactPoint


def seed(*, out) -> None:
    parties = {p.slug: p for p in Party.objects.all()}
    made = 0
    for entry in demo_data("portal")["contact_points"]:
        party = parties.get(entry["party"])
        if party is None or ContactPoint.objects.filter(party=party).exists():
            continue
        coordinator = entry.get("coordinator") or {}
        point = contact_point_save(
            party=party,
            data=ContactPointInput(
                address=entry["address"],
                opening_hours=entry["et"]["opening_hours"],
                languages=tuple(entry.get("languages") or ()),
                coordinator_name=coordinator.get("name", ""),
                coordinator_phone=str(coordinator.get("phone", "")),
                coordinator_email=coordinator.get("email", ""),
                notes=entry["et"].get("notes", ""),
            ),
        )
        for language in ("en", "ru", "uk"):
            text = entry.get(language)
            if not text:
                continue
            contact_point_translation_save(
                contact_point=point,
                language=language,
                text=ContactPointTextInput(opening_hours=text["opening_hours"], notes=text.get("notes", "")),
                made_from=point.source_version,
                machine_made=bool(text.get("machine_made")),
            )
        made += 1
    if made:
        out.write(f"Portal: {made} contact points with their translations\n")
