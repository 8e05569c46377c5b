"""Payout runs and statements over the API, with the same scoping as the pages:

- `/api/v1/payout-runs/` (managers: their people's lines; HR, admin: all), detail by period
  `YYYY-MM` with its lines; actions `approve`, `lock`, `adjustments`, `export`; `close` queues
  a month's close.
- `/api/v1/statements/<code>/`: the months a salesman has a statement in (past months, newest
  first, with status and total); `/api/v1/statements/<code>/<YYYY-MM>/`: one month's statement.
  Both for himself, his supervisor or manager, HR, admin; anyone else 404.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from incentives import tasks
from incentives.disputes.selectors import dispute_summaries
from incentives.models import PayoutLine, PayoutRun
from incentives.payouts import export, services
from incentives.payouts.review import review_data, review_run
from incentives.payouts.selectors import (
    run_for_user,
    run_or_404,
    run_statement_rows,
    runs_visible_to,
    salesman_for_statement,
    statement_months,
    statement_or_404,
    with_lines,
)
from org import policy
from org.models import Salesman
from org.periods import MonthLocked
from org.visibility import salesmen_visible_to
from spm.api_fields import MonthField
from spm.pagination import NumberedPages, page_parameters
from spm.schema import CONFLICT, FORBIDDEN, UNAVAILABLE, DetailSerializer


class PayoutLineSerializer(serializers.ModelSerializer):
    salesman = serializers.CharField(source="salesman.code", read_only=True)
    rule = serializers.CharField(source="rule_code", read_only=True)
    plan = serializers.CharField(source="plan_code", read_only=True)
    explanation_localized = serializers.CharField(
        source="explained",
        read_only=True,
        default="",
        help_text="the explanation in the request's language (explanation: the engine's text)",
    )
    reached_localized = serializers.CharField(
        source="reached_text", read_only=True, default="", help_text="reached, localized"
    )

    class Meta:
        model = PayoutLine
        fields = [
            "salesman",
            "plan",
            "rule",
            "label",
            "type",
            "basis",
            "kpi",
            "value",
            "reached",
            "multiplier",
            "amount",
            "reward",
            "explanation",
            "explanation_localized",
            "reached_localized",
        ]


class PayoutRunSerializer(serializers.ModelSerializer):
    period = serializers.CharField(read_only=True)
    total = serializers.DecimalField(max_digits=18, decimal_places=0, read_only=True)
    people = serializers.IntegerField(read_only=True)
    approved_people = serializers.IntegerField(
        read_only=True, help_text="how many of those people's statements are approved"
    )
    line_count = serializers.IntegerField(read_only=True)
    approved_by = serializers.CharField(
        source="approved_by.username", default=None, allow_null=True
    )
    locked_by = serializers.CharField(source="locked_by.username", default=None, allow_null=True)

    class Meta:
        model = PayoutRun
        fields = [
            "period",
            "status",
            "total",
            "people",
            "approved_people",
            "line_count",
            "computed_at",
            "approved_at",
            "approved_by",
            "locked_at",
            "locked_by",
        ]


class StatementSerializer(serializers.Serializer):
    salesman = serializers.CharField()
    name = serializers.CharField()
    period = serializers.CharField()
    status = serializers.CharField()
    plan = serializers.CharField()
    team = serializers.CharField()
    channel = serializers.CharField()
    total_score = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    total = serializers.DecimalField(max_digits=18, decimal_places=0)
    rewards = serializers.ListField(child=serializers.CharField())
    lines = PayoutLineSerializer(many=True)
    approved_at = serializers.DateTimeField(allow_null=True, help_text="when it was approved")
    approved_by = serializers.CharField(allow_null=True, help_text="who approved it (username)")


def _statement_data(view) -> dict:
    statement = view.statement
    return {
        "salesman": view.salesman.code,
        "name": view.salesman.name,
        "period": view.run.period,
        "status": view.run.status,
        "plan": statement.plan_code if statement else "",
        "team": statement.team_name if statement else "",
        "channel": statement.channel if statement else "",
        "total_score": statement.total_score if statement else None,
        "total": view.total,
        "rewards": view.rewards,
        "lines": view.lines,
        "approved_at": statement.approved_at if statement else None,
        "approved_by": (
            statement.approved_by.username if statement and statement.approved_by else None
        ),
    }


class StatementPages(NumberedPages):
    """The run detail's statements, a page at a time (`people` is how many there are)."""


class ReviewChangePages(NumberedPages):
    """The review's people and their changes, a page at a time, the largest change first
    (`people` is how many)."""


class PayoutRunDetailSerializer(PayoutRunSerializer):
    to_approve = serializers.IntegerField(
        read_only=True, help_text="statements waiting for the caller's approval"
    )
    next = serializers.URLField(allow_null=True, help_text="the next page of statements")
    previous = serializers.URLField(allow_null=True, help_text="the previous page of statements")
    statements = StatementSerializer(many=True, read_only=True)

    class Meta(PayoutRunSerializer.Meta):
        fields = [*PayoutRunSerializer.Meta.fields, "to_approve", "next", "previous", "statements"]


class AdjustmentInputSerializer(serializers.Serializer):
    salesman = serializers.CharField(help_text="the salesman's code")
    amount = serializers.IntegerField(help_text="whole Rupiah; negative deducts")
    reason = serializers.CharField(max_length=300)


class AdjustmentOutputSerializer(serializers.Serializer):
    period = serializers.CharField(help_text="the run the adjustment went into")
    salesman = serializers.CharField()
    amount = serializers.IntegerField()
    reason = serializers.CharField()


class ConfirmInputSerializer(serializers.Serializer):
    confirm = serializers.CharField(
        help_text="required: true, or the run's month (YYYY-MM); approving and locking pay "
        "people, and a lock is never undone"
    )


def _unconfirmed(request, run) -> Response | None:
    """400 naming `confirm` unless the body confirms this run (true, or its YYYY-MM)."""
    value = request.data.get("confirm") if hasattr(request.data, "get") else None
    if value is True or str(value).strip().lower() in {"true", "yes", "1", run.period}:
        return None
    message = (
        f'Confirm with "confirm": true (or the run\'s month, "{run.period}").'
        if value in (None, "", False)
        else f"This confirms {value}, not the run of {run.period}."
    )
    return Response({"confirm": [message]}, status=status.HTTP_400_BAD_REQUEST)


class CloseInputSerializer(serializers.Serializer):
    month = MonthField(help_text="YYYY-MM")


def _domain_error(exc) -> Response:
    return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)


class PayoutRunViewSet(viewsets.ReadOnlyModelViewSet):
    """Payout runs by month; managers see their people's lines only; others 404."""

    serializer_class = PayoutRunSerializer
    lookup_field = "period"
    lookup_value_regex = r"\d{4}-\d{2}"
    filterset_fields = ["status"]

    def get_queryset(self):
        return runs_visible_to(self.request.user)

    def get_object(self):
        return run_or_404(self.request.user, self.kwargs["period"])

    @extend_schema(
        parameters=page_parameters(StatementPages, "statements"),
        responses=PayoutRunDetailSerializer,
    )
    def retrieve(self, request, *args, **kwargs):
        """The run with one page of its statements (by salesman code), each with its lines:
        the lines of the page only are loaded, so the cost is the same for 20 or 20,000
        salesmen; `next` / `previous` link the neighbouring pages."""
        run, access = run_for_user(request.user, self.kwargs["period"])
        data = PayoutRunSerializer(run).data
        data["to_approve"] = access.to_approve
        pages = StatementPages()
        statements = pages.paginate_queryset(
            run_statement_rows(request.user, run), request, view=self
        )
        data["next"] = pages.get_next_link()
        data["previous"] = pages.get_previous_link()
        # One serializer for the page (many=True): its fields are built once, not once a
        # statement (50 ModelSerializers built their fields in 0.5 s of a 0.9 s page).
        data["statements"] = StatementSerializer(
            [_statement_data(view) for view in with_lines(request.user, run, statements)],
            many=True,
        ).data
        return Response(data)

    def _transition(self, request, service, may):
        run = self.get_object()
        # Who may not act hears 403 from the service; who may, must confirm first.
        if may(request.user) and (refused := _unconfirmed(request, run)) is not None:
            return refused
        try:
            service(run=run, by=request.user)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except (services.PayoutError, MonthLocked) as exc:
            return _domain_error(exc)
        return Response(PayoutRunSerializer(run_or_404(request.user, run.period)).data)

    @extend_schema(
        request=ConfirmInputSerializer,
        responses={
            200: PayoutRunSerializer,
            400: OpenApiTypes.OBJECT,
            403: FORBIDDEN,
            409: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, period=None):
        """Approve the caller's people: the statements he sees (not his own) that wait for an
        approval. The run turns approved when its last statement is (managers, admin). Needs
        `{"confirm": true}` (or the run's month), else 400 naming `confirm`."""
        return self._transition(request, services.approve_run, policy.may_approve_runs)

    @extend_schema(
        request=ConfirmInputSerializer,
        responses={
            200: PayoutRunSerializer,
            400: OpenApiTypes.OBJECT,
            403: FORBIDDEN,
            409: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def lock(self, request, period=None):
        """approved → locked (HR or an admin who approved none of its statements: four eyes,
        403 otherwise); locks the month. Needs `{"confirm": true}` (400 naming it)."""
        return self._transition(request, services.lock_run, policy.may_lock_runs)

    @extend_schema(
        request=AdjustmentInputSerializer,
        responses={201: AdjustmentOutputSerializer, 400: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def adjustments(self, request, period=None):
        """Add an adjustment; it lands in the first open run from this month on."""
        run = self.get_object()
        data = AdjustmentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            salesman = salesmen_visible_to(request.user).get(code=data.validated_data["salesman"])
        except Salesman.DoesNotExist:
            return Response(
                {"salesman": ["Unknown salesman code (or outside your scope)."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            adjustment = services.add_adjustment(
                run=run,
                salesman=salesman,
                amount=data.validated_data["amount"],
                reason=data.validated_data["reason"],
                by=request.user,
            )
        except ValidationError as exc:
            return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except services.PayoutError as exc:
            return _domain_error(exc)
        return Response(
            {
                "period": adjustment.run.period,
                "salesman": salesman.code,
                "amount": int(adjustment.amount),
                "reason": adjustment.reason,
            },
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        parameters=page_parameters(ReviewChangePages, "people of `changes`"),
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"])
    def review(self, request, period=None):
        """The review before approving or locking (the review page's figures, for the people
        the caller sees): totals by team and channel, one page of the people's changes against
        the previous month (largest first; `next` / `previous` link the neighbouring pages),
        the outliers (above twice the six-month median, or at the plan cap: the 100 largest
        and `outlier_count`), the people without a scorecard (the first 100 and
        `no_scorecard_count`), stale, open disputes."""
        run = run_or_404(request.user, period, totals=False)  # the review sums its own
        review = review_run(run=run, user=request.user)
        pages = ReviewChangePages()
        changes = pages.paginate_queryset(review.changes, request, view=self)
        data = review_data(review, changes)
        data["next"] = pages.get_next_link()
        data["previous"] = pages.get_previous_link()
        return Response(data)

    @extend_schema(
        parameters=[
            OpenApiParameter("file_format", str, enum=["csv", "xlsx"], default="csv"),
            OpenApiParameter("lines", bool, default=False),
        ],
        responses={(200, "application/octet-stream"): OpenApiTypes.BINARY},
    )
    @action(detail=True, methods=["get"])
    def export(self, request, period=None):
        """The HR export (docs/contracts.md columns), scoped to the caller."""
        run = self.get_object()
        fmt = request.query_params.get("file_format", "csv")
        if fmt not in export.FORMATS:
            return Response(
                {"file_format": ["Choose csv or xlsx."]}, status=status.HTTP_400_BAD_REQUEST
            )
        lines = request.query_params.get("lines") in {"1", "true", "yes"}
        people = salesmen_visible_to(request.user)
        return export.export_response(run=run, fmt=fmt, lines=lines, people=people)

    @extend_schema(
        request=CloseInputSerializer,
        responses={
            202: OpenApiResponse(DetailSerializer, description="queued"),
            409: CONFLICT,
            503: UNAVAILABLE,
        },
    )
    @action(detail=False, methods=["post"])
    def close(self, request):
        """Queue the close of a month (managers, HR, admin)."""
        if not policy.may_close_months(request.user):
            raise NotFound
        data = CloseInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # A locked month or a run past draft is refused here, not only in the worker's log.
        try:
            tasks.request_close(month=data.validated_data["month"])
        except (services.PayoutError, MonthLocked) as exc:
            return _domain_error(exc)
        except services.QueueUnavailable as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"detail": "queued"}, status=status.HTTP_202_ACCEPTED)


@extend_schema(responses=StatementSerializer)
@api_view(["GET"])
def statement(request, code, period):
    """One salesman's statement of a month, line by line, with its disputes (`disputes`:
    id, rule, status, amount, adjustment_period)."""
    view = statement_or_404(request.user, code, period)
    data = StatementSerializer(_statement_data(view)).data
    data["disputes"] = dispute_summaries(request.user, view.salesman, view.run.month)
    return Response(data)


class StatementMonthSerializer(serializers.Serializer):
    period = serializers.CharField()
    status = serializers.CharField()
    total = serializers.DecimalField(max_digits=18, decimal_places=0)


@extend_schema(responses=StatementMonthSerializer(many=True))
@api_view(["GET"])
def statement_list(request, code):
    """The months a salesman has a statement in, newest first, with the run's status and his
    total (the statement page's "past months")."""
    salesman = salesman_for_statement(request.user, code)
    months = statement_months(salesman, user=request.user)
    return Response(StatementMonthSerializer(months, many=True).data)
