"""The field: outlets, products, visits, orders and their lines, shelf audits, and the metric
snapshot computed from them.

Field rows carry a business `date` (the Asia/Jakarta calendar day on which they happened), so a
month is a plain date range and never depends on the active time zone.
"""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from org.models import Channel, Salesman, Team, Territory


class Outlet(models.Model):
    code = models.CharField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    channel = models.CharField(_("channel"), max_length=2, choices=Channel.choices)
    type = models.CharField(
        _("type"), max_length=40, help_text=_("warung, toko, grosir, minimarket…")
    )
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outlets",
    )
    salesman = models.ForeignKey(
        Salesman,
        verbose_name=_("salesman"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outlets",
    )
    key_account = models.BooleanField(_("key account"), default=False)
    acquired_on = models.DateField(_("acquired on"), null=True, blank=True)
    acquired_by = models.ForeignKey(
        Salesman,
        verbose_name=_("acquired by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="acquired_outlets",
    )
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("outlet")
        verbose_name_plural = _("outlets")
        indexes = [
            models.Index(fields=["acquired_by", "acquired_on"]),
            models.Index(fields=["salesman", "active"]),
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"


class Product(models.Model):
    sku = models.CharField(_("SKU"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    category = models.CharField(_("category"), max_length=100, blank=True)
    new_product = models.BooleanField(_("new product"), default=False)

    class Meta:
        ordering = ["sku"]
        verbose_name = _("product")
        verbose_name_plural = _("products")

    def __str__(self):
        return f"{self.name} ({self.sku})"


class ProductGroup(models.Model):
    """An SKU group (focus, must-stock…): the products whose revenue and outlets the group
    metrics `revenue@G`, `outlets@G` and `numeric_distribution@G` count (docs/contracts.md).
    Set by the `products` import's `groups` column and on the groups page."""

    code = models.CharField(
        _("code"),
        max_length=30,
        unique=True,
        validators=[
            RegexValidator(
                r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
                _("letters, digits, - and _ only, starting with a letter or digit"),
            )
        ],
        help_text=_("as metrics name it: revenue@focus"),
    )
    name = models.CharField(_("name"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100, blank=True)
    products = models.ManyToManyField(
        Product, verbose_name=_("products"), related_name="groups", blank=True
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("SKU group")
        verbose_name_plural = _("SKU groups")

    def __str__(self):
        return self.code

    @property
    def label(self) -> str:
        """The name in the reader's language (the Indonesian one when no English is kept)."""
        english = (get_language() or "id").startswith("en")
        return (self.name_en if english and self.name_en else self.name) or self.code


class Visit(models.Model):
    visit_id = models.CharField(_("visit id"), max_length=60, unique=True)
    date = models.DateField(_("date"))
    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.PROTECT, related_name="visits"
    )
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="visits"
    )

    class Meta:
        ordering = ["-date", "visit_id"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [
            # A salesman's visits by outlet, in the order the metrics pass merges them with
            # his order lines (outlets/metrics.py); within a month's partition it serves his
            # visits of a date range as well.
            models.Index(fields=["salesman", "outlet", "date"], name="visit_outlet_scan"),
            # The API's keyset pages, newest first (spm/pagination.py)
            models.Index(fields=["date", "visit_id"], name="visit_keyset"),
        ]

    def __str__(self):
        return self.visit_id


class MonthStart(models.Func):
    """The first day of a date's month, written so that PostgreSQL can index it (the cast to
    `timestamp` keeps `date_trunc` immutable; without it PostgreSQL picks the time-zone aware
    variant, which an index may not hold)."""

    output_field = models.DateField()

    def as_sql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template="date(%(expressions)s, 'start of month')", **extra
        )

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(date_trunc('month', (%(expressions)s)::timestamp))::date",
            **extra,
        )


class OrderLine(models.Model):
    """One line of an order, as imported: order_no + sku is the key (docs/contracts.md `orders`
    kind).

    An order is the set of lines sharing an order_no; date, salesman and outlet repeat on each
    line, exactly as the import file carries them, so the metrics need no join to a header.
    A line with a negative quantity and amount is a return (docs/contracts.md).
    """

    order_no = models.CharField(_("order no"), max_length=60)
    date = models.DateField(_("date"))
    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.PROTECT, related_name="order_lines"
    )
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="order_lines"
    )
    product = models.ForeignKey(
        Product, verbose_name=_("product"), on_delete=models.PROTECT, related_name="order_lines"
    )
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=2)
    amount = models.DecimalField(_("amount"), max_digits=18, decimal_places=2)

    class Meta:
        ordering = ["-date", "order_no", "product_id"]
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        constraints = [
            models.UniqueConstraint(fields=["order_no", "product"], name="order_line_unique_sku"),
            # A return has a negative quantity and a negative amount: one sign per line, so
            # `amount < 0` is what marks a return in the metrics' SQL (the month index holds it).
            models.CheckConstraint(
                condition=models.Q(quantity__gte=0, amount__gte=0)
                | models.Q(quantity__lt=0, amount__lt=0),
                name="order_line_one_sign",
            ),
        ]
        indexes = [
            models.Index(fields=["salesman", "date"]),
            models.Index(fields=["outlet", "date"]),
            # The API's keyset pages, newest first (spm/pagination.py); also any date range
            models.Index(fields=["date", "order_no", "id"], name="order_line_keyset"),
            # The monthly metrics read a month's lines in (salesman, outlet, order) order from
            # this index alone (an index-only scan, no sort, no heap): one pass gives revenue,
            # orders, outlets, SKUs and order days per salesman and outlet. See
            # outlets/metrics.py and bench/README.md.
            models.Index(
                MonthStart("date"),
                F("salesman"),
                F("outlet"),
                F("order_no"),
                F("product"),
                include=["date", "amount"],
                name="order_line_month_scan",
            ),
        ]

    def __str__(self):
        return f"{self.order_no} / {self.product_id}"


class ShelfAudit(models.Model):
    audit_id = models.CharField(_("audit id"), max_length=60, unique=True)
    date = models.DateField(_("date"))
    salesman = models.ForeignKey(
        Salesman, verbose_name=_("salesman"), on_delete=models.PROTECT, related_name="shelf_audits"
    )
    outlet = models.ForeignKey(
        Outlet, verbose_name=_("outlet"), on_delete=models.PROTECT, related_name="shelf_audits"
    )
    planogram_compliance = models.DecimalField(
        _("planogram compliance (%)"), max_digits=5, decimal_places=2
    )
    osa = models.DecimalField(_("on-shelf availability (%)"), max_digits=5, decimal_places=2)
    share_of_shelf = models.DecimalField(_("share of shelf (%)"), max_digits=5, decimal_places=2)

    class Meta:
        ordering = ["-date", "audit_id"]
        verbose_name = _("shelf audit")
        verbose_name_plural = _("shelf audits")
        indexes = [
            models.Index(fields=["salesman", "date"]),
            # The API's keyset pages, newest first (spm/pagination.py)
            models.Index(fields=["date", "audit_id"], name="shelf_audit_keyset"),
        ]

    def __str__(self):
        return self.audit_id


def _metric_field(label: str):
    return models.DecimalField(label, max_digits=20, decimal_places=4, null=True, blank=True)


class MetricSnapshot(models.Model):
    """The metric snapshot of one salesman and month: one column per metric of the catalogue
    (`outlets.metrics.METRICS`), NULL when the metric has no data that month (a division by
    zero): the KPI row then shows "no data" and scores 0.

    One row per salesman and month rather than one per metric: the monthly close writes 2,000
    rows instead of 40,000, and with them 38,000 fewer foreign-key checks (≈ 0.45 s of the
    close, bench/README.md). `MetricValue` shows the same values one metric per row.
    """

    salesman = models.ForeignKey(
        Salesman,
        verbose_name=_("salesman"),
        on_delete=models.CASCADE,
        related_name="metric_snapshots",
        db_index=False,  # the unique (salesman, month) index starts with it
    )
    month = models.DateField(_("month"))
    revenue = _metric_field(_("revenue"))
    orders = _metric_field(_("orders"))
    aov = _metric_field(_("average order value"))
    active_outlets = _metric_field(_("active outlets"))
    new_outlets = _metric_field(_("new outlets"))
    visits = _metric_field(_("visits"))
    field_days = _metric_field(_("field days"))
    visits_per_day = _metric_field(_("visits per day"))
    productive_calls = _metric_field(_("productive calls"))
    hit_rate = _metric_field(_("hit rate"))
    distribution_points = _metric_field(_("distribution points"))
    sku_per_outlet = _metric_field(_("SKUs per outlet"))
    repeat_order_ratio = _metric_field(_("repeat-order ratio"))
    revenue_growth_mom = _metric_field(_("revenue growth MoM"))
    revenue_growth_yoy = _metric_field(_("revenue growth YoY"))
    new_product_listings = _metric_field(_("new-product listings"))
    planogram_compliance = _metric_field(_("planogram compliance"))
    osa = _metric_field(_("on-shelf availability"))
    share_of_shelf = _metric_field(_("share of shelf"))
    oos_rate = _metric_field(_("out-of-stock rate"))
    lines_per_call = _metric_field(_("lines per call"))
    outlet_coverage = _metric_field(_("outlet coverage"))
    as_of = models.DateField(
        _("as of"),
        null=True,
        blank=True,
        help_text=_("the last day the values cover: the month to date, or the month's end"),
    )
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["month", "salesman_id"]
        verbose_name = _("metric snapshot")
        verbose_name_plural = _("metric snapshots")
        constraints = [
            models.UniqueConstraint(fields=["salesman", "month"], name="metric_snapshot_unique")
        ]
        # A month's rows, and the API's keyset pages of `MetricValue` (newest month first, then
        # by salesman: spm.pagination.MetricValuePages), read in this order from each branch
        # of the view and merged.
        indexes = [models.Index(fields=["month", "salesman"], name="metric_snapshot_month")]

    def __str__(self):
        return f"{self.salesman_id} {self.month:%Y-%m}"


class MetricValue(models.Model):
    """One value of a metric snapshot: salesman, month, metric, value. A database view over
    `MetricSnapshot` (one row per column; see the migration that creates it), read by the pages,
    the API and the KPI and OKR readers; written only through `MetricSnapshot`.
    """

    id = models.BigIntegerField(primary_key=True)
    salesman = models.ForeignKey(
        Salesman,
        verbose_name=_("salesman"),
        on_delete=models.DO_NOTHING,
        related_name="metric_values",
        db_constraint=False,
    )
    month = models.DateField(_("month"))
    metric = models.CharField(_("metric"), max_length=64)
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        managed = False
        db_table = "outlets_metricvalue"
        ordering = ["month", "salesman_id", "metric"]
        verbose_name = _("metric value")
        verbose_name_plural = _("metric values")

    def __str__(self):
        return f"{self.salesman_id} {self.month:%Y-%m} {self.metric}={self.value}"


class GroupMetricValue(models.Model):
    """The group metrics of one salesman, month and SKU group (groups come and go, so a row per
    group rather than a column): net revenue of the group's SKUs, active outlets that bought one
    of them, and numeric distribution = outlets / active outlets × 100 (NULL: no active outlet).
    `MetricValue` shows them as `revenue@G`, `outlets@G`, `numeric_distribution@G`."""

    salesman = models.ForeignKey(
        Salesman,
        verbose_name=_("salesman"),
        on_delete=models.CASCADE,
        related_name="group_metric_values",
        db_index=False,  # the unique (salesman, month, group) index starts with it
    )
    month = models.DateField(_("month"))
    group = models.ForeignKey(
        ProductGroup, verbose_name=_("SKU group"), on_delete=models.CASCADE, related_name="values"
    )
    revenue = _metric_field(_("revenue"))
    outlets = _metric_field(_("outlets"))
    numeric_distribution = _metric_field(_("numeric distribution"))
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["month", "salesman_id", "group_id"]
        verbose_name = _("group metric value")
        verbose_name_plural = _("group metric values")
        constraints = [
            models.UniqueConstraint(
                fields=["salesman", "month", "group"], name="group_metric_unique"
            )
        ]
        indexes = [models.Index(fields=["month", "salesman"], name="group_metric_month")]

    def __str__(self):
        return f"{self.salesman_id} {self.month:%Y-%m} {self.group_id}"


class TeamMetricValue(models.Model):
    """Team aggregates of the catalogue for supervisors and managers (same rules as above)."""

    team = models.ForeignKey(
        Team,
        verbose_name=_("team"),
        on_delete=models.CASCADE,
        related_name="metric_values",
        db_index=False,  # the unique (team, month, metric) index starts with it
    )
    month = models.DateField(_("month"))
    metric = models.CharField(_("metric"), max_length=64)  # group metrics: revenue@focus
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        ordering = ["month", "team_id", "metric"]
        verbose_name = _("team metric value")
        verbose_name_plural = _("team metric values")
        constraints = [
            models.UniqueConstraint(fields=["team", "month", "metric"], name="team_metric_unique")
        ]

    def __str__(self):
        return f"{self.team_id} {self.month:%Y-%m} {self.metric}={self.value}"


class ImportJob(models.Model):
    """One uploaded import file run by a Celery task (outlets/imports/jobs.py), its progress and
    its outcome. The file lives under MEDIA_ROOT/imports/<path> until the job ends, whatever the
    end; only a clean dry run of the upload page keeps it, to be confirmed (status `checked`).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        CHECKED = "checked", _("checked, waiting for confirmation")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")
        FAILED = "failed", _("failed")

    ENDED = (Status.DONE, Status.REFUSED, Status.FAILED)

    kind = models.CharField(_("kind"), max_length=40)
    file_name = models.CharField(_("file name"), max_length=255, help_text=_("as uploaded"))
    path = models.CharField(
        _("stored file"),
        max_length=64,
        blank=True,
        help_text=_("its name under MEDIA_ROOT/imports; blank once deleted"),
    )
    dry_run = models.BooleanField(_("dry run"), default=False)
    late = models.BooleanField(
        _("late data"),
        default=False,
        help_text=_("Rows dated in locked months are taken and recorded as late data"),
    )
    awaits_confirmation = models.BooleanField(
        _("awaits confirmation"),
        default=False,
        help_text=_("the upload page's dry run: a clean file waits to be confirmed"),
    )
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    rows_processed = models.PositiveIntegerField(_("rows processed"), default=0)
    rows_total = models.PositiveIntegerField(
        _("rows in the file"), null=True, blank=True, help_text=_("as announced or counted")
    )
    result = models.JSONField(
        _("result"),
        null=True,
        blank=True,
        help_text=_("the report (counts and every bad row), or a message when refused whole"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    language = models.CharField(
        _("language"), max_length=8, blank=True, help_text=_("the report's language")
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("import job")
        verbose_name_plural = _("import jobs")

    def __str__(self):
        return f"{self.kind} {self.file_name} ({self.status})"

    @property
    def ended(self) -> bool:
        return self.status in self.ENDED

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)


class FieldDataStamp(models.Model):
    """When a month's field data last changed: an import that stored rows dated in it (late or
    not) committed, the demo rebuilt it, or an order line was saved or deleted one by one (the
    admin). What is computed from a month's order lines and cached (the team overview's Pareto)
    carries the stamp in its key, so it stays valid until the data change (outlets/stamps.py).
    A month with no stamp has not changed since the stamps began: its key says "none"."""

    month = models.DateField(_("month"), unique=True)
    changed_at = models.DateTimeField(_("changed at"))

    class Meta:
        verbose_name = _("field data stamp")
        verbose_name_plural = _("field data stamps")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(month__day=1), name="outlets_field_stamp_month_day_1"
            )
        ]

    def __str__(self):
        return f"{self.month:%Y-%m} {self.changed_at.isoformat()}"
