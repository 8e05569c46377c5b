"""Leaderboards, badges and levels as data (docs/contracts.md "Gamification document"), their
published snapshots and awards, each salesman's level history and the month's team battle.

Imported by `kpi.models`, so the tables belong to the `kpi` app and its migrations.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from org.models import Channel, Salesman

from .document import display_name


class Scope(models.TextChoices):
    TEAM = "team", _("Team")
    CHANNEL = "channel", _("Channel")
    ALL = "all", _("Everyone")


class Window(models.TextChoices):
    WEEK = "week", _("Week (Monday to Sunday)")
    MONTH = "month", _("Month")


class _Named(models.Model):
    """A code and a name kept as given: a text or {"id": …, "en": …}."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.JSONField(_("name"))
    measure = models.CharField(_("measure"), max_length=80)
    window = models.CharField(_("window"), max_length=5, choices=Window.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    active = models.BooleanField(_("active"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True
        ordering = ["position", "code"]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name(self.name, get_language()) or self.code


class Board(_Named):
    scope = models.CharField(_("scope"), max_length=7, choices=Scope.choices)
    applies_role = models.CharField(_("applies to role"), max_length=20, default="salesman")
    applies_channel = models.CharField(
        _("applies to channel"), max_length=2, choices=Channel.choices, blank=True
    )

    class Meta(_Named.Meta):
        verbose_name = _("leaderboard")
        verbose_name_plural = _("leaderboards")


class Badge(_Named):
    icon = models.CharField(_("icon"), max_length=30, default="star")
    award = models.JSONField(_("award"))

    class Meta(_Named.Meta):
        verbose_name = _("badge")
        verbose_name_plural = _("badges")


class LevelScheme(models.Model):
    """The one level scheme (row id 1): measure, look-back months and thresholds as given."""

    measure = models.CharField(_("measure"), max_length=80, default="total_score")
    months = models.PositiveSmallIntegerField(_("months"), default=3)
    thresholds = models.JSONField(_("thresholds"), default=list)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("level scheme")
        verbose_name_plural = _("level schemes")

    def __str__(self):
        return f"levels over {self.months} months"


class BoardSnapshot(models.Model):
    """A board as published for one date, never changed once stored (`stamp` blank); or the
    live board as of a date as the month's refresh `stamp` computed it, replaced by the next
    refresh's (`kpi.dashboard_parts.publish_month`): the pages read a page of its entries from
    the database instead of the whole board (16,000 people on a national channel board)."""

    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="snapshots")
    as_of = models.DateField(_("as of"))
    window_start = models.DateField(_("window start"))
    window_end = models.DateField(_("window end"))
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    stamp = models.CharField(_("refresh"), max_length=40, blank=True, default="")

    class Meta:
        ordering = ["board", "-as_of"]
        verbose_name = _("leaderboard snapshot")
        verbose_name_plural = _("leaderboard snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["board", "as_of", "stamp"], name="kpi_board_snapshot_unique"
            )
        ]

    def __str__(self):
        return f"{self.board.code} {self.as_of}"


class BoardEntry(models.Model):
    snapshot = models.ForeignKey(BoardSnapshot, on_delete=models.CASCADE, related_name="entries")
    salesman = models.ForeignKey(Salesman, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveIntegerField(_("position"))
    rank = models.PositiveIntegerField(_("rank"), null=True)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True)
    movement = models.IntegerField(_("movement"), null=True)
    team_name = models.CharField(_("team"), max_length=100, blank=True)
    channel = models.CharField(_("channel"), max_length=2, blank=True)

    class Meta:
        ordering = ["snapshot", "position"]
        constraints = [
            models.UniqueConstraint(fields=["snapshot", "salesman"], name="kpi_board_entry_unique")
        ]
        # a page of a board in rank order reads its rows in this order (no sort of the board)
        indexes = [models.Index(fields=["snapshot", "position"], name="kpi_board_entry_page")]


class BadgeAward(models.Model):
    badge = models.ForeignKey(Badge, on_delete=models.CASCADE, related_name="awards")
    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.CASCADE, related_name="badges"
    )
    window_start = models.DateField(_("from"))
    window_end = models.DateField(_("to"))
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4)
    awarded_at = models.DateTimeField(_("awarded at"), auto_now_add=True)

    class Meta:
        ordering = ["-window_end", "badge__position", "salesman__code"]
        verbose_name = _("badge award")
        verbose_name_plural = _("badge awards")
        constraints = [
            models.UniqueConstraint(
                fields=["badge", "salesman", "window_start", "window_end"],
                name="kpi_badge_award_once",
            )
        ]


class LevelSource(models.TextChoices):
    AUTOMATIC = "automatic", _("Automatic (at the close)")
    MANUAL = "manual", _("Set by a manager")
    IMPORT = "import", _("Salesmen import")


class SalesmanLevel(models.Model):
    """A salesman's level in force from `month` on (until a later row)."""

    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.CASCADE, related_name="levels"
    )
    month = models.DateField(_("from month"))
    level = models.PositiveSmallIntegerField(_("level"))
    source = models.CharField(_("source"), max_length=9, choices=LevelSource.choices)
    mean_score = models.DecimalField(
        _("mean score"), max_digits=20, decimal_places=2, null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["salesman", "-month", "-recorded_at"]
        verbose_name = _("salesman level")
        verbose_name_plural = _("salesman levels")
        constraints = [
            models.UniqueConstraint(
                fields=["salesman", "month", "source"], name="kpi_salesman_level_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="kpi_salesman_level_month_day_1"
            ),
        ]

    def __str__(self):
        return f"{self.salesman_id} {self.month:%Y-%m}: {self.level} ({self.source})"


class BattleResult(models.Model):
    """The month's GT vs MT battle, recorded at the close."""

    month = models.DateField(_("month"), unique=True)
    channels = models.JSONField(_("channels"), default=list)
    teams = models.JSONField(_("teams"), default=list)
    winner = models.CharField(_("winner"), max_length=2, blank=True)
    recorded_at = models.DateTimeField(_("recorded"), auto_now=True)

    class Meta:
        ordering = ["-month"]
        verbose_name = _("team battle")
        verbose_name_plural = _("team battles")

    def __str__(self):
        return f"{self.month:%Y-%m}: {self.winner or '–'}"
