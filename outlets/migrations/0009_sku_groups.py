"""SKU groups (docs/contracts.md "FMCG scheme building blocks"): `ProductGroup` and the stored
group metrics per salesman, month and group (`GroupMetricValue`); the `outlets_metricvalue` view
shows them one per row as `revenue@G`, `outlets@G`, `numeric_distribution@G`, so every reader of
`MetricValue` (scorecards, API) reads them as metrics; team metric names grow to 64 characters."""

import django.core.validators
import django.db.models.deletion
from django.db import migrations, models

CODES = [
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
    "lines_per_call",
    "outlet_coverage",
]
GROUP_METRICS = ["revenue", "outlets", "numeric_distribution"]


def view_sql(with_groups: bool) -> str:
    selects = [
        f"SELECT id * 32 + {position} AS id, salesman_id, month, '{code}' AS metric, "  # noqa: S608
        f"{code} AS value, computed_at FROM outlets_metricsnapshot"
        for position, code in enumerate(CODES)
    ]
    if with_groups:
        # Negative ids: never one of the snapshot's (id * 32 + position).
        selects += [
            f"SELECT -(g.id * 4 + {position}) AS id, g.salesman_id, g.month, "  # noqa: S608
            f"'{name}@' || pg.code AS metric, g.{name} AS value, g.computed_at "
            "FROM outlets_groupmetricvalue g JOIN outlets_productgroup pg ON pg.id = g.group_id"
            for position, name in enumerate(GROUP_METRICS)
        ]
    return "CREATE VIEW outlets_metricvalue AS " + " UNION ALL ".join(selects)


class Migration(migrations.Migration):
    dependencies = [
        ("org", "0005_people_over_time"),
        ("outlets", "0008_order_line_returns"),
    ]

    operations = [
        migrations.AlterField(
            model_name="teammetricvalue",
            name="metric",
            field=models.CharField(max_length=64, verbose_name="metric"),
        ),
        migrations.CreateModel(
            name="ProductGroup",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "code",
                    models.CharField(
                        help_text="as metrics name it: revenue@focus",
                        max_length=30,
                        unique=True,
                        validators=[
                            django.core.validators.RegexValidator(
                                "^[A-Za-z0-9][A-Za-z0-9_-]*$",
                                "letters, digits, - and _ only, starting with a letter or digit",
                            )
                        ],
                        verbose_name="code",
                    ),
                ),
                ("name", models.CharField(max_length=100, verbose_name="name")),
                (
                    "name_en",
                    models.CharField(blank=True, max_length=100, verbose_name="name in English"),
                ),
                (
                    "products",
                    models.ManyToManyField(
                        blank=True,
                        related_name="groups",
                        to="outlets.product",
                        verbose_name="products",
                    ),
                ),
            ],
            options={
                "verbose_name": "SKU group",
                "verbose_name_plural": "SKU groups",
                "ordering": ["code"],
            },
        ),
        migrations.CreateModel(
            name="GroupMetricValue",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("month", models.DateField(verbose_name="month")),
                (
                    "revenue",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        max_digits=20,
                        null=True,
                        verbose_name="revenue",
                    ),
                ),
                (
                    "outlets",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        max_digits=20,
                        null=True,
                        verbose_name="outlets",
                    ),
                ),
                (
                    "numeric_distribution",
                    models.DecimalField(
                        blank=True,
                        decimal_places=4,
                        max_digits=20,
                        null=True,
                        verbose_name="numeric distribution",
                    ),
                ),
                ("computed_at", models.DateTimeField(auto_now=True, verbose_name="computed at")),
                (
                    "salesman",
                    models.ForeignKey(
                        db_index=False,
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="group_metric_values",
                        to="org.salesman",
                        verbose_name="salesman",
                    ),
                ),
                (
                    "group",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="values",
                        to="outlets.productgroup",
                        verbose_name="SKU group",
                    ),
                ),
            ],
            options={
                "verbose_name": "group metric value",
                "verbose_name_plural": "group metric values",
                "ordering": ["month", "salesman_id", "group_id"],
                "indexes": [models.Index(fields=["month"], name="outlets_gro_month_32ba6e_idx")],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("salesman", "month", "group"), name="group_metric_unique"
                    )
                ],
            },
        ),
        migrations.RunSQL("DROP VIEW outlets_metricvalue", view_sql(False)),
        migrations.RunSQL(view_sql(True), "DROP VIEW outlets_metricvalue"),
        migrations.AlterField(
            model_name="metricvalue",
            name="metric",
            field=models.CharField(max_length=64, verbose_name="metric"),
        ),
    ]
