"""People and structure: users with roles, teams per channel, territories, the sales force."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    SALESMAN = "salesman", _("Salesman")
    SUPERVISOR = "supervisor", _("Supervisor")
    MANAGER = "manager", _("Manager")
    HR = "hr", _("HR")
    ADMIN = "admin", _("Admin")


class Channel(models.TextChoices):
    GT = "GT", _("General Trade")
    MT = "MT", _("Modern Trade")


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.SALESMAN)

    def __str__(self):
        return self.get_full_name() or self.username


class Territory(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("territory")
        verbose_name_plural = _("territories")

    def __str__(self):
        return self.name


class Team(models.Model):
    name = models.CharField(_("name"), max_length=100, unique=True)
    channel = models.CharField(_("channel"), max_length=2, choices=Channel.choices)
    supervisor = models.ForeignKey(
        User,
        verbose_name=_("supervisor"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="supervised_teams",
    )
    manager = models.ForeignKey(
        User,
        verbose_name=_("manager"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="managed_teams",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("team")
        verbose_name_plural = _("teams")

    def __str__(self):
        return self.name


class Salesman(models.Model):
    """A member of the sales force with a code: salesman, supervisor or manager.

    Supervisors and managers have scorecards too (docs/domain.md), so they share this profile; the
    role itself lives on the user. HR and admin users have no profile.
    """

    user = models.OneToOneField(User, on_delete=models.CASCADE, related_name="salesman")
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150)
    channel = models.CharField(_("channel"), max_length=2, choices=Channel.choices)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="salesmen",
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1)
    active = models.BooleanField(_("active"), default=True)
    reports_to = models.ForeignKey(
        "self",
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reports",
    )
    # People over time (docs/contracts.md "People over time"): team, channel, reports_to and the
    # user's role above are the *current* assignment, kept by org/assignments.py; the dated
    # history is `Assignment`. No joined_on = there since before the first month on record.
    employee_id = models.CharField(_("employee number"), max_length=40, blank=True)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("salesman")
        verbose_name_plural = _("salesmen")
        indexes = [models.Index(fields=["team", "active"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(joined_on__isnull=True)
                | models.Q(left_on__isnull=True)
                | models.Q(joined_on__lte=models.F("left_on")),
                name="salesman_left_on_after_joined_on",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    @property
    def role(self) -> str:
        return self.user.role


class Assignment(models.Model):
    """Where a person stood from `start` to `end` (both included; `start` None = from the
    beginning, `end` None = still in force): his team, role, channel and whom he reported to.
    Written only by org/assignments.py; the periods of one person never overlap."""

    salesman = models.ForeignKey(
        Salesman,
        verbose_name=_("salesman"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    start = models.DateField(_("from"), null=True, blank=True)
    end = models.DateField(_("until"), null=True, blank=True)
    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    channel = models.CharField(_("channel"), max_length=2, choices=Channel.choices)
    reports_to = models.ForeignKey(
        Salesman,
        verbose_name=_("reports to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["salesman", "start"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        indexes = [models.Index(fields=["team", "start", "end"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(start__isnull=True)
                | models.Q(end__isnull=True)
                | models.Q(start__lte=models.F("end")),
                name="assignment_start_before_end",
            )
        ]

    def __str__(self):
        return f"{self.salesman_id}: {self.team_id} {self.start or '…'}–{self.end or '…'}"


class Period(models.Model):
    """A business month (Asia/Jakarta). Locked once its payout run is locked; then nothing
    dated in it may change (imports, targets, scorecards, runs)."""

    month = models.DateField(_("month"), unique=True, help_text=_("First day of the month"))
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    locked_by = models.ForeignKey(
        User,
        verbose_name=_("locked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        ordering = ["-month"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="period_month_is_first_day"
            )
        ]

    def __str__(self):
        return self.month.strftime("%Y-%m")

    @property
    def is_locked(self) -> bool:
        return self.locked_at is not None


class AuditEntry(models.Model):
    """Who changed what, when: before and after, as JSON. Written by services, never by views.

    Append-only: the database refuses to update or delete a row (org/migrations/
    0003_audit_append_only.py), so a user who acted cannot be deleted (PROTECT; deactivate him)
    rather than have his entries rewritten."""

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=60)
    object_type = models.CharField(_("object type"), max_length=60)
    object_id = models.CharField(_("object id"), max_length=60)
    object_repr = models.CharField(_("object"), max_length=200)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")
        indexes = [models.Index(fields=["object_type", "object_id"])]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class CompanyDayOff(models.Model):
    """A company day off (cuti bersama, a company event) on top of Indonesia's public holidays,
    or, with `working`, a public holiday the company works (the day counts as a working day).
    Read through `org.calendar`; the working-day rules are `spm.workdays`'."""

    date = models.DateField(_("date"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    working = models.BooleanField(
        _("working day"),
        default=False,
        help_text=_("Ticked: the company works on this public holiday"),
    )
    created_by = models.ForeignKey(
        User,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("company day off")
        verbose_name_plural = _("company days off")

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.name}"


class LateChange(models.Model):
    """Data that arrived for a month after it was locked (a late import, a corrected target or
    actual), one row per import and month: who, when, what. The next close of an open month
    restates the locked month from it (incentives/corrections/); the locked run never changes."""

    month = models.DateField(_("month"), help_text=_("First day of the locked month"))
    kind = models.CharField(_("kind"), max_length=40)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    source = models.CharField(_("source"), max_length=200, blank=True)
    by = models.ForeignKey(
        User,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    # Whose figures the late rows can change (ids of salesmen, and the outlets of the rows, for
    # the new product listings credited to whoever ordered first at an outlet); None: anyone —
    # the restatement then recomputes the whole month (incentives/corrections/restatement.py).
    salesmen = models.JSONField(_("salesmen"), null=True, blank=True)
    outlets = models.JSONField(_("outlets"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("late change")
        verbose_name_plural = _("late changes")
        indexes = [models.Index(fields=["month", "at"])]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.kind} {self.rows}"
