"""Incentive plans (and, below them, payout runs).

A plan is stored as its validated JSON document (docs/contracts.md "Incentive plan JSON") plus the
few
columns the application filters on (code, who it applies to, validity, status).

Why the document and not a Rule table: the plan JSON is the contract (`import_plan`/`export_plan`
must round-trip exactly, same key order) and a rule's fields differ by type (tiers, step, rate,
ranking, ...). Keeping the canonical JSON text means export is byte-for-byte what validation
produced, the audit trail can store before/after documents, and the pure engine
(`incentives/engine/`) reads the same document the manager edited. The text is kept in a
`TextField` rather than a `JSONField` because PostgreSQL `jsonb` reorders keys and would turn
decimals into floats; `plans.documents.plan_document(plan)` parses it with `Decimal` numbers.
Only `incentives.plans.documents` writes these rows, always after `validate_plan`.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from incentives.engine import RULE_TYPES
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


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishedVersionChanged(Exception):
    """A published plan or template version was about to be changed: it never changes."""


class PlanVersionQuerySet(models.QuerySet):
    def in_force(self, month, plan_codes=None) -> list["PlanVersion"]:
        """The published version of each plan that pays `month` (the first day of a month): the
        one whose `effective_from` is the latest ≤ month (the later number on the same month),
        when the month is within its `valid_from`/`valid_to`; by plan code."""
        rows = self.filter(status=VersionStatus.PUBLISHED, effective_from__lte=month)
        if plan_codes is not None:
            rows = rows.filter(plan__code__in=list(plan_codes))
        latest: dict[int, PlanVersion] = {}
        for version in rows.select_related("plan").order_by("plan_id", "effective_from", "number"):
            latest[version.plan_id] = version
        end = (month + timedelta(days=31)).replace(day=1)
        in_force = [
            version
            for version in latest.values()
            if version.valid_from < end and (version.valid_to is None or version.valid_to >= month)
        ]
        return sorted(in_force, key=lambda version: version.plan.code)


class PlanVersion(models.Model):
    """One version of a plan's document (docs/contracts.md "Plan and template versions").

    A version is a draft while it is edited, then published with the month it takes effect
    from; a published version never changes (`save` refuses, the admin is read-only): editing
    a published plan starts a new draft. Month M is paid by the published version whose
    `effective_from` is the latest ≤ M (`incentives.plans.versions.versions_in_force`). The
    `Plan` row keeps the latest version's document and columns (what the editor shows).
    """

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    effective_from = models.DateField(
        _("effective from"), null=True, blank=True, help_text=_("First day of the month")
    )
    role = models.CharField(_("applies to role"), max_length=20, choices=Role.choices)
    channel = models.CharField(_("applies to channel"), max_length=2, choices=Channel.choices)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    document = models.TextField(_("plan document"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    objects = PlanVersionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="plan_version_unique"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(effective_from__isnull=False),
                name="plan_version_published_has_month",
            ),
        ]
        indexes = [models.Index(fields=["status", "effective_from"])]

    def __str__(self):
        return f"{self.plan_id} v{self.number}"

    def save(self, *args, **kwargs):
        # The model's own guard: a published version's row is never written again (publishing
        # is the one write that turns a draft into a published version).
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == VersionStatus.PUBLISHED:
                raise PublishedVersionChanged(f"{self} is published and never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise PublishedVersionChanged(f"{self} is published and never changes")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


# ---------------------------------------------------------------------------------------------
# Payout runs: one per month, draft → approved → locked. Written only by payouts.services.
# ---------------------------------------------------------------------------------------------


class RunStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    APPROVED = "approved", _("Approved")
    LOCKED = "locked", _("Locked")


class PayoutRun(models.Model):
    """The payout of one business month. The unique month is what keeps two concurrent closes
    from ever producing two runs (services also take the month's `Period` row lock)."""

    month = models.DateField(_("month"), unique=True, help_text=_("First day of the month"))
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.DRAFT
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    computed_at = models.DateTimeField(_("computed at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("payout run")
        verbose_name_plural = _("payout runs")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="payout_run_month_is_first_day"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m}"

    @property
    def period(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def is_draft(self) -> bool:
        return self.status == RunStatus.DRAFT

    @property
    def stale_plans(self) -> list[str]:
        """The plan codes whose version in force differs from the one this draft run was
        computed with (a version published, or a plan added or ended since); empty for an
        approved or locked run, which never changes."""
        if not self.is_draft or self.computed_at is None:
            return []
        used = dict(self.plans.values_list("plan_code", "version"))
        now = {v.plan.code: v.number for v in PlanVersion.objects.in_force(self.month)}
        return sorted(code for code in set(used) | set(now) if used.get(code) != now.get(code))

    @property
    def is_stale(self) -> bool:
        """A draft run computed before a plan or template version for its month was
        published: stale until the month is closed again."""
        if not self.is_draft or self.computed_at is None:
            return False
        from kpi.versions import stale_scorecards

        return bool(self.stale_plans) or stale_scorecards(self.month) > 0


class RunPlan(models.Model):
    """A plan document as it stood when the run was last computed, one per plan the month's
    close evaluated. A run's statements are explained from these, never from the plan as edited
    since: a plan may change for later months, a locked month keeps saying what it paid by
    (docs/contracts.md "Periods and the audit trail")."""

    run = models.ForeignKey(PayoutRun, on_delete=models.CASCADE, related_name="plans")
    plan_code = models.CharField(_("plan"), max_length=60)
    version = models.PositiveIntegerField(_("version"), null=True, blank=True)
    document = models.TextField(_("plan document"))

    class Meta:
        ordering = ["run", "plan_code"]
        verbose_name = _("plan of a payout run")
        verbose_name_plural = _("plans of payout runs")
        constraints = [models.UniqueConstraint(fields=["run", "plan_code"], name="run_plan_unique")]

    def __str__(self):
        return f"{self.run} {self.plan_code}"


class PayoutStatement(models.Model):
    """One salesman in a run: the snapshot the export's summary row and the statement page read
    (team and channel as they were, the scorecard total the plan saw, the plan applied)."""

    # No index of its own: `payout_statement_unique` (run, salesman) serves the run's lookups.
    run = models.ForeignKey(
        PayoutRun, on_delete=models.CASCADE, related_name="statements", db_index=False
    )
    salesman = models.ForeignKey(
        "org.Salesman", verbose_name=_("salesman"), on_delete=models.PROTECT, related_name="+"
    )
    plan_code = models.CharField(_("plan"), max_length=60, blank=True)
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=2, blank=True)
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    total_score = models.DecimalField(
        _("total score"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Approval follows scope: each manager approves the statements of the people he sees; the
    # run is approved once every statement is (incentives/payouts/services.py approve_run).
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["run", "salesman__code"]
        verbose_name = _("payout statement")
        verbose_name_plural = _("payout statements")
        constraints = [
            models.UniqueConstraint(fields=["run", "salesman"], name="payout_statement_unique")
        ]

    def __str__(self):
        return f"{self.run} {self.salesman_id}"


class Adjustment(models.Model):
    """A correction (amount, reason, who), paid in the open run it was added to. It survives a
    re-close of that run: close_period turns each of the run's adjustments into a line again."""

    run = models.ForeignKey(PayoutRun, on_delete=models.PROTECT, related_name="adjustments")
    salesman = models.ForeignKey(
        "org.Salesman", verbose_name=_("salesman"), on_delete=models.PROTECT, related_name="+"
    )
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=0)
    reason = models.CharField(_("reason"), max_length=300)
    for_month = models.DateField(_("corrects month"), null=True, blank=True)
    # Set on the opening line of a negative balance brought over from that month's statement
    # (incentives/corrections/carry.py): shown as a `carry_forward` line, not an adjustment.
    carried_from = models.DateField(_("carried from"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("adjustment")
        verbose_name_plural = _("adjustments")

    def __str__(self):
        return f"{self.run} {self.salesman_id} {self.amount}"


# A line is a rule's (one member per registered rule type, named by its type), the plan cap or
# an adjustment.
LineType = models.TextChoices(
    "LineType",
    [
        *((name.upper(), (name, _(kind.title))) for name, kind in RULE_TYPES.items()),
        ("CAP", ("cap", _("Cap"))),
        ("ADJUSTMENT", ("adjustment", _("Adjustment"))),
        # A locked month restated from late data: the difference, paid in an open run.
        ("RESTATEMENT", ("restatement", _("Correction"))),
        # A negative balance brought to zero here and opened in the person's next run.
        ("CARRY_FORWARD", ("carry_forward", _("Carried forward"))),
    ],
)


class PayoutLine(models.Model):
    """One line of a statement: a rule's result, the plan cap, or an adjustment. It explains
    itself: the value the rule saw, what it reached, the multiplier and the amount."""

    # No index of its own: the (run, salesman) index serves the run's lookups.
    run = models.ForeignKey(
        PayoutRun, on_delete=models.CASCADE, related_name="lines", db_index=False
    )
    salesman = models.ForeignKey(
        "org.Salesman", verbose_name=_("salesman"), on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    plan_code = models.CharField(_("plan"), max_length=60, blank=True)
    # The plan version the line came from (PlanVersion.number; none for adjustments).
    plan_version = models.PositiveIntegerField(_("plan version"), null=True, blank=True)
    rule_code = models.CharField(_("rule"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    type = models.CharField(_("type"), max_length=20, choices=LineType.choices)
    basis = models.CharField(_("basis"), max_length=20, blank=True)
    kpi = models.CharField(_("KPI"), max_length=60, blank=True)
    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4, null=True, blank=True)
    reached = models.CharField(_("reached"), max_length=300, blank=True)
    multiplier = models.DecimalField(_("multiplier"), max_digits=8, decimal_places=4, default=1)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=0, default=0)
    reward = models.CharField(_("reward"), max_length=200, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    # The engine's structured facts (rules.Line.status and .detail, JSON-friendly), so the
    # statement can be explained again in the reader's language (incentives.payouts.explain).
    status = models.CharField(_("status"), max_length=20, blank=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    adjustment = models.OneToOneField(
        Adjustment, null=True, blank=True, on_delete=models.CASCADE, related_name="line"
    )

    class Meta:
        ordering = ["run", "salesman__code", "position", "id"]
        verbose_name = _("payout line")
        verbose_name_plural = _("payout lines")
        indexes = [models.Index(fields=["run", "salesman"])]

    def __str__(self):
        return f"{self.run} {self.salesman_id} {self.rule_code} {self.amount}"


# Models kept in their own packages; the app owns them: restated versions of locked months
# (incentives/corrections/), disputes on statements (incentives/disputes/), the stored projection
# of the month in progress (incentives/live.py).
from incentives.corrections.models import RestatedLine, Restatement  # noqa: E402, F401
from incentives.disputes.models import Dispute, DisputeComment, DisputeStatus  # noqa: E402, F401
from incentives.live_models import Projection  # noqa: E402, F401
