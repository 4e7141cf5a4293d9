"""Demo data of monitoring: the 2024 values entered by hand with their evidence, commitments kept by
hand, two explanations of deviations and one review mark, so that the dashboard, the calendar and
the report of 2024 show every state (counted, entered by hand, reviewed or not).

- local cooperation networks: one per partner municipality (5 of the target 5);
- participation councils: Tallinn's Lõimumiskoda (1 of the target 2);
- municipalities implementing the journey model: 0 (ELVL; the model is applied from 2025).

Idempotent: values and notes are keyed on (party, indicator, year) and (party, activity).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth import get_user_model

from loim.parties.models import Party
from loim.plans.models import Activity, Obligation, ObligationSubject, Plan

from .models import ActivityReportNote, ManualValue, ObligationConfirmation, ReportReview
from .services import manual_indicator, report_note_save, report_review_mark

YEAR = 2024

NETWORKS = {
    "tartu": "Tartu linna sihtrühmaga kokku puutuvate spetsialistide võrgustik; kohtumiste protokollid "
    "jaanuar–juuni ja oktoober–detsember 2024 (v.a III kvartal).",
    "tallinn": "Tallinna ametkondade ja kolmanda sektori ühine võrgustik; kvartalikohtumiste protokollid 2024.",
    "rakvere": "Lääne-Virumaa KOV-ide ametnike koostöövõrgustik; sotsiaalkaitsekomisjoni ja sotsiaalvaldkonna "
    "juhtide kohtumiste protokollid 2024.",
    "saaremaa": "Saaremaa ametiasutusi ühendav koostöövõrgustik, loodud 2024; asutamiskoosoleku protokoll.",
    "parnu": "Pärnu linna sihtrühmaga töötavate spetsialistide võrgustik; liikmete nimekiri ja kohtumiste "
    "protokollid 2024.",
}
COUNCIL = (
    "Tallinna rahvusgruppide osaluskogu Lõimumiskoda loodi 2024. aastal; linnavalitsuse korraldus ja "
    "kohtumiste protokollid. Teist osaluskogu 2024. aastal ei loodud."
)
JOURNEY = (
    "Teekondade mudelit 2024. aastal veel üheski KOV-is ei rakendatud: aasta jooksul koostati lähteülesanne "
    "ja korraldati hange (vt tegevuse 3.5.1.2 aruannet). Rakendamine algab 2025. aastal."
)
NOTES = {
    ("elvl", "3.5.1.3"): "Infopäevi toimus kaks (Jõhvis ja Võrus), mitte kolm: kolmas infopäev lükkus KOV-ide "
    "soovil 2025. aasta kevadesse. Juhendmaterjalid valmisid plaanipäraselt.",
    ("tallinn", "3.5.2.2"): "Tallinna tegevuskava koostamine lükkus 2025. aastasse, sest kliendi teekonna "
    "kirjeldus (rida 1.1) valmis alles detsembris; Lõimumiskoda loodi ja kohtus kolm korda.",
    ("tartu", "3.5.2.1"): "Suhtlusklubid toimusid I, II ja IV kvartalis iganädalaselt; veebruaris jäi kaks kohtumist "
    "ära juhendaja haiguse tõttu. Võrgustiku kohtumised toimusid igal kuul, v.a III kvartalis.",
}
CONFIRMED = {
    # obligation key → evidence (Tallinn's action plan is left unconfirmed: it moved to 2025, see the note)
    "journey-steering-group": "Juhtrühm moodustati märtsis 2024; ekspert kaasati lähteülesande koostamiseks.",
    "journey-design-stages": "Teenusedisaini kaks esimest etappi läbiti; hanke aruanne detsembrist 2024.",
    "tartu-manager-hire": "Kohanemis- ja lõimumisvaldkonna juht asus ametisse 2024. aastal.",
    "tallinn-council-founded": "Lõimumiskoda loodi Tallinna Linnavalitsuse korraldusega; asutamiskoosolek 2024.",
    "saaremaa-contact-database": "Uussisserändajate kontaktinfo andmebaas on Lõime registris kasutusel.",
    "saaremaa-network-founded": "Ametiasutusi ühendav võrgustik loodi; asutamiskoosoleku protokoll 2024.",
    "parnu-baby-club": "Noorte emade beebiklubi alustas 2024. aasta sügisel.",
}


def _author(slug: str):
    from loim.parties.demo import DEMO_ACCOUNTS

    email = next((email for email, _name, party, *_rest in DEMO_ACCOUNTS if party == slug), None)
    return get_user_model().objects.filter(email=email).first() if email else None


def _value(party, key: str, value: int, evidence: str, out) -> None:
    try:
        manual_indicator(year=YEAR, key=key)
    except Exception:  # the plan of the year lacks this indicator: nothing to enter
        out.write(f"  monitoring: no manual indicator {key} in {YEAR}; skipped\n")
        return
    ManualValue.objects.get_or_create(
        party=party,
        indicator_key=key,
        year=YEAR,
        defaults={
            "value": Decimal(value),
            "evidence": evidence,
            "author": _author(party.slug),
            "recorded_on": dt.date(2025, 1, 15),
        },
    )


def seed(*, out) -> None:
    plan = Plan.objects.filter(year=YEAR).first()
    if plan is None:
        out.write("  monitoring: no 2024 plan, nothing to seed\n")
        return
    parties = {party.slug: party for party in Party.objects.all()}
    for slug, evidence in NETWORKS.items():
        _value(parties[slug], "local-networks", 1, evidence, out)
    _value(parties["tallinn"], "participation-councils", 1, COUNCIL, out)
    _value(parties["elvl"], "journey-model-kovs", 0, JOURNEY, out)

    for (slug, code), text in NOTES.items():
        activity = Activity.objects.filter(plan=plan, code=code).first()
        if activity and not ActivityReportNote.objects.filter(activity=activity, party=parties[slug]).exists():
            report_note_save(activity=activity, party=parties[slug], text=text, author=_author(slug))

    for key, evidence in CONFIRMED.items():
        obligation = Obligation.objects.filter(plan=plan, key=key, subject=ObligationSubject.MANUAL).first()
        if obligation is None:
            continue
        period_key = f"{YEAR}-by-{obligation.due_date.isoformat()}" if obligation.due_date else str(YEAR)
        ObligationConfirmation.objects.get_or_create(
            obligation=obligation,
            period_key=period_key,
            defaults={
                "party": obligation.responsible,
                "evidence": evidence,
                "author": _author(obligation.responsible.slug),
            },
        )

    if not ReportReview.objects.filter(plan=plan, reviewed_party=parties["tartu"]).exists():
        report_review_mark(
            plan=plan,
            reviewer=parties["elvl"],
            reviewed_party=parties["tartu"],
            user=_author("elvl"),
            comment="Tartu aruandeosa on üle vaadatud; kõrvalekalded on selgitatud.",
        )
    out.write(
        f"  monitoring: {ManualValue.objects.filter(year=YEAR).count()} values entered by hand, "
        f"{ActivityReportNote.objects.filter(activity__plan=plan).count()} report notes, "
        f"{ReportReview.objects.filter(plan=plan).count()} review mark\n"
    )
