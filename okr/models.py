"""OKRs: cycles, objectives (company → team → person, aligned by parent), key results and
check-ins. Scores are not stored: they follow from the key results' values (okr/scoring.py).

Changes to objectives and key results are recorded in the audit trail (org.audit) by the
services, against the objective, so its page can show the whole history.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from org.models import Salesman, Team

from . import scoring

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    _("Use letters, digits, hyphens and underscores only."),
)


class CycleKind(models.TextChoices):
    QUARTER = "quarter", _("Quarter")
    SEMESTER = "semester", _("Semester")
    YEAR = "year", _("Year")


class Level(models.TextChoices):
    COMPANY = "company", _("Company")
    TEAM = "team", _("Team")
    PERSON = "person", _("Person")


class KeyResultKind(models.TextChoices):
    METRIC = "metric", _("Metric-linked")
    MANUAL = "manual", _("Manual (check-ins)")


class Direction(models.TextChoices):
    HIGHER = scoring.HIGHER, _("Higher is better")
    LOWER = scoring.LOWER, _("Lower is better")


class Aggregation(models.TextChoices):
    """How a metric-linked key result turns monthly metric values into one value."""

    SUM = "sum", _("Sum over the months and people")
    MEAN = "mean", _("Mean of the monthly values")
    SHARE_OF_MT_KEY_ACCOUNTS = (
        "share_mt_key_accounts",
        _("Sum as a percentage of the MT key-account outlets"),
    )


class Scope(models.TextChoices):
    PARTICIPANTS = "participants", _("The objective's participants")
    TEAM = "team", _("A team's members")


def _localized(text_id: str, text_en: str) -> str:
    language = (get_language() or "id").lower()
    if language.startswith("en") and text_en:
        return text_en
    return text_id or text_en


class Cycle(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=CycleKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))

    class Meta:
        ordering = ["-start", "end", "code"]
        verbose_name = _("OKR cycle")
        verbose_name_plural = _("OKR cycles")
        constraints = [
            models.CheckConstraint(condition=Q(end__gte=models.F("start")), name="okr_cycle_dates")
        ]

    def __str__(self):
        return self.name

    @property
    def end_month(self):
        return self.end.replace(day=1)


class Objective(models.Model):
    code = models.CharField(_("code"), max_length=60, unique=True, validators=[code_validator])
    cycle = models.ForeignKey(
        Cycle, verbose_name=_("cycle"), on_delete=models.PROTECT, related_name="objectives"
    )
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    level = models.CharField(_("owner level"), max_length=10, choices=Level.choices)
    team = models.ForeignKey(
        Team,
        verbose_name=_("owner team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="objectives",
    )
    owner = models.ForeignKey(
        Salesman,
        verbose_name=_("owner person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_objectives",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("aligned to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    participants = models.ManyToManyField(
        Salesman, verbose_name=_("participants"), blank=True, related_name="okr_objectives"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["cycle", "level", "code"]
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(level=Level.COMPANY, team__isnull=True, owner__isnull=True)
                    | Q(level=Level.TEAM, team__isnull=False, owner__isnull=True)
                    | Q(level=Level.PERSON, team__isnull=True, owner__isnull=False)
                ),
                name="okr_objective_owner_matches_level",
            )
        ]

    def __str__(self):
        return f"{self.code}: {self.title_id}"

    @property
    def title(self) -> str:
        return _localized(self.title_id, self.title_en)

    def scoring_inputs(self) -> list[scoring.KeyResultInput]:
        """The key results' current values (uses a prefetched `key_results` when there is one)."""
        return [
            scoring.KeyResultInput(
                start=kr.start_value,
                target=kr.target_value,
                direction=kr.direction,
                value=kr.current_value,
                weight=kr.weight,
            )
            for kr in self.key_results.all()
        ]

    @property
    def score(self) -> Decimal:
        return scoring.objective_score(self.scoring_inputs())

    @property
    def display_score(self) -> Decimal:
        return scoring.display_score(self.score)

    @property
    def percent(self) -> int:
        return scoring.percent(self.score)

    @property
    def band(self) -> str:
        return scoring.band(self.score)

    @property
    def owner_label(self) -> str:
        if self.level == Level.TEAM and self.team_id:
            return str(self.team)
        if self.level == Level.PERSON and self.owner_id:
            return self.owner.name
        return str(_("Company"))


class KeyResult(models.Model):
    objective = models.ForeignKey(
        Objective,
        verbose_name=_("objective"),
        on_delete=models.CASCADE,
        related_name="key_results",
    )
    title_id = models.CharField(_("title (Indonesian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=KeyResultKind.choices)
    metric = models.CharField(
        _("metric"), max_length=40, blank=True, help_text=_("From the metric catalogue")
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=30, choices=Aggregation.choices, default=Aggregation.SUM
    )
    scope = models.CharField(
        _("scope"), max_length=15, choices=Scope.choices, default=Scope.PARTICIPANTS
    )
    scope_team = models.ForeignKey(
        Team,
        verbose_name=_("scope team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    count_from = models.DateField(
        _("count from"),
        null=True,
        blank=True,
        help_text=_("First day counted for a metric; empty: the cycle's start"),
    )
    start_value = models.DecimalField(_("start value"), max_digits=20, decimal_places=4)
    target_value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    unit = models.CharField(_("unit"), max_length=30, blank=True)
    weight = models.DecimalField(
        _("weight"),
        max_digits=6,
        decimal_places=2,
        default=Decimal(1),
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    current_value = models.DecimalField(
        _("current value"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    value_updated_at = models.DateTimeField(_("value updated at"), null=True, blank=True)

    class Meta:
        ordering = ["objective", "position", "id"]
        verbose_name = _("key result")
        verbose_name_plural = _("key results")
        constraints = [
            models.CheckConstraint(condition=Q(weight__gt=0), name="okr_kr_weight_positive"),
            models.CheckConstraint(
                condition=Q(kind=KeyResultKind.MANUAL) | ~Q(metric=""),
                name="okr_kr_metric_named",
            ),
            models.CheckConstraint(
                condition=~Q(scope=Scope.TEAM) | Q(scope_team__isnull=False),
                name="okr_kr_scope_team_named",
            ),
        ]

    def __str__(self):
        return self.title_id

    @property
    def title(self) -> str:
        return _localized(self.title_id, self.title_en)

    @property
    def is_metric(self) -> bool:
        return self.kind == KeyResultKind.METRIC

    @property
    def score(self):
        return scoring.key_result_score(
            start=self.start_value,
            target=self.target_value,
            direction=self.direction,
            value=self.current_value,
        )

    @property
    def display_score(self):
        return scoring.display_score(self.score)

    @property
    def percent(self) -> int:
        return scoring.percent(self.score)

    @property
    def band(self) -> str:
        return scoring.band(self.score)


class CheckIn(models.Model):
    """A progress review of one key result: its value on a date, and how confident the owner is
    of reaching the target (1–10). A manual key result's value is its latest check-in's."""

    key_result = models.ForeignKey(
        KeyResult,
        verbose_name=_("key result"),
        on_delete=models.CASCADE,
        related_name="check_ins",
    )
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    confidence = models.PositiveSmallIntegerField(
        _("confidence"), validators=[MinValueValidator(1), MaxValueValidator(10)]
    )
    note = models.TextField(_("note"), blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__gte=1, confidence__lte=10),
                name="okr_checkin_confidence_1_10",
            )
        ]
        indexes = [models.Index(fields=["key_result", "date"])]

    def __str__(self):
        return f"{self.key_result_id} {self.date} = {self.value}"
