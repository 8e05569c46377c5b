"""Read the OKRs through the API with the page's permissions; record check-ins."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response

from org import policy

from . import selectors, services
from .models import CheckIn, Cycle, KeyResult, Level, Objective
from .serializers import (
    CheckInInputSerializer,
    CheckInResultSerializer,
    CheckInSerializer,
    CycleSerializer,
    ObjectiveDetailSerializer,
    ObjectiveSerializer,
)


class CycleViewSet(viewsets.ReadOnlyModelViewSet):
    """OKR cycles (every signed-in user sees them; the objectives inside are scoped)."""

    serializer_class = CycleSerializer
    lookup_field = "code"
    queryset = Cycle.objects.order_by("-start", "code")
    filterset_fields = ["kind"]


class ObjectiveFilter(filters.FilterSet):
    cycle = filters.CharFilter(field_name="cycle__code")
    level = filters.ChoiceFilter(choices=Level.choices)

    class Meta:
        model = Objective
        fields = ["cycle", "level"]


class ObjectiveViewSet(viewsets.ReadOnlyModelViewSet):
    """Objectives the caller may see (same rule as the pages); others answer 404. The detail
    carries the key results with their check-ins."""

    lookup_field = "code"
    filterset_class = ObjectiveFilter

    def get_queryset(self):
        objectives = selectors.objectives_visible_to(self.request.user).prefetch_related(
            "participants"
        )
        key_results = KeyResult.objects.select_related("scope_team").order_by("position", "id")
        if self.action == "retrieve":
            key_results = key_results.prefetch_related(
                Prefetch("check_ins", queryset=CheckIn.objects.select_related("by"))
            )
        return objectives.prefetch_related(Prefetch("key_results", queryset=key_results)).order_by(
            "cycle__start", "code"
        )

    def get_serializer_class(self):
        return ObjectiveDetailSerializer if self.action == "retrieve" else ObjectiveSerializer


def _drf_errors(exc: DjangoValidationError) -> dict:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {"non_field_errors": exc.messages}


@extend_schema(
    methods=["GET"], responses=CheckInSerializer(many=True), operation_id="okr_check_ins_list"
)
@extend_schema(
    methods=["POST"],
    request=CheckInInputSerializer,
    responses={201: CheckInResultSerializer},
    operation_id="okr_check_ins_create",
)
@api_view(["GET", "POST"])
def key_result_check_ins(request, pk: int):
    """A key result's check-ins; POST records one (400 names the field, 403 when the caller may
    see the objective but not check in on it, 404 outside his scope)."""
    key_result = selectors.get_key_result_or_404(request.user, pk)
    if request.method == "GET":
        check_ins = selectors.check_ins_of(key_result)
        return Response(CheckInSerializer(check_ins, many=True).data)
    if not policy.may_check_in(request.user, key_result.objective):
        raise PermissionDenied
    data = CheckInInputSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        check_in = services.record_check_in(
            key_result=key_result,
            by=request.user,
            date=data.validated_data["date"],
            value=data.validated_data.get("value"),
            confidence=data.validated_data["confidence"],
            note=data.validated_data.get("note", ""),
        )
    except DjangoPermissionDenied as exc:
        raise PermissionDenied from exc
    except DjangoValidationError as exc:
        raise serializers.ValidationError(_drf_errors(exc)) from exc
    key_result.refresh_from_db()
    objective = selectors.get_objective_or_404(request.user, key_result.objective.code)
    result = {
        "check_in": check_in,
        "key_result": key_result,
        "objective_score": objective.display_score,
        "objective_band": objective.band,
    }
    return Response(CheckInResultSerializer(result).data, status=status.HTTP_201_CREATED)
