"""KPI configuration writes: KRAs, KPI definitions, and which scorecard template applies to whom.

Templates as documents (import/export/save/delete) live in `kpi.documents`. Views, the API and
commands call these functions; each change is recorded in the audit trail.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.audit import record
from org.models import Salesman, User

from .documents import kpi_snapshot
from .models import KRA, KPIDefinition, ScorecardTemplate, TemplateAssignment

# --- KRAs and KPI definitions -------------------------------------------------------------------


def _kra_snapshot(kra: KRA) -> dict:
    return {"name": kra.name, "name_id": kra.name_id}


@transaction.atomic
def save_kra(*, kra: KRA, by: User | None) -> KRA:
    """Create or update a KRA (already validated by its form), with an audit entry."""
    before = _kra_snapshot(KRA.objects.get(pk=kra.pk)) if kra.pk else None
    kra.save()
    after = _kra_snapshot(kra)
    if before != after:
        record(actor=by, action="kra.save", obj=kra, before=before, after=after)
    return kra


@transaction.atomic
def save_kpi(*, kpi: KPIDefinition, by: User | None) -> KPIDefinition:
    """Create or update a KPI definition, with an audit entry.

    A KPI that is lower-is-better must have a cap wherever a template uses it.
    """
    if kpi.direction == "lower" and kpi.pk:
        uncapped = kpi.items.filter(cap__isnull=True).select_related("template")
        if uncapped:
            raise ValidationError(
                {
                    "direction": _(
                        "A lower-is-better KPI needs a cap; these templates use it without one: "
                        "%(codes)s."
                    )
                    % {"codes": ", ".join(item.template.code for item in uncapped)}
                }
            )
    before = kpi_snapshot(KPIDefinition.objects.get(pk=kpi.pk)) if kpi.pk else None
    kpi.save()
    after = kpi_snapshot(kpi)
    if before != after:
        record(actor=by, action="kpi.save", obj=kpi, before=before, after=after)
    return kpi


# --- Which template applies to whom -------------------------------------------------------------


def templates_by_person(people, month=None) -> dict[int, ScorecardTemplate]:
    """{salesman_id: template} for sales-force profiles (with `user` loaded).

    Precedence: an explicit `TemplateAssignment`; else the template for the person's role and
    channel; else the one for his role and any channel (templates for the people assigned to
    them only never match by role and channel). People with none get no scorecard. With
    `month`, only templates with a version in force in that month count (`kpi.versions`).
    """
    templates = list(ScorecardTemplate.objects.prefetch_related("items__kpi__kra").order_by("code"))
    if month is not None:
        from .versions import templates_in_force

        in_force = templates_in_force(month, [t.id for t in templates])
        templates = [t for t in templates if t.id in in_force]
    by_id = {t.id: t for t in templates}
    by_scope = {(t.role, t.channel): t for t in templates if not t.assigned_only}
    assigned = dict(
        TemplateAssignment.objects.filter(salesman__in=[p.id for p in people]).values_list(
            "salesman_id", "template_id"
        )
    )
    result = {}
    for person in people:
        template = by_id.get(assigned.get(person.id))
        if template is None:
            role = person.user.role
            template = by_scope.get((role, person.channel)) or by_scope.get((role, ""))
        if template is not None:
            result[person.id] = template
    return result


@transaction.atomic
def assign_template(
    *, salesman: Salesman, template: ScorecardTemplate | None, by: User | None
) -> None:
    """Give one person an explicit template (overriding his role + channel match), or take it
    away with `template=None`. Recorded in the audit trail; the next computation uses it."""
    current = TemplateAssignment.objects.filter(salesman=salesman).select_related("template")
    before = current.first()
    before_code = before.template.code if before else None
    after_code = template.code if template else None
    if before_code == after_code:
        return
    if template is None:
        current.delete()
    else:
        TemplateAssignment.objects.update_or_create(
            salesman=salesman, defaults={"template": template}
        )
    record(
        actor=by,
        action="template.assign",
        obj=salesman,
        before={"template": before_code},
        after={"template": after_code},
    )


def template_for(salesman: Salesman) -> ScorecardTemplate | None:
    return templates_by_person([salesman]).get(salesman.id)
