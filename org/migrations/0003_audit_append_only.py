"""The audit trail is append-only at the database: UPDATE and DELETE of a row are refused.

PostgreSQL (production and the test suite): a row trigger refuses both. TRUNCATE is left to
the table's owner (it is how Django's test flush empties tables between transactional tests;
the application never truncates). SQLite (the laptop default): a trigger refuses UPDATE only,
because Django's flush there empties tables with DELETE and SQLite has no session setting a
trigger could read to let it through; the admin and the services still never delete an entry.

A later migration that must rewrite entries disables the trigger for its own transaction
(`ALTER TABLE org_auditentry DISABLE TRIGGER org_auditentry_append_only`).
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

POSTGRESQL = """
CREATE FUNCTION org_auditentry_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION USING
        MESSAGE = 'the audit trail is append-only: ' || TG_OP || ' of an entry refused',
        ERRCODE = 'restrict_violation';
END
$$;
CREATE TRIGGER org_auditentry_append_only BEFORE UPDATE OR DELETE ON org_auditentry
    FOR EACH ROW EXECUTE FUNCTION org_auditentry_append_only();
"""
POSTGRESQL_REVERSE = """
DROP TRIGGER IF EXISTS org_auditentry_append_only ON org_auditentry;
DROP FUNCTION IF EXISTS org_auditentry_append_only();
"""
SQLITE = """
CREATE TRIGGER org_auditentry_append_only BEFORE UPDATE ON org_auditentry
BEGIN
    SELECT RAISE(ABORT, 'the audit trail is append-only: UPDATE of an entry refused');
END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS org_auditentry_append_only;"


def create_trigger(apps, schema_editor):
    sql = {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor)
    if sql:
        schema_editor.execute(sql)


def drop_trigger(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    sql = {"postgresql": POSTGRESQL_REVERSE, "sqlite": SQLITE_REVERSE}.get(vendor)
    if sql:
        schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0002_period_locked_by_label"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        # Deleting a user who acted would set his entries' actor to NULL: an UPDATE the trigger
        # refuses. Such a user is protected instead (deactivate him).
        migrations.AlterField(
            model_name="auditentry",
            name="actor",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="who",
            ),
        ),
        migrations.RunPython(create_trigger, drop_trigger),
    ]
