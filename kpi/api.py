"""The KPI API (/api/v1/kpi/...): the preview calculator, definitions and templates (managers),
targets, manual actuals and scorecards (scoped by `org.visibility`, outside the scope is 404)."""

import json

import django_filters
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from org.periods import MonthLocked
from org.policy import may_configure_kpis
from org.visibility import teams_visible_to, visible_to
from spm.filters import MonthFilter
from spm.months import format_month

from .breakdown import propose_breakdown
from .documents import DocumentError, export_template_document, save_template_document
from .models import KRA, MANUAL, KPIDefinition, ManualActual, ScorecardTemplate, Target
from .scoring import EXACT, SheetRow, score_sheet
from .selectors import (
    scorecards_visible_to,
    scorecards_with_rows,
    scored_people_visible_to,
)
from .serializers import (
    BreakdownQuerySerializer,
    BreakdownTeamSerializer,
    KPISerializer,
    KRASerializer,
    ManualActualSerializer,
    PreviewResultSerializer,
    PreviewSerializer,
    ScorecardQuerySerializer,
    ScorecardSerializer,
    TargetSerializer,
    TargetWriteSerializer,
    TemplateDocumentSerializer,
)
from .targets import save_manual_actuals, save_targets


class PreviewView(APIView):
    """Score a sheet without storing it (docs/contracts.md `POST /api/v1/kpi/preview/`)."""

    @extend_schema(request=PreviewSerializer, responses={200: PreviewResultSerializer})
    def post(self, request):
        serializer = PreviewSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        rows = [
            SheetRow(
                kpi=row["kpi"],
                weight=row["weight"],
                direction=row["direction"],
                target=row["target"],
                actual=row["actual"],
                cap=row.get("cap"),
                floor=row.get("floor"),
            )
            for row in data["rows"]
        ]
        result = score_sheet(rows, data["rounding"])
        text = _text_2 if data["rounding"] == EXACT else _text_0
        return Response(
            {
                "rows": [
                    {"kpi": r.kpi, "score": text(r.score), "final_score": text(r.final_score)}
                    for r in result.rows
                ],
                "total": text(result.total),
            }
        )


def _text_2(value) -> str:
    return f"{value:.2f}"


def _text_0(value) -> str:
    return f"{value:.0f}"


class ConfigurersOnly:
    """Definitions and templates are the managers' setup: anyone else sees nothing (404)."""

    def get_queryset(self):
        if not may_configure_kpis(self.request.user):
            return self.queryset.none()
        return self.queryset.all()


class KRAViewSet(ConfigurersOnly, viewsets.ReadOnlyModelViewSet):
    queryset = KRA.objects.all()
    serializer_class = KRASerializer


class KPIViewSet(ConfigurersOnly, viewsets.ReadOnlyModelViewSet):
    queryset = KPIDefinition.objects.select_related("kra")
    serializer_class = KPISerializer
    lookup_field = "code"
    filterset_fields = ["direction", "source"]


@extend_schema_view(
    list=extend_schema(responses=TemplateDocumentSerializer(many=True)),
    retrieve=extend_schema(responses=TemplateDocumentSerializer),
    create=extend_schema(
        request=TemplateDocumentSerializer, responses={201: TemplateDocumentSerializer}
    ),
    update=extend_schema(
        request=TemplateDocumentSerializer, responses={200: TemplateDocumentSerializer}
    ),
)
class TemplateViewSet(
    ConfigurersOnly,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    viewsets.GenericViewSet,
):
    """Scorecard templates as the JSON documents of docs/contracts.md. POST (create) and PUT
    (update)
    take a document; every problem answers 400 with its path in the document, e.g.
    `{"items": ["The weights total 90, not 100."], "items[1].weight": [...]}`."""

    queryset = ScorecardTemplate.objects.all()
    serializer_class = TemplateDocumentSerializer
    lookup_field = "code"
    pagination_class = None

    def list(self, request, *args, **kwargs):
        return Response(
            [export_template_document(template=t) for t in self.get_queryset().order_by("code")]
        )

    def retrieve(self, request, *args, **kwargs):
        return Response(export_template_document(template=self.get_object()))

    def create(self, request, *args, **kwargs):
        if not may_configure_kpis(request.user):
            raise Http404
        if (
            isinstance(request.data, dict)
            and ScorecardTemplate.objects.filter(code=request.data.get("code")).exists()
        ):
            return Response(
                {"code": ["A template with this code exists; PUT to update it."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return self._save(request.data, status.HTTP_201_CREATED)

    def update(self, request, *args, **kwargs):
        template = self.get_object()
        document = request.data
        if isinstance(document, dict) and document.get("code", template.code) != template.code:
            return Response(
                {"code": ["The code of a template cannot change."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        if isinstance(document, dict):
            document = {**document, "code": template.code}
        return self._save(document, status.HTTP_200_OK)

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    @action(detail=True, methods=["get"])
    def versions(self, request, *args, **kwargs):
        """The template's versions, oldest first (docs/contracts.md "Plan and template
        versions"): `[{"version": 1, "status": "published", "effective_from": "2000-01",
        "document": {...}}]` (a draft has `effective_from` null)."""
        if not may_configure_kpis(request.user):
            raise Http404
        template = self.get_object()
        return Response(
            [
                {
                    "version": version.number,
                    "status": version.status,
                    "effective_from": format_month(version.effective_from)
                    if version.effective_from
                    else None,
                    "published_at": version.published_at,
                    "document": json.loads(version.document),
                }
                for version in template.versions.order_by("number")
            ]
        )

    def _save(self, document, code):
        try:
            template = save_template_document(document=document, by=self.request.user)
        except DocumentError as exc:
            return Response(exc.errors, status=status.HTTP_400_BAD_REQUEST)
        return Response(export_template_document(template=template), status=code)


class BreakdownView(APIView):
    """Propose a breakdown of a company (or team) target by history share; nothing is stored
    (managers save the values they keep with POST /api/v1/kpi/targets/)."""

    @extend_schema(
        parameters=[BreakdownQuerySerializer],
        responses={200: BreakdownTeamSerializer(many=True)},
    )
    def get(self, request):
        if not may_configure_kpis(request.user):
            raise Http404
        query = BreakdownQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        data = query.validated_data
        kpi = KPIDefinition.objects.filter(code=data["kpi"]).first()
        if kpi is None:
            return Response({"kpi": [_("Unknown KPI code.")]}, status=400)
        people = scored_people_visible_to(request.user)
        if data["team"] is not None:
            team = teams_visible_to(request.user).filter(pk=data["team"]).first()
            if team is None:
                return Response({"team": [_("Unknown team.")]}, status=400)
            people = people.filter(team=team)
        proposal = propose_breakdown(
            kpi=kpi,
            month=data["month"],
            total=data["total"],
            salesmen=people,
            history_months=data["history_months"],
        )
        return Response(BreakdownTeamSerializer(proposal, many=True).data)


class TargetFilter(django_filters.FilterSet):
    month = MonthFilter(field_name="month", help_text="YYYY-MM")
    salesman = django_filters.CharFilter(field_name="salesman__code")
    kpi = django_filters.CharFilter(field_name="kpi__code")

    class Meta:
        model = Target
        fields = ["month", "salesman", "kpi"]


class ActualFilter(TargetFilter):
    class Meta:
        model = ManualActual
        fields = ["month", "salesman", "kpi"]


class _ValueWriteMixin:
    """POST one value (an upsert by month, salesman and KPI, recorded in the audit trail; a null
    value removes it): managers and admins only, for the people in their scope."""

    model: type
    saver = None

    def create(self, request, *args, **kwargs):
        if not may_configure_kpis(request.user):
            raise Http404
        serializer = TargetWriteSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        errors = {}
        month = data["month"]
        person = scored_people_visible_to(request.user).filter(code=data["salesman"]).first()
        if person is None:
            errors["salesman"] = [_("Unknown salesman code.")]
        kpi = self.kpis().filter(code=data["kpi"]).first()
        if kpi is None:
            errors["kpi"] = [self.unknown_kpi()]
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        try:
            type(self).saver(
                month=month, values={(person.id, kpi.id): data["value"]}, by=request.user
            )
        except MonthLocked as exc:
            return Response({"month": exc.messages}, status=status.HTTP_400_BAD_REQUEST)
        row = self.get_queryset().filter(month=month, salesman=person, kpi=kpi).first()
        if row is None:
            return Response(status=status.HTTP_204_NO_CONTENT)
        return Response(self.get_serializer(row).data)

    def kpis(self):
        return KPIDefinition.objects.all()

    def unknown_kpi(self) -> str:
        return _("Unknown KPI code.")


@extend_schema_view(
    create=extend_schema(
        request=TargetWriteSerializer, responses={200: TargetSerializer, 204: None}
    )
)
class TargetViewSet(_ValueWriteMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Targets of the people in the caller's scope. Managers set one with POST
    `{"month": "2026-06", "salesman": "A1", "kpi": "revenue", "value": 500000000}` (an upsert,
    recorded in the audit trail; a null value removes it)."""

    serializer_class = TargetSerializer
    filterset_class = TargetFilter
    saver = save_targets

    def get_queryset(self):
        return visible_to(
            self.request.user, Target.objects.select_related("salesman", "kpi")
        ).order_by("-month", "salesman__code", "kpi__code")


@extend_schema_view(
    create=extend_schema(
        request=TargetWriteSerializer, responses={200: ManualActualSerializer, 204: None}
    )
)
class ManualActualViewSet(_ValueWriteMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Manual actuals of the people in the caller's scope. Managers set one for a KPI whose
    source is `manual` with POST, like a target."""

    serializer_class = ManualActualSerializer
    filterset_class = ActualFilter
    saver = save_manual_actuals

    def get_queryset(self):
        return visible_to(
            self.request.user, ManualActual.objects.select_related("salesman", "kpi")
        ).order_by("-month", "salesman__code", "kpi__code")

    def kpis(self):
        return KPIDefinition.objects.filter(source=MANUAL)

    def unknown_kpi(self) -> str:
        return _("Unknown KPI code, or not a manual KPI.")


@extend_schema_view(list=extend_schema(parameters=[ScorecardQuerySerializer]))
class ScorecardViewSet(viewsets.ReadOnlyModelViewSet):
    """Stored scorecards (with their rows) of the people in the caller's scope."""

    serializer_class = ScorecardSerializer
    filter_backends: list = []

    def get_queryset(self):
        cards = scorecards_with_rows(scorecards_visible_to(self.request.user)).order_by(
            "-month", "-total", "salesman__code"
        )
        query = ScorecardQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        if query.validated_data.get("month"):
            cards = cards.filter(month=query.validated_data["month"])
        if query.validated_data.get("salesman"):
            cards = cards.filter(salesman__code=query.validated_data["salesman"])
        return cards
