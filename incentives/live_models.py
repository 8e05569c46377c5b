"""The stored projection of the month in progress (incentives/live.py writes it, the
dashboard reads it). Imported by incentives/models.py so Django finds the model."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from org.models import Salesman


class Projection(models.Model):
    """What a person's plans pay on his month-to-date actuals (`earned`) and on his projected
    month actuals (`projected`), as of a day. `lines` / `earned_lines` are the statement lines
    (as `payouts.closing.LineResult`, JSON-friendly), `next_tiers` what the next tier of each
    rule needs by the month's end and per working day left (see incentives/live.py)."""

    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.CASCADE, related_name="projections"
    )
    month = models.DateField(_("month"))
    as_of = models.DateField(_("as of"))
    working_days = models.PositiveSmallIntegerField(_("working days"))
    elapsed = models.PositiveSmallIntegerField(_("working days elapsed"))
    earned = models.DecimalField(_("earned so far"), max_digits=18, decimal_places=0)
    projected = models.DecimalField(_("projected"), max_digits=18, decimal_places=0)
    plan_codes = models.CharField(_("plans"), max_length=200, blank=True)
    earned_lines = models.JSONField(_("lines earned so far"), default=list)
    lines = models.JSONField(_("projected lines"), default=list)
    next_tiers = models.JSONField(_("next tiers"), default=list)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        ordering = ["-month", "salesman__code"]
        verbose_name = _("projection")
        verbose_name_plural = _("projections")
        constraints = [
            models.UniqueConstraint(
                fields=["salesman", "month"], name="incentive_projection_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="incentive_projection_month_day_1"
            ),
        ]

    def __str__(self):
        return f"{self.salesman_id} {self.month:%Y-%m} as of {self.as_of}: {self.projected}"
