"""PostgreSQL only: the `pg_trgm` extension (word similarity of names and titles) and a GIN index on the
`simple` text-search vector of the extracted text, the expression `core.search_sql` matches with. On
SQLite nothing is done (a plain scan there; docs/decisions.md "Issue 12 — search")."""

from django.db import migrations

INDEX = "network_version_text_simple"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON network_documentversion "
        "USING gin (to_tsvector('simple'::regconfig, COALESCE(text, ''::text)))"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")  # the extension stays: others may use it


class Migration(migrations.Migration):
    dependencies = [("network", "0005_document_text")]

    operations = [migrations.RunPython(forwards, backwards)]
