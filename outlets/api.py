"""The field's read API (/api/v1/outlets/, /products/, /visits/, /orders/, /audits/,
/metrics/, /team-metrics/). Every viewset starts from `outlets.selectors` (so from
`org.visibility`): lists hold only the caller's scope, anything outside it answers 404."""

from rest_framework import viewsets

from spm.pagination import (
    MetricValuePages,
    OrderLinePages,
    OutletPages,
    ShelfAuditPages,
    VisitPages,
)

from .filters import (
    AuditApiFilter,
    MetricValueApiFilter,
    OrderLineApiFilter,
    OutletApiFilter,
    TeamMetricValueApiFilter,
    VisitApiFilter,
)
from .models import Product
from .selectors import (
    audits_visible_to,
    metric_values_visible_to,
    order_lines_visible_to,
    outlets_visible_to,
    team_metric_values_visible_to,
    visits_visible_to,
)
from .serializers import (
    MetricValueSerializer,
    OrderLineSerializer,
    OutletSerializer,
    ProductSerializer,
    ShelfAuditSerializer,
    TeamMetricValueSerializer,
    VisitSerializer,
)


class OutletViewSet(viewsets.ReadOnlyModelViewSet):
    """Outlets whose salesman is in the caller's scope, by code, a page at a time (keyset
    pagination: `next` holds the cursor)."""

    serializer_class = OutletSerializer
    pagination_class = OutletPages
    filterset_class = OutletApiFilter
    lookup_field = "code"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return outlets_visible_to(self.request.user)


class ProductViewSet(viewsets.ReadOnlyModelViewSet):
    """The product catalogue (SKUs): the same for everyone signed in."""

    serializer_class = ProductSerializer
    queryset = Product.objects.order_by("sku")
    filterset_fields = ["category", "new_product"]
    lookup_field = "sku"
    lookup_value_regex = "[^/]+"


class VisitViewSet(viewsets.ReadOnlyModelViewSet):
    """Visits, newest first, a page at a time (keyset pagination: `next` holds the cursor)."""

    serializer_class = VisitSerializer
    pagination_class = VisitPages
    filterset_class = VisitApiFilter
    lookup_field = "visit_id"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return visits_visible_to(self.request.user)


class OrderLineViewSet(viewsets.ReadOnlyModelViewSet):
    """Order lines (one row per order_no + SKU; an order is the lines sharing an order_no),
    newest first, a page at a time (keyset pagination: `next` holds the cursor)."""

    serializer_class = OrderLineSerializer
    pagination_class = OrderLinePages
    filterset_class = OrderLineApiFilter

    def get_queryset(self):
        return order_lines_visible_to(self.request.user)


class ShelfAuditViewSet(viewsets.ReadOnlyModelViewSet):
    """Shelf audits, newest first, a page at a time (keyset pagination)."""

    serializer_class = ShelfAuditSerializer
    pagination_class = ShelfAuditPages
    filterset_class = AuditApiFilter
    lookup_field = "audit_id"
    lookup_value_regex = "[^/]+"

    def get_queryset(self):
        return audits_visible_to(self.request.user)


class MetricValueViewSet(viewsets.ReadOnlyModelViewSet):
    """The metric snapshot per salesman and month (value null = no data)."""

    serializer_class = MetricValueSerializer
    filterset_class = MetricValueApiFilter
    pagination_class = MetricValuePages

    def get_queryset(self):
        return metric_values_visible_to(self.request.user).order_by("-month", "salesman", "metric")


class TeamMetricValueViewSet(viewsets.ReadOnlyModelViewSet):
    """Team aggregates, for supervisors, managers, HR and admin (their teams)."""

    serializer_class = TeamMetricValueSerializer
    filterset_class = TeamMetricValueApiFilter

    def get_queryset(self):
        return team_metric_values_visible_to(self.request.user).order_by("-month", "team", "metric")
