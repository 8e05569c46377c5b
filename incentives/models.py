"""Incentive plans (and, below them, payout runs).

A plan is stored as its validated JSON document (DESIGN.md "Incentive plan JSON") plus the few
columns the application filters on (code, who it applies to, validity, status).

Why the document and not a Rule table: the plan JSON is the contract (`import_plan`/`export_plan`
must round-trip exactly, same key order) and a rule's fields differ by type (tiers, step, rate,
ranking, ...). Keeping the canonical JSON text means export is byte-for-byte what validation
produced, the audit trail can store before/after documents, and the pure engine
(`incentives/rules.py`) reads the same document the manager edited. The text is kept in a
`TextField` rather than a `JSONField` because PostgreSQL `jsonb` reorders keys and would turn
decimals into floats; `incentives.plans.plan_document(plan)` parses it with `Decimal` numbers.
Only `incentives.plans` writes these rows, always after `validate_plan`.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from org.models import Channel, Role


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    ACTIVE = "active", _("Active")


class Plan(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("applies to role"), max_length=20, choices=Role.choices)
    channel = models.CharField(_("applies to channel"), max_length=2, choices=Channel.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT
    )
    document = models.TextField(
        _("plan document"), help_text=_("The validated plan JSON, in canonical key order")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("incentive plan")
        verbose_name_plural = _("incentive plans")
        indexes = [models.Index(fields=["role", "channel", "status", "valid_from"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="plan_valid_to_after_valid_from",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"
