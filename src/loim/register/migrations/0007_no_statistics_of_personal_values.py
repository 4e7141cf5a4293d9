"""PostgreSQL: no planner statistics of the register's personal values (issue 18 §3, crash18).

ANALYZE (autovacuum runs it) keeps a sample of each column's values in `pg_statistic` (the most
common values and the histogram bounds): names, e-mail addresses, phone numbers would stay there,
and on disk, after the person is erased. A statistics target of 0 makes ANALYZE collect nothing for
the column. A personal text column added later needs the same (the erasure test reads the files).
"""

from django.db import migrations

COLUMNS = {
    "register_person": ["name", "phone", "email", "settlement", "search_text"],
    "register_contactrecord": ["note"],
}


def set_target(target: int):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        quote = schema_editor.quote_name
        for table, columns in COLUMNS.items():
            for column in columns:
                schema_editor.execute(
                    f"ALTER TABLE {quote(table)} ALTER COLUMN {quote(column)} SET STATISTICS {int(target)}"
                )

    return run


class Migration(migrations.Migration):
    dependencies = [("register", "0006_tombstone_record")]

    operations = [migrations.RunPython(set_target(0), set_target(-1))]
