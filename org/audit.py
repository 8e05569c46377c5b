"""The audit trail: one function every service calls when it changes something that matters
(plans, templates, weights, targets, OKRs, payout runs)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Model

from .models import AuditEntry, User


def _jsonable(value):
    """Decimals and dates become strings, so before/after read exactly as they were."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record(
    *,
    actor: User | None,
    action: str,
    obj: Model,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        before=_jsonable(before),
        after=_jsonable(after),
        note=note,
    )


def history_of(obj: Model):
    return AuditEntry.objects.filter(
        object_type=obj._meta.label_lower, object_id=str(obj.pk)
    ).select_related("actor")
