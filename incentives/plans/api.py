"""Incentive plans over the API (managers and admins; any other signed-in user 404, as on the
editor pages), same services as the editor:

- `GET /api/v1/plans/`: the plans; `POST` a plan document (docs/contracts.md JSON) creates or
updates
  the plan with its code (`?status=draft|active`).
- `GET /api/v1/plans/<code>/`: status and document; `PUT` replaces the document.
- `POST /api/v1/plans/simulate/`: a plan (`"plan"`: code or document) with a `"period"` (per
  salesman lines and totals from the month's stored scorecards and metrics, the people the user
  may see; optional `"compare_with"`) or with explicit values (`"values"`, `"level"`,
  `"total_score"`, ...) → the statement lines and total. Nothing is stored. Bad input → 400
  naming the field (`{"plan.rules[0].tiers[0].from": ["must be a number"]}`).
"""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiParameter, extend_schema
from rest_framework import permissions, serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from incentives.demo_plans import GT_PLAN
from incentives.models import Plan, PlanStatus
from incentives.plans.documents import PlanInvalid, import_plan, plan_document, to_plain
from incentives.plans.simulation import result_as_dict, simulate
from org import policy
from org.visibility import salesmen_visible_to
from spm.months import parse_month


class CanEditPlans(permissions.BasePermission):
    """Managers and admins. Anyone else signed in gets 404, as on the editor pages: the plans
    are not theirs to know of. Anonymous requests keep DRF's 401/403."""

    def has_permission(self, request, view):
        if policy.may_edit_plans(request.user):
            return True
        if request.user and request.user.is_authenticated:
            raise NotFound
        return False


class PlanSerializer(serializers.ModelSerializer):
    updated_by = serializers.CharField(source="updated_by.username", default=None, allow_null=True)
    # Plain strings in the schema: enums named role/channel/status exist in other apps with other
    # choice sets, and drf-spectacular would have to invent names for them.
    role = serializers.CharField(read_only=True, help_text="salesman, supervisor or manager")
    channel = serializers.CharField(read_only=True, help_text="GT or MT")
    status = serializers.CharField(read_only=True, help_text="draft or active")

    class Meta:
        model = Plan
        fields = [
            "code",
            "name",
            "role",
            "channel",
            "valid_from",
            "valid_to",
            "status",
            "updated_at",
            "updated_by",
        ]


class PlanDetailSerializer(PlanSerializer):
    document = serializers.SerializerMethodField()

    class Meta(PlanSerializer.Meta):
        fields = [*PlanSerializer.Meta.fields, "document"]

    def get_document(self, plan) -> dict:
        return to_plain(plan_document(plan))


def _problems(exc: PlanInvalid) -> dict:
    errors: dict[str, list[str]] = {}
    for problem in exc.problems:
        errors.setdefault(problem.path or "document", []).append(problem.message)
    return errors


def _status_param(request):
    value = request.query_params.get("status") or None
    if value is not None and value not in PlanStatus.values:
        return None, Response(
            {"status": [f"must be one of {', '.join(PlanStatus.values)}"]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    return value, None


STATUS_PARAM = OpenApiParameter(
    "status", str, enum=PlanStatus.values, description="draft or active (default: keep / active)"
)
# The API docs show the contract's example plan (docs/contracts.md), the one the demo seeds.
GT_EXAMPLE = GT_PLAN


@extend_schema(
    methods=["GET"], responses=PlanSerializer(many=True), summary="Incentive plans", tags=["plans"]
)
@extend_schema(
    methods=["POST"],
    request=OpenApiTypes.OBJECT,
    parameters=[STATUS_PARAM],
    responses={201: PlanDetailSerializer, 200: PlanDetailSerializer, 400: OpenApiTypes.OBJECT},
    summary="Import a plan document (create or update by code)",
    examples=[OpenApiExample("GT plan", value=GT_EXAMPLE, request_only=True)],
    tags=["plans"],
)
@api_view(["GET", "POST"])
@permission_classes([CanEditPlans])
def plan_list(request):
    if request.method == "GET":
        plans = Plan.objects.select_related("updated_by").order_by("code")
        return Response(PlanSerializer(plans, many=True).data)
    plan_status, error = _status_param(request)
    if error:
        return error
    existed = Plan.objects.filter(code=str(request.data.get("code", ""))).exists()
    try:
        plan = import_plan(document=request.data, by=request.user, status=plan_status)
    except PlanInvalid as exc:
        return Response(_problems(exc), status=status.HTTP_400_BAD_REQUEST)
    return Response(
        PlanDetailSerializer(plan).data,
        status=status.HTTP_200_OK if existed else status.HTTP_201_CREATED,
    )


@extend_schema(
    methods=["GET"],
    responses=PlanDetailSerializer,
    summary="A plan and its document",
    tags=["plans"],
)
@extend_schema(
    methods=["PUT"],
    request=OpenApiTypes.OBJECT,
    parameters=[STATUS_PARAM],
    responses={200: PlanDetailSerializer, 400: OpenApiTypes.OBJECT},
    summary="Replace a plan's document",
    tags=["plans"],
)
@api_view(["GET", "PUT"])
@permission_classes([CanEditPlans])
def plan_detail(request, code):
    plan = Plan.objects.filter(code=code).select_related("updated_by").first()
    if plan is None:
        raise NotFound
    if request.method == "GET":
        return Response(PlanDetailSerializer(plan).data)
    plan_status, error = _status_param(request)
    if error:
        return error
    if not isinstance(request.data, dict) or request.data.get("code") != code:
        return Response(
            {"code": [f"must be {code!r}, the plan this address names"]},
            status=status.HTTP_400_BAD_REQUEST,
        )
    try:
        plan = import_plan(document=request.data, by=request.user, status=plan_status)
    except PlanInvalid as exc:
        return Response(_problems(exc), status=status.HTTP_400_BAD_REQUEST)
    return Response(PlanDetailSerializer(plan).data)


# The simulate API's documented FMCG example (tests/test_fmcg_simulate.py checks its total by hand).
FMCG_EXAMPLE = {
    "plan": {
        "code": "DIST-GT",
        "name": "Distributor GT",
        "applies_to": {"role": "salesman", "channel": "GT"},
        "valid_from": "2026-01-01",
        "valid_to": None,
        "gate_total_score": None,
        "cap": None,
        "level_multipliers": {"2": 1.1},
        "multipliers": [
            {
                "code": "entry",
                "label": "Tiket masuk coverage",
                "kpi": "outlet_coverage",
                "basis": "actual",
                "bands": [
                    {"from": 0, "factor": 0.5},
                    {"from": 80, "factor": 0.8},
                    {"from": 95, "factor": 1.1},
                ],
            }
        ],
        "rules": [
            {
                "code": "focus",
                "label": "Focus SKU revenue",
                "type": "tiers",
                "kpi": "revenue@focus",
                "basis": "actual",
                "tiers": [{"from": 20000000, "amount": 750000}],
                "requires": [{"kpi": "lines_per_call", "basis": "actual", "min": 3}],
            },
            {
                "code": "boost",
                "label": "Booster",
                "type": "step",
                "kpi": "revenue@focus",
                "basis": "actual",
                "start": 0,
                "every": 1000000,
                "amount": 25000,
                "window": {"from": "2026-09-07", "to": "2026-09-20"},
            },
        ],
    },
    "period": "2026-09",
    "level": 2,
    "values": {
        "revenue@focus": {"actual": 23000000},
        "outlet_coverage": {"actual": 86},
        "lines_per_call": {"actual": 3.2},
    },
    "windows": {"boost": 7400000},
}


SIMULATE_KEYS = {
    "plan",
    "period",
    "compare_with",
    "values",
    "level",
    "total_score",
    "metrics",
    "okr",
    "rankings",
    "windows",
}


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
    summary="What-if: evaluate a plan without storing anything",
    description=(
        "`plan` is a plan code or a plan document. With `period` (YYYY-MM) and no `values`: "
        "per-salesman lines and totals from that month's stored scorecards and metrics "
        "(optionally beside `compare_with`, a code or document). With `values` "
        "(`{kpi: {actual, attainment}}`), `level`, `total_score` (and optionally `metrics`, "
        "`okr`, `rankings`, and `windows`: a booster rule's value over its days, "
        "`{rule code: value}`): one statement. `values` and `metrics` may name group metrics "
        "(`revenue@focus`) and the KPIs of the plan's `multipliers` and `requires`."
    ),
    examples=[
        OpenApiExample(
            "Andi's month, explicit values",
            value={
                "plan": "GT-SALESMAN",
                "period": "2026-06",
                "values": {
                    "revenue": {"actual": 550000000, "attainment": 110},
                    "new_outlets": {"actual": 35, "attainment": 116.67},
                    "visits_per_day": {"actual": 20, "attainment": 111.11},
                },
                "level": 1,
                "total_score": 112.22,
            },
            request_only=True,
        ),
        OpenApiExample(
            "FMCG pieces: entry ticket, prerequisite, booster",
            value=FMCG_EXAMPLE,
            request_only=True,
        ),
        OpenApiExample(
            "A past month, two plans",
            value={"plan": "GT-SALESMAN", "compare_with": "GT-2025", "period": "2026-06"},
            request_only=True,
        ),
    ],
    tags=["plans"],
)
@api_view(["POST"])
@permission_classes([CanEditPlans])
def plan_simulate(request):
    data = request.data
    if not isinstance(data, dict):
        return Response({"non_field_errors": ["a JSON object"]}, status=400)
    unknown = sorted(set(data) - SIMULATE_KEYS)
    if unknown:
        return Response({key: ["unknown field"] for key in unknown}, status=400)
    plan = data.get("plan")
    if plan is None:
        return Response({"plan": ["required: a plan code or a plan document"]}, status=400)
    if not isinstance(plan, str | dict):
        return Response({"plan": ["a plan code or a plan document (JSON object)"]}, status=400)
    month = None
    if data.get("period") is not None:
        try:
            month = parse_month(str(data["period"]))
        except ValueError:
            return Response({"period": ["must be a month YYYY-MM"]}, status=400)
    explicit = any(
        key in data for key in ("values", "level", "total_score", "metrics", "okr", "windows")
    )
    if explicit and data.get("compare_with") is not None:
        return Response({"compare_with": ["only with a period, not with explicit values"]}, 400)
    facts = None
    if explicit or "rankings" in data:
        fact_keys = SIMULATE_KEYS - {"plan", "period", "compare_with"}
        facts = {key: data[key] for key in fact_keys if key in data}
    elif month is None:
        return Response({"period": ["required without explicit values"]}, status=400)
    try:
        result = simulate(
            plan_document=plan if isinstance(plan, dict) else None,
            plan_code=plan if isinstance(plan, str) else None,
            month=month,
            facts=facts,
            compare_with=data.get("compare_with"),
            people=salesmen_visible_to(request.user),
        )
    except ValidationError as exc:
        return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)
    return Response(result_as_dict(result))
