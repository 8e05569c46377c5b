"""The weekly leaderboard job (beat: Monday 06:00 Asia/Jakarta, for the Sunday just ended)."""

from datetime import date

from celery import shared_task

from .services import publish_leaderboards


@shared_task(acks_late=True)
def publish_leaderboards_task(as_of: str | None = None) -> dict:
    """Publish the boards as of `as_of` (ISO date; default yesterday, Asia/Jakarta). Idempotent:
    a date already published is left as it is."""
    done = publish_leaderboards(as_of=date.fromisoformat(as_of) if as_of else None)
    return {"as_of": done.as_of.isoformat(), "snapshots": done.snapshots, "awards": done.awards}
