"""The register's exact rollup of processable people (`register.rollups`): counts, no person."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeopleRollup(models.Model):
    """The change, on `day`, in the number of a party's people with one municipality of residence
    (0: not given) and target group who may be processed (a consent in force, not restricted, the
    retention date not passed): +k for people who may be processed from that day, −k for people who
    may not be from that day. The count on a day D is the sum of the rows with day ≤ D.

    Rows before `PeopleRollupFloor.day` are folded into the row of that day (`rollups.compact`), so
    a read of today touches about one row per (party, municipality, target group). Derived data,
    maintained by `register.rollups.apply` in the same transaction as every write of people and
    consents; never shown as rows — read only by `register.statistics`, which applies the
    aggregatable rule and `core.disclosure`. Holds no name, record number or date of any one person's
    own: after an erasure the rows are exactly those the register would have without the person."""

    party = models.ForeignKey("parties.Party", on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    municipality = models.IntegerField(default=0)  # a municipality's id, 0 when not given
    target_group = models.CharField(max_length=20)
    n = models.IntegerField()

    # Not a record of anyone's: derived counts, never listed, written by raw SQL in the register's own
    # transactions; auditing it would log every write of people again.
    tenancy_exempt = "derived counts of the register, read only through register.statistics"

    class Meta:
        verbose_name = _("register rollup")
        verbose_name_plural = _("register rollups")
        constraints = [
            # leading `day`: the read of today is a range scan of the days up to it
            models.UniqueConstraint(fields=["day", "party", "municipality", "target_group"], name="register_rollup_key")
        ]

    def __str__(self) -> str:
        return f"{self.party_id} {self.day} {self.municipality}/{self.target_group}: {self.n:+d}"


class PeopleRollupFloor(models.Model):
    """One row: the day up to which `PeopleRollup` is folded. The rollup answers for this day and later;
    a change dated before it is written to it."""

    day = models.DateField()

    tenancy_exempt = "the register rollup's folding day, no data of anyone's"

    class Meta:
        verbose_name = _("register rollup floor")
        verbose_name_plural = _("register rollup floors")

    def __str__(self) -> str:
        return str(self.day)
