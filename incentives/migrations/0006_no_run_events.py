from django.db import migrations


def every_event_has_its_audit_entry(apps, schema_editor):
    """A run's history is its audit entries now. Every RunEvent was written in the same
    transaction as an AuditEntry of the same run and action ("payout_run.<action>"), so nothing
    needs copying; an event without one (written by hand) is copied before the table goes."""
    RunEvent = apps.get_model("incentives", "RunEvent")
    AuditEntry = apps.get_model("org", "AuditEntry")
    for event in RunEvent.objects.select_related("run").iterator():
        action = f"payout_run.{event.action}"
        exists = AuditEntry.objects.filter(
            object_type="incentives.payoutrun",
            object_id=str(event.run_id),
            action=action,
            actor_id=event.by_id,
        ).exists()
        if not exists:
            # Audit entries are append-only (their time is when they are written): the event's
            # own time goes into the note.
            AuditEntry.objects.create(
                actor_id=event.by_id,
                action=action,
                object_type="incentives.payoutrun",
                object_id=str(event.run_id),
                object_repr=f"{event.run.month:%Y-%m}",
                note=f"{event.at:%Y-%m-%d %H:%M} {event.note}".strip(),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("incentives", "0005_statement_approval"),
        ("org", "0002_period_locked_by_label"),
    ]

    operations = [
        migrations.RunPython(every_event_has_its_audit_entry, migrations.RunPython.noop),
        migrations.DeleteModel(name="RunEvent"),
    ]
