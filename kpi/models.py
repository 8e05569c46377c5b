"""KRAs, KPI definitions, scorecard templates with their weights, targets, manual actuals and the
stored scorecards (a snapshot per person and month).

The month and its lock are `org.models.Period` / `org.periods.is_month_locked`; months are stored
as the `date` of their first day (spm/months.py).
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from org.models import Channel, Role, Salesman


class Direction(models.TextChoices):
    HIGHER = "higher", _("Higher is better")
    LOWER = "lower", _("Lower is better")


class Rounding(models.TextChoices):
    EXACT = "exact", _("Exact (2 decimals)")
    ROW = "row", _("Rounded per row (whole numbers)")


class ScoredRole(models.TextChoices):
    """The roles that have a scorecard (HR and admin have none)."""

    SALESMAN = Role.SALESMAN.value, Role.SALESMAN.label
    SUPERVISOR = Role.SUPERVISOR.value, Role.SUPERVISOR.label
    MANAGER = Role.MANAGER.value, Role.MANAGER.label


MANUAL = "manual"
METRIC_PREFIX = "metric:"


def month_first_day():
    return models.Q(month__day=1)


class KRA(models.Model):
    """A Key Result Area. `name` is the English name and the key the JSON documents use."""

    name = models.CharField(_("name (English)"), max_length=100, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=100, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("KRA")
        verbose_name_plural = _("KRAs")

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        if (get_language() or "id").startswith("id") and self.name_id:
            return self.name_id
        return self.name


class KPIDefinition(models.Model):
    code = models.SlugField(_("code"), max_length=60, unique=True)
    name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    kra = models.ForeignKey(
        KRA, verbose_name=_("KRA"), on_delete=models.PROTECT, related_name="kpis"
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(
        _("direction"), max_length=6, choices=Direction.choices, default=Direction.HIGHER
    )
    source = models.CharField(
        _("source"),
        max_length=60,
        default=MANUAL,
        help_text=_("'metric:NAME' for a metric of the catalogue, or 'manual'"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("KPI")
        verbose_name_plural = _("KPIs")

    def __str__(self):
        return f"{self.display_name} ({self.code})"

    @property
    def display_name(self) -> str:
        if (get_language() or "id").startswith("id"):
            return self.name_id or self.name_en
        return self.name_en or self.name_id

    @property
    def metric(self) -> str | None:
        """The catalogue metric this KPI reads, or None for a manual KPI."""
        if self.source.startswith(METRIC_PREFIX):
            return self.source[len(METRIC_PREFIX) :]
        return None


class ScorecardTemplate(models.Model):
    """A weighted set of KPIs for the people of one role and channel.

    A person's template is the one explicitly assigned to him (`TemplateAssignment`), else the
    template for his role and channel, else the one for his role and any channel (blank channel).
    The weights of the items total exactly 100: checked by the service, the form, the API and, on
    PostgreSQL, by a deferred constraint trigger (migration 0002) at commit.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=150)
    role = models.CharField(_("applies to role"), max_length=20, choices=ScoredRole.choices)
    channel = models.CharField(
        _("applies to channel"),
        max_length=2,
        choices=Channel.choices,
        blank=True,
        help_text=_("Blank: every channel"),
    )
    rounding = models.CharField(
        _("rounding"), max_length=5, choices=Rounding.choices, default=Rounding.EXACT
    )
    # A template only for the people assigned to it (a pilot group, a sheet for a few people)
    # leaves its role and channel to the template that applies to all of them, so a scope can
    # hold any number of such templates beside its one default.
    assigned_only = models.BooleanField(
        _("only for the people assigned to it"),
        default=False,
        help_text=_("Otherwise it applies to everyone of its role and channel"),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("scorecard template")
        verbose_name_plural = _("scorecard templates")
        constraints = [
            models.UniqueConstraint(
                fields=["role", "channel"],
                condition=models.Q(assigned_only=False),
                name="kpi_template_one_default_per_scope",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class TemplateVersionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


class PublishedTemplateVersionChanged(Exception):
    """A published template version was about to be changed: it never changes."""


class TemplateVersion(models.Model):
    """One version of a template's weights, KPIs, caps, floors and rounding (its document,
    docs/contracts.md "Scorecard template JSON", as canonical JSON text). Same rule as plan
    versions: a published version never changes; month M is scored with the published version
    whose `effective_from` is the latest ≤ M (`kpi.versions`). `ScorecardTemplate` and its
    `TemplateItem`s mirror the latest version (what the editor shows)."""

    template = models.ForeignKey(
        ScorecardTemplate, on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=TemplateVersionStatus.choices,
        default=TemplateVersionStatus.DRAFT,
    )
    effective_from = models.DateField(
        _("effective from"), null=True, blank=True, help_text=_("First day of the month")
    )
    document = models.TextField(_("template document"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        ordering = ["template", "number"]
        verbose_name = _("template version")
        verbose_name_plural = _("template versions")
        constraints = [
            models.UniqueConstraint(fields=["template", "number"], name="kpi_template_version"),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(effective_from__isnull=False),
                name="kpi_template_version_published_has_month",
            ),
        ]

    def __str__(self):
        return f"{self.template_id} v{self.number}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            stored = type(self).objects.filter(pk=self.pk).values_list("status", flat=True).first()
            if stored == TemplateVersionStatus.PUBLISHED:
                raise PublishedTemplateVersionChanged(f"{self} is published and never changes")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        if self.is_published:
            raise PublishedTemplateVersionChanged(f"{self} is published and never changes")
        return super().delete(*args, **kwargs)

    @property
    def is_published(self) -> bool:
        return self.status == TemplateVersionStatus.PUBLISHED


class TemplateItem(models.Model):
    template = models.ForeignKey(ScorecardTemplate, on_delete=models.CASCADE, related_name="items")
    kpi = models.ForeignKey(
        KPIDefinition, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="items"
    )
    weight = models.DecimalField(
        _("bobot"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    cap = models.DecimalField(_("cap"), max_digits=7, decimal_places=2, null=True, blank=True)
    floor = models.DecimalField(_("floor"), max_digits=7, decimal_places=2, null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["template", "position", "id"]
        verbose_name = _("template item")
        verbose_name_plural = _("template items")
        constraints = [
            models.UniqueConstraint(fields=["template", "kpi"], name="kpi_item_unique_kpi"),
            models.CheckConstraint(condition=models.Q(weight__gt=0), name="kpi_item_weight_gt_0"),
        ]

    def __str__(self):
        return f"{self.template.code}: {self.kpi.code} {self.weight}"


class TemplateAssignment(models.Model):
    """An explicit template for one person, overriding the role + channel match."""

    salesman = models.OneToOneField(
        Salesman,
        verbose_name=_("salesman"),
        on_delete=models.CASCADE,
        related_name="scorecard_assignment",
    )
    template = models.ForeignKey(
        ScorecardTemplate,
        verbose_name=_("template"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )

    class Meta:
        verbose_name = _("template assignment")
        verbose_name_plural = _("template assignments")

    def __str__(self):
        return f"{self.salesman.code} → {self.template.code}"


class Target(models.Model):
    month = models.DateField(_("month"))
    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.CASCADE, related_name="kpi_targets"
    )
    kpi = models.ForeignKey(
        KPIDefinition, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="targets"
    )
    value = models.DecimalField(_("target"), max_digits=20, decimal_places=4)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["month", "salesman__code", "kpi__code"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(fields=["month", "salesman", "kpi"], name="kpi_target_unique"),
            models.CheckConstraint(condition=month_first_day(), name="kpi_target_month_day_1"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.salesman_id} {self.kpi_id}={self.value}"


class ManualActual(models.Model):
    """The actual of a KPI whose source is `manual`, entered or imported per month."""

    month = models.DateField(_("month"))
    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.CASCADE, related_name="kpi_actuals"
    )
    kpi = models.ForeignKey(
        KPIDefinition, verbose_name=_("KPI"), on_delete=models.PROTECT, related_name="actuals"
    )
    value = models.DecimalField(_("actual"), max_digits=20, decimal_places=4)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["month", "salesman__code", "kpi__code"]
        verbose_name = _("manual actual")
        verbose_name_plural = _("manual actuals")
        constraints = [
            models.UniqueConstraint(fields=["month", "salesman", "kpi"], name="kpi_actual_unique"),
            models.CheckConstraint(condition=month_first_day(), name="kpi_actual_month_day_1"),
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.salesman_id} {self.kpi_id}={self.value}"


class ScorecardStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    LOCKED = "locked", _("Locked")


class Scorecard(models.Model):
    """A person's scorecard for a month: a snapshot of the template, targets and actuals."""

    # No index of its own: `kpi_scorecard_unique` (salesman, month) serves his lookups.
    salesman = models.ForeignKey(
        Salesman,
        verbose_name=_("salesman"),
        on_delete=models.CASCADE,
        related_name="scorecards",
        db_index=False,
    )
    month = models.DateField(_("month"))
    template = models.ForeignKey(
        ScorecardTemplate,
        verbose_name=_("template"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="scorecards",
    )
    template_code = models.CharField(_("template"), max_length=60)
    # The template version the scorecard was computed with (TemplateVersion.number).
    template_version = models.PositiveIntegerField(_("template version"), null=True, blank=True)
    template_name = models.CharField(_("template name"), max_length=150)
    rounding = models.CharField(_("rounding"), max_length=5, choices=Rounding.choices)
    total = models.DecimalField(_("total"), max_digits=20, decimal_places=2)
    status = models.CharField(
        _("status"), max_length=6, choices=ScorecardStatus.choices, default=ScorecardStatus.DRAFT
    )
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-month", "salesman__code"]
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")
        constraints = [
            models.UniqueConstraint(fields=["salesman", "month"], name="kpi_scorecard_unique"),
            models.CheckConstraint(condition=month_first_day(), name="kpi_scorecard_month_day_1"),
        ]
        indexes = [models.Index(fields=["month", "total"])]

    def __str__(self):
        return f"{self.salesman} {self.month:%Y-%m}: {self.total}"


class ScorecardRow(models.Model):
    # No index of its own: `kpi_row_unique_kpi` (scorecard, kpi_code) serves the lookups.
    scorecard = models.ForeignKey(
        Scorecard, on_delete=models.CASCADE, related_name="rows", db_index=False
    )
    position = models.PositiveSmallIntegerField(_("position"))
    kpi = models.ForeignKey(
        KPIDefinition, verbose_name=_("KPI"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    kpi_code = models.CharField(_("KPI"), max_length=60)
    kpi_name_id = models.CharField(_("name (Indonesian)"), max_length=150)
    kpi_name_en = models.CharField(_("name (English)"), max_length=150)
    kra = models.CharField(_("KRA"), max_length=100)
    weight = models.DecimalField(_("bobot"), max_digits=5, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    direction = models.CharField(_("direction"), max_length=6, choices=Direction.choices)
    source = models.CharField(_("source"), max_length=60)
    target = models.DecimalField(_("target"), max_digits=20, decimal_places=4, null=True)
    actual = models.DecimalField(_("actual"), max_digits=20, decimal_places=4, null=True)
    attainment = models.DecimalField(
        _("attainment"),
        max_digits=24,
        decimal_places=10,
        null=True,
        help_text=_("Exact skor before cap and floor"),
    )
    score = models.DecimalField(_("skor"), max_digits=20, decimal_places=2)
    final_score = models.DecimalField(_("skor akhir"), max_digits=20, decimal_places=2)
    cap = models.DecimalField(_("cap"), max_digits=7, decimal_places=2, null=True)
    floor = models.DecimalField(_("floor"), max_digits=7, decimal_places=2, null=True)
    no_data = models.BooleanField(_("no data"), default=False)

    class Meta:
        ordering = ["scorecard", "position"]
        verbose_name = _("scorecard row")
        verbose_name_plural = _("scorecard rows")
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "kpi_code"], name="kpi_row_unique_kpi")
        ]

    def __str__(self):
        return f"{self.kpi_code}: {self.score} / {self.final_score}"

    @property
    def kpi_name(self) -> str:
        if (get_language() or "id").startswith("id"):
            return self.kpi_name_id or self.kpi_name_en
        return self.kpi_name_en or self.kpi_name_id


# Leaderboards, badges, levels and the team battle live in their own module (kpi/gamification/).
from kpi.gamification.models import (  # noqa: E402, F401
    Badge,
    BadgeAward,
    BattleResult,
    Board,
    BoardEntry,
    BoardSnapshot,
    LevelScheme,
    SalesmanLevel,
)

# The stored pace of the month in progress (kpi/live.py).
from kpi.live_models import PaceScore  # noqa: E402, F401
