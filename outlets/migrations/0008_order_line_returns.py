"""Returns (docs/contracts.md): an order line may be negative, quantity and amount together; the
two non-negative checks become one check of one sign per line."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("outlets", "0007_metric_snapshot_as_of"),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name="orderline",
            name="order_line_qty_gte_0",
        ),
        migrations.RemoveConstraint(
            model_name="orderline",
            name="order_line_amount_gte_0",
        ),
        migrations.AddConstraint(
            model_name="orderline",
            constraint=models.CheckConstraint(
                condition=models.Q(quantity__gte=0, amount__gte=0)
                | models.Q(quantity__lt=0, amount__lt=0),
                name="order_line_one_sign",
            ),
        ),
    ]
