"""The database's own guard on weights: a committed scorecard template's items total exactly 100.

On PostgreSQL a DEFERRABLE INITIALLY DEFERRED constraint trigger checks, at commit, every template
whose items were inserted, changed or deleted (and every new template, so an empty one cannot be
committed). Deferred, because a template and its items are written by several statements inside
one transaction. SQLite has no such triggers: there the service check (kpi.documents) is the guard.
"""

from django.db import migrations

FORWARD = """
CREATE OR REPLACE FUNCTION kpi_check_template_weights() RETURNS trigger AS $$
DECLARE
    ids bigint[];
    tid bigint;
    tcode text;
    total numeric;
BEGIN
    IF TG_TABLE_NAME = 'kpi_scorecardtemplate' THEN
        ids := ARRAY[NEW.id];
    ELSIF TG_OP = 'DELETE' THEN
        ids := ARRAY[OLD.template_id];
    ELSIF TG_OP = 'UPDATE' THEN
        ids := ARRAY[NEW.template_id, OLD.template_id];
    ELSE
        ids := ARRAY[NEW.template_id];
    END IF;
    FOREACH tid IN ARRAY ids LOOP
        SELECT code INTO tcode FROM kpi_scorecardtemplate WHERE id = tid;
        IF FOUND THEN
            SELECT COALESCE(SUM(weight), 0) INTO total FROM kpi_templateitem
                WHERE template_id = tid;
            IF total <> 100 THEN
                RAISE EXCEPTION 'scorecard template % weights total %, not 100', tcode, total
                    USING ERRCODE = 'check_violation';
            END IF;
        END IF;
    END LOOP;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE CONSTRAINT TRIGGER kpi_templateitem_weights_total_100
    AFTER INSERT OR UPDATE OR DELETE ON kpi_templateitem
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION kpi_check_template_weights();

CREATE CONSTRAINT TRIGGER kpi_template_weights_total_100
    AFTER INSERT ON kpi_scorecardtemplate
    DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION kpi_check_template_weights();
"""

BACKWARD = """
DROP TRIGGER IF EXISTS kpi_template_weights_total_100 ON kpi_scorecardtemplate;
DROP TRIGGER IF EXISTS kpi_templateitem_weights_total_100 ON kpi_templateitem;
DROP FUNCTION IF EXISTS kpi_check_template_weights();
"""


class PostgresOnlyRunSQL(migrations.RunSQL):
    """RunSQL that does nothing on other databases (SQLite relies on the service check)."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("kpi", "0001_initial")]

    operations = [PostgresOnlyRunSQL(FORWARD, BACKWARD)]
