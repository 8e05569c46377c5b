"""The restated versions of locked months, kept beside the locked runs (which never change)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Restatement(models.Model):
    """A locked month's run recomputed from late data, for the open run that pays the
    difference (`paid_in`). Replaced each time that open run is closed again; once `paid_in` is
    locked, it is what was paid."""

    run = models.ForeignKey(
        "incentives.PayoutRun",
        verbose_name=_("restated run"),
        on_delete=models.PROTECT,
        related_name="restatements",
    )
    paid_in = models.ForeignKey(
        "incentives.PayoutRun",
        verbose_name=_("paid in"),
        on_delete=models.CASCADE,
        related_name="restatements_paid",
    )
    computed_at = models.DateTimeField(_("computed at"))
    people = models.PositiveIntegerField(_("people whose pay changed"), default=0)
    difference = models.DecimalField(_("difference"), max_digits=18, decimal_places=0, default=0)

    class Meta:
        ordering = ["run__month", "paid_in__month"]
        verbose_name = _("restatement")
        verbose_name_plural = _("restatements")
        constraints = [
            models.UniqueConstraint(fields=["run", "paid_in"], name="restatement_once_per_run")
        ]

    def __str__(self):
        return f"{self.run} → {self.paid_in}"


class RestatedLine(models.Model):
    """One rule (or the cap) of a person whose pay the restatement changed: what had been paid
    for it so far (the locked line plus earlier corrections) and what the restated month gives."""

    restatement = models.ForeignKey(Restatement, on_delete=models.CASCADE, related_name="lines")
    salesman = models.ForeignKey(
        "org.Salesman", verbose_name=_("salesman"), on_delete=models.PROTECT, related_name="+"
    )
    plan_code = models.CharField(_("plan"), max_length=60, blank=True)
    rule_code = models.CharField(_("rule"), max_length=60)
    label = models.CharField(_("label"), max_length=200)
    value_before = models.DecimalField(
        _("value paid on"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(
        _("restated value"), max_digits=24, decimal_places=4, null=True, blank=True
    )
    paid = models.DecimalField(_("paid so far"), max_digits=18, decimal_places=0, default=0)
    amount = models.DecimalField(_("restated amount"), max_digits=18, decimal_places=0, default=0)

    class Meta:
        ordering = ["restatement", "salesman__code", "plan_code", "rule_code"]
        verbose_name = _("restated line")
        verbose_name_plural = _("restated lines")

    def __str__(self):
        return f"{self.restatement} {self.salesman_id} {self.rule_code}"
