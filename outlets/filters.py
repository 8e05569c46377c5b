import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.filters import BootstrapFilterSet
from org.models import Channel, Salesman, Territory
from spm.fields import SalesmanSearchInput
from spm.filters import MonthFilter

from .models import MetricValue, OrderLine, Outlet, ShelfAudit, TeamMetricValue, Visit


class OutletFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=Channel.choices)
    territory = django_filters.ModelChoiceFilter(
        label=_("territory"), queryset=Territory.objects.all()
    )
    # A code typed with suggestions (issue 17), checked against the scope.
    salesman = django_filters.ModelChoiceFilter(
        label=_("salesman"),
        queryset=Salesman.objects.none(),
        to_field_name="code",
        widget=SalesmanSearchInput(attrs={"class": "form-control form-control-sm"}),
    )
    key_account = django_filters.BooleanFilter(label=_("key account"))
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Outlet
        fields = ["q", "channel", "territory", "salesman", "key_account", "active"]

    def __init__(self, *args, salesmen=None, **kwargs):
        super().__init__(*args, **kwargs)
        if salesmen is not None:
            self.filters["salesman"].queryset = salesmen

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


# --- API filters: people and outlets by code, months as YYYY-MM ---------------------------------


class OutletApiFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", help_text="code or name contains")
    channel = django_filters.ChoiceFilter(choices=Channel.choices)
    territory = django_filters.CharFilter(field_name="territory__name")
    salesman = django_filters.CharFilter(field_name="salesman__code", help_text="salesman code")
    key_account = django_filters.BooleanFilter()
    active = django_filters.BooleanFilter()

    class Meta:
        model = Outlet
        fields = ["q", "channel", "territory", "salesman", "key_account", "active"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class VisitApiFilter(django_filters.FilterSet):
    salesman = django_filters.CharFilter(field_name="salesman__code", help_text="salesman code")
    outlet = django_filters.CharFilter(field_name="outlet__code", help_text="outlet code")
    month = MonthFilter(field_name="date", help_text="YYYY-MM")
    date_from = django_filters.DateFilter(field_name="date", lookup_expr="gte")
    date_to = django_filters.DateFilter(field_name="date", lookup_expr="lte")

    class Meta:
        model = Visit
        fields = ["salesman", "outlet", "month", "date_from", "date_to"]


class OrderLineApiFilter(VisitApiFilter):
    order_no = django_filters.CharFilter()
    sku = django_filters.CharFilter(field_name="product__sku")

    class Meta:
        model = OrderLine
        fields = ["order_no", "salesman", "outlet", "sku", "month", "date_from", "date_to"]


class AuditApiFilter(VisitApiFilter):
    class Meta:
        model = ShelfAudit
        fields = ["salesman", "outlet", "month", "date_from", "date_to"]


class MetricValueApiFilter(django_filters.FilterSet):
    salesman = django_filters.CharFilter(field_name="salesman__code", help_text="salesman code")
    month = MonthFilter(field_name="month", help_text="YYYY-MM")
    metric = django_filters.CharFilter()

    class Meta:
        model = MetricValue
        fields = ["salesman", "month", "metric"]


class TeamMetricValueApiFilter(django_filters.FilterSet):
    team = django_filters.NumberFilter(field_name="team_id")
    month = MonthFilter(field_name="month", help_text="YYYY-MM")
    metric = django_filters.CharFilter()

    class Meta:
        model = TeamMetricValue
        fields = ["team", "month", "metric"]
