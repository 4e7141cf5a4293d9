"""Loading the EHAK classifier: the shipped reference file or a newer one, in one transaction."""

import csv
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction

from .models import County, Municipality, Region

DEFAULT_FILE = Path(__file__).parent / "data" / "municipalities.tsv"
REQUIRED_COLUMNS = ("ehak_code", "name", "type", "county", "county_ehak_code")

COUNTY_REGIONS = {
    "0037": Region.NORTH,  # Harju
    "0045": Region.IDA_VIRUMAA,
    "0050": Region.SOUTH,  # Jõgeva
    "0064": Region.SOUTH,  # Põlva
    "0079": Region.SOUTH,  # Tartu
    "0081": Region.SOUTH,  # Valga
    "0084": Region.SOUTH,  # Viljandi
    "0087": Region.SOUTH,  # Võru
    "0039": Region.WEST,  # Hiiu
    "0056": Region.WEST,  # Lääne
    "0068": Region.WEST,  # Pärnu
    "0074": Region.WEST,  # Saare
    "0052": Region.CENTRAL,  # Järva
    "0060": Region.NORTH,  # Lääne-Viru
    "0071": Region.CENTRAL,  # Rapla
}


class ClassifierError(ValueError):
    """A classifier file that cannot be loaded; `errors` lists every problem with its line."""

    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class LoadResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    recoded: list[str] = field(default_factory=list)
    ceased: list[str] = field(default_factory=list)


def _read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        sample = handle.read(4096)
        handle.seek(0)
        delimiter = "\t" if "\t" in sample else (";" if ";" in sample else ",")
        reader = csv.DictReader(handle, delimiter=delimiter)
        missing = [c for c in REQUIRED_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ClassifierError([f"{path.name}: missing column(s): {', '.join(missing)}"])
        return list(reader)


def _validate(path: Path, rows: list[dict]) -> None:
    errors, seen = [], set()
    for number, row in enumerate(rows, start=2):
        code = (row.get("ehak_code") or "").strip()
        where = f"{path.name}, line {number}"
        if not (code.isdigit() and len(code) == 4):
            errors.append(f"{where}, ehak_code: '{code}' is not a four-digit code")
        if code in seen:
            errors.append(f"{where}, ehak_code: {code} appears twice")
        seen.add(code)
        if not (row.get("name") or "").strip():
            errors.append(f"{where}, name: empty")
        if (row.get("type") or "").strip() not in ("linn", "vald"):
            errors.append(f"{where}, type: '{row.get('type')}' is neither 'linn' nor 'vald'")
        county_code = (row.get("county_ehak_code") or "").strip()
        if not (county_code.isdigit() and len(county_code) == 4):
            errors.append(f"{where}, county_ehak_code: '{county_code}' is not a four-digit code")
    if errors:
        raise ClassifierError(errors)


@transaction.atomic
def places_load(
    *, path: Path = DEFAULT_FILE, valid_from: dt.date | None = None, retire_missing: bool = False
) -> LoadResult:
    """Create or update counties and municipalities from a classifier file.

    A municipality is matched by its current EHAK code, then by a code listed as its previous
    (`alternative_code`), then by name within the county, so a recoded unit keeps its internal id.
    With `retire_missing`, units absent from the file get `valid_to` (they are never deleted:
    records refer to them).
    """
    path = Path(path)
    rows = _read_rows(path)
    _validate(path, rows)
    result = LoadResult()
    counties = {}
    for row in rows:
        code = row["county_ehak_code"].strip()
        county, _ = County.objects.update_or_create(
            ehak_code=code,
            defaults={"name": row["county"].strip(), "region": COUNTY_REGIONS.get(code, Region.CENTRAL)},
        )
        counties[code] = county
    seen_ids = set()
    for row in rows:
        code = row["ehak_code"].strip()
        found = re.match(r"\s*(\d{4})\b", row.get("alternative_code") or "")  # e.g. "0855 (2018-2021 code)"
        previous = found.group(1) if found else ""
        county = counties[row["county_ehak_code"].strip()]
        name = row["name"].strip()
        municipality = (
            Municipality.objects.filter(ehak_code=code).first()
            or (previous and Municipality.objects.filter(ehak_code=previous).first())
            or Municipality.objects.filter(name=name, county=county).first()
        )
        values = {
            "name": name,
            "kind": row["type"].strip(),
            "county": county,
            "ehak_status": (row.get("status") or "").strip()[:200],
            "valid_to": None,
        }
        if municipality is None:
            municipality = Municipality(ehak_code=code, ehak_valid_from=valid_from, previous_codes=previous, **values)
            municipality.full_clean()
            municipality.save()
            result.created.append(name)
        else:
            if municipality.ehak_code != code:
                codes = {c for c in municipality.previous_codes.split(",") if c} | {municipality.ehak_code}
                municipality.previous_codes = ",".join(sorted(codes))
                municipality.ehak_code = code
                municipality.ehak_valid_from = valid_from
                result.recoded.append(name)
            elif previous:
                codes = {c for c in municipality.previous_codes.split(",") if c} | set(previous.split(","))
                municipality.previous_codes = ",".join(sorted(codes))
            changed = any(getattr(municipality, k) != v for k, v in values.items())
            for key, value in values.items():
                setattr(municipality, key, value)
            municipality.full_clean()
            municipality.save()
            if changed:
                result.updated.append(name)
        seen_ids.add(municipality.pk)
    if retire_missing:
        today = valid_from or dt.date.today()
        for municipality in Municipality.objects.current().exclude(pk__in=seen_ids):
            municipality.valid_to = today
            municipality.save(update_fields=["valid_to"])
            result.ceased.append(municipality.name)
    return result
