"""Indexes that serve the field-data API's keyset pages (spm/pagination.py): newest first by a
unique key, so page 1 and page 1,000 read the same few index entries. The order lines' plain
`date` index is replaced by the wider keyset one, which serves the same date ranges."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outlets", "0005_import_job"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="visit",
            index=models.Index(fields=["date", "visit_id"], name="visit_keyset"),
        ),
        migrations.RemoveIndex(
            model_name="orderline",
            name="outlets_ord_date_003b80_idx",
        ),
        migrations.AddIndex(
            model_name="orderline",
            index=models.Index(fields=["date", "order_no", "id"], name="order_line_keyset"),
        ),
        migrations.AddIndex(
            model_name="shelfaudit",
            index=models.Index(fields=["date", "audit_id"], name="shelf_audit_keyset"),
        ),
    ]
