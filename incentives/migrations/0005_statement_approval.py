import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def approved_runs_keep_their_approval(apps, schema_editor):
    """Statements of runs approved (or locked) before approvals were per statement carry the
    run's approval: a run is approved exactly when all its statements are."""
    PayoutRun = apps.get_model("incentives", "PayoutRun")
    PayoutStatement = apps.get_model("incentives", "PayoutStatement")
    for run in PayoutRun.objects.filter(approved_at__isnull=False):
        PayoutStatement.objects.filter(run=run).update(
            approved_at=run.approved_at, approved_by=run.approved_by_id
        )


class Migration(migrations.Migration):
    dependencies = [
        ("incentives", "0004_run_plans"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="payoutstatement",
            name="approved_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="approved at"),
        ),
        migrations.AddField(
            model_name="payoutstatement",
            name="approved_by",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="approved by",
            ),
        ),
        migrations.RunPython(approved_runs_keep_their_approval, migrations.RunPython.noop),
    ]
