"""The stored pace of the month in progress (kpi/live.py writes it, pages and boards read it).
Imported by kpi/models.py so Django finds the model."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from org.models import Salesman


class PaceScore(models.Model):
    """A person's pace score for a month as of a day (docs/contracts.md "Month to date, pace
    and projection"): his scorecard on the MTD actuals against pace targets. `rows` holds, per
    KPI in the scorecard's order, what the dashboard shows: {"kpi", "name_id", "name_en",
    "unit", "direction", "weight", "additive", "target", "pace_target", "actual", "projected",
    "score", "final_score", "no_data"} (numbers as strings, None for no value). One row per
    person and month, replaced by each refresh."""

    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.CASCADE, related_name="pace_scores"
    )
    month = models.DateField(_("month"))
    as_of = models.DateField(_("as of"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    elapsed = models.PositiveSmallIntegerField(_("working days elapsed"))
    pace_score = models.DecimalField(_("pace score"), max_digits=20, decimal_places=2)
    projected_score = models.DecimalField(
        _("projected score"), max_digits=20, decimal_places=2, null=True
    )
    rows = models.JSONField(_("rows"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-month", "salesman__code"]
        verbose_name = _("pace score")
        verbose_name_plural = _("pace scores")
        constraints = [
            models.UniqueConstraint(fields=["salesman", "month"], name="kpi_pace_unique"),
            models.CheckConstraint(condition=models.Q(month__day=1), name="kpi_pace_month_day_1"),
        ]
        indexes = [models.Index(fields=["month", "pace_score"])]

    def __str__(self):
        return f"{self.salesman_id} {self.month:%Y-%m} as of {self.as_of}: {self.pace_score}"
