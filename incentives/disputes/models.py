"""Disputes on a payout statement or one of its lines (docs/contracts.md "Disputes").

A dispute names the salesman, the month and, optionally, the rule of the line (`rule_code`):
never the `PayoutLine` row itself, since a re-close of a draft month replaces its lines. It is
written only by `incentives.disputes.services`; its model lives here and is imported by
`incentives.models` so the app owns it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DisputeStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class Dispute(models.Model):
    salesman = models.ForeignKey(
        "org.Salesman", verbose_name=_("salesman"), on_delete=models.PROTECT, related_name="+"
    )
    month = models.DateField(_("month"), help_text=_("First day of the month"))
    rule_code = models.CharField(_("rule"), max_length=60, blank=True)
    line_label = models.CharField(_("line"), max_length=200, blank=True)
    line_amount = models.DecimalField(
        _("amount of the line"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    message = models.TextField(_("message"))
    status = models.CharField(
        _("status"), max_length=10, choices=DisputeStatus.choices, default=DisputeStatus.OPEN
    )
    raised_at = models.DateTimeField(_("raised at"), auto_now_add=True)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("resolved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    resolution_note = models.TextField(_("note"), blank=True)
    amount = models.DecimalField(
        _("amount"), max_digits=18, decimal_places=0, null=True, blank=True
    )
    adjustment = models.OneToOneField(
        "incentives.Adjustment",
        verbose_name=_("adjustment"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="dispute",
    )

    class Meta:
        app_label = "incentives"
        ordering = ["-raised_at", "-id"]
        verbose_name = _("dispute")
        verbose_name_plural = _("disputes")
        indexes = [
            models.Index(fields=["status", "raised_at"]),
            models.Index(fields=["salesman", "month"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="dispute_month_is_first_day"
            ),
            models.CheckConstraint(
                condition=~models.Q(status="accepted") | models.Q(amount__isnull=False),
                name="dispute_accepted_has_amount",
            ),
        ]

    def __str__(self):
        line = f" {self.rule_code}" if self.rule_code else ""
        return f"#{self.pk} {self.salesman.code} {self.month:%Y-%m}{line}"

    @property
    def period(self) -> str:
        return f"{self.month:%Y-%m}"

    @property
    def is_open(self) -> bool:
        return self.status == DisputeStatus.OPEN


class DisputeComment(models.Model):
    dispute = models.ForeignKey(Dispute, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("author"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    message = models.TextField(_("message"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        app_label = "incentives"
        ordering = ["created_at", "id"]
        verbose_name = _("dispute comment")
        verbose_name_plural = _("dispute comments")

    def __str__(self):
        return f"#{self.dispute_id} {self.author_id}"
