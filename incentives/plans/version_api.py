"""Plan versions over the API (managers and admins; anyone else signed in 404, as the plan
endpoints), docs/contracts.md "Plan and template versions":

- `GET /api/v1/plans/<code>/versions/`: every version, oldest first: number, status,
  effective_from (YYYY-MM or null for a draft), validity, who published it and when, document.
- `POST /api/v1/plans/<code>/versions/<number>/publish/` `{"effective_from": "YYYY-MM"}`
  (optional: the document's own, else the default month) → the published version; refused
  with 400 naming the field (`effective_from` for a locked month, `stacks_with` for an
  overlap, `status` when it is published already).
"""

from django.core.exceptions import ValidationError
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import api_view, permission_classes
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from incentives.models import Plan, PlanVersion
from incentives.plans.api import CanEditPlans
from incentives.plans.documents import to_plain
from incentives.plans.versions import publish_version, version_document
from spm.months import format_month, parse_month


class PlanVersionSerializer(serializers.ModelSerializer):
    version = serializers.IntegerField(source="number", read_only=True)
    status = serializers.CharField(read_only=True, help_text="draft or published")
    effective_from = serializers.SerializerMethodField()
    published_by = serializers.CharField(
        source="published_by.username", default=None, allow_null=True
    )
    document = serializers.SerializerMethodField()

    class Meta:
        model = PlanVersion
        fields = [
            "version",
            "status",
            "effective_from",
            "valid_from",
            "valid_to",
            "published_at",
            "published_by",
            "document",
        ]

    def get_effective_from(self, version) -> str | None:
        return format_month(version.effective_from) if version.effective_from else None

    def get_document(self, version) -> dict:
        return to_plain(version_document(version))


def _plan(code: str) -> Plan:
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise NotFound
    return plan


@extend_schema(
    responses=PlanVersionSerializer(many=True), summary="A plan's versions", tags=["plans"]
)
@api_view(["GET"])
@permission_classes([CanEditPlans])
def plan_versions(request, code):
    versions = _plan(code).versions.select_related("published_by").order_by("number")
    return Response(PlanVersionSerializer(versions, many=True).data)


@extend_schema(
    request=OpenApiTypes.OBJECT,
    responses={200: PlanVersionSerializer, 400: OpenApiTypes.OBJECT},
    summary="Publish a draft version from a month",
    examples=[
        OpenApiExample("From October", value={"effective_from": "2026-10"}, request_only=True)
    ],
    tags=["plans"],
)
@api_view(["POST"])
@permission_classes([CanEditPlans])
def plan_version_publish(request, code, number):
    version = _plan(code).versions.filter(number=number).first()
    if version is None:
        raise NotFound
    data = request.data if isinstance(request.data, dict) else {}
    month = None
    if data.get("effective_from") is not None:
        try:
            month = parse_month(str(data["effective_from"]))
        except ValueError:
            return Response({"effective_from": ["must be a month YYYY-MM"]}, status=400)
    try:
        version = publish_version(version=version, by=request.user, effective_from=month)
    except ValidationError as exc:
        errors = (
            exc.message_dict if hasattr(exc, "error_dict") else {"effective_from": exc.messages}
        )
        return Response(errors, status=status.HTTP_400_BAD_REQUEST)
    return Response(PlanVersionSerializer(version).data)
