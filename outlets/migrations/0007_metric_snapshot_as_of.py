"""The metric snapshot gains `as_of` (the last day it covers: the month to date) and two metrics
of the catalogue, `lines_per_call` (LPC) and `outlet_coverage`; the `outlets_metricvalue` view is
rebuilt to show them (dropped first: SQLite rebuilds the table when a column is added)."""

from django.db import migrations, models

# The catalogue before and after this migration (a later catalogue change brings its own).
BEFORE = [
    "revenue",
    "orders",
    "aov",
    "active_outlets",
    "new_outlets",
    "visits",
    "field_days",
    "visits_per_day",
    "productive_calls",
    "hit_rate",
    "distribution_points",
    "sku_per_outlet",
    "repeat_order_ratio",
    "revenue_growth_mom",
    "revenue_growth_yoy",
    "new_product_listings",
    "planogram_compliance",
    "osa",
    "share_of_shelf",
    "oos_rate",
]
AFTER = [*BEFORE, "lines_per_call", "outlet_coverage"]


def view_sql(codes) -> str:
    selects = [
        f"SELECT id * 32 + {position} AS id, salesman_id, month, '{code}' AS metric, "  # noqa: S608
        f"{code} AS value, computed_at FROM outlets_metricsnapshot"
        for position, code in enumerate(codes)
    ]
    return "CREATE VIEW outlets_metricvalue AS " + " UNION ALL ".join(selects)


def metric_field(label):
    return models.DecimalField(
        blank=True, decimal_places=4, max_digits=20, null=True, verbose_name=label
    )


class Migration(migrations.Migration):
    dependencies = [
        ("outlets", "0006_field_keyset_indexes"),
    ]

    operations = [
        migrations.RunSQL("DROP VIEW outlets_metricvalue", view_sql(BEFORE)),
        migrations.AddField(
            model_name="metricsnapshot",
            name="lines_per_call",
            field=metric_field("lines per call"),
        ),
        migrations.AddField(
            model_name="metricsnapshot",
            name="outlet_coverage",
            field=metric_field("outlet coverage"),
        ),
        migrations.AddField(
            model_name="metricsnapshot",
            name="as_of",
            field=models.DateField(
                blank=True,
                help_text="the last day the values cover: the month to date, or the month's end",
                null=True,
                verbose_name="as of",
            ),
        ),
        migrations.RunSQL(view_sql(AFTER), "DROP VIEW outlets_metricvalue"),
    ]
