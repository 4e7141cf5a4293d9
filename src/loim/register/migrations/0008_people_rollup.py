"""The register counts' exact rollup (register.rollups), filled from the people already recorded."""

import datetime as dt
from collections import Counter, defaultdict

import django.db.models.deletion
from django.db import migrations, models


def fill(apps, schema_editor):
    """Count every person in the rollup (`rollups.delta_of`, the same function the writes use), folded
    to yesterday as `rollups.compact` leaves it."""
    from loim.register.rollups import delta_of

    Person = apps.get_model("register", "Person")
    Consent = apps.get_model("register", "Consent")
    Rollup = apps.get_model("register", "PeopleRollup")
    Floor = apps.get_model("register", "PeopleRollupFloor")
    people = Person.objects.order_by().values_list(
        "pk", "party_id", "municipality_id", "target_group", "restricted", "retention_until"
    )
    consents_of = defaultdict(list)
    for person_id, *dates in Consent.objects.order_by().values_list("person_id", "given_on", "ends_on", "withdrawn_on"):
        consents_of[person_id].append(dates)
    floor = dt.date.today() - dt.timedelta(days=1)
    folded = Counter()
    for (party_id, day, municipality, group), n in delta_of(people.iterator(), consents_of).items():
        folded[(party_id, max(day, floor), municipality, group)] += n
    Rollup.objects.bulk_create(
        (
            Rollup(party_id=party_id, day=day, municipality=municipality, target_group=group, n=n)
            for (party_id, day, municipality, group), n in folded.items()
            if n
        ),
        batch_size=5000,
    )
    Floor.objects.create(pk=1, day=floor)


class Migration(migrations.Migration):

    dependencies = [
        ('parties', '0003_party_public_names'),
        ('register', '0007_no_statistics_of_personal_values'),
    ]

    operations = [
        migrations.CreateModel(
            name='PeopleRollupFloor',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
            ],
            options={
                'verbose_name': 'register rollup floor',
                'verbose_name_plural': 'register rollup floors',
            },
        ),
        migrations.CreateModel(
            name='PeopleRollup',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('municipality', models.IntegerField(default=0)),
                ('target_group', models.CharField(max_length=20)),
                ('n', models.IntegerField()),
                ('party', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='parties.party')),
            ],
            options={
                'verbose_name': 'register rollup',
                'verbose_name_plural': 'register rollups',
                'constraints': [models.UniqueConstraint(fields=('day', 'party', 'municipality', 'target_group'), name='register_rollup_key')],
            },
        ),
        migrations.RunPython(fill, migrations.RunPython.noop, elidable=False),
    ]
