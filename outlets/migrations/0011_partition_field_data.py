"""Order lines, visits and shelf audits partitioned by month on PostgreSQL (issue 17): each
table becomes a RANGE-partitioned table on `date`, one partition per month holding rows plus a
DEFAULT one, its rows moved over, ids and id sequence kept (outlets/partitions.py
`partition_table`). The primary key becomes (id, date) and the unique keys take `date` too
(PostgreSQL's rule for partitioned tables); Django's model state does not change, so the models
still declare the keys unique (model validation) and the import service keeps them unique across
months (docs/architecture.md "Partitioned field data"). SQLite keeps plain tables."""

from django.db import migrations

TABLES = ("outlets_orderline", "outlets_visit", "outlets_shelfaudit")


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    from outlets.partitions import partition_table

    with schema_editor.connection.cursor() as cursor:
        for table in TABLES:
            for name in partition_table(cursor, table):
                # New tables have no planner statistics: a key lookup walked every partition
                # (2–3 s at 2,000 salesmen × 12 months) until they were analysed.
                cursor.execute(f'ANALYZE "{name}"')
            cursor.execute(f'ANALYZE "{table}"')


class Migration(migrations.Migration):
    dependencies = [
        ("outlets", "0010_import_job_late"),
    ]

    # No way back: a partitioned table holds what the plain one held, and its reads are the same.
    operations = [migrations.RunPython(partition, migrations.RunPython.noop, elidable=False)]
