"""Disputes over the API (docs/contracts.md "Disputes"):

- `POST /api/v1/disputes/` `{"salesman": "S3", "period": "2026-09", "rule": "rev-step",
  "message": "…"}` (`rule` optional) → 201 with the dispute; the salesman himself, his
  supervisor or an admin; a salesman outside the caller's scope → 404;
- `GET /api/v1/disputes/[?status=open]`, `GET /api/v1/disputes/{id}/`;
- `POST /api/v1/disputes/{id}/comments/` `{"message": "…"}` → 201;
- `POST /api/v1/disputes/{id}/resolve/` `{"decision": "accepted" | "rejected", "amount":
  250000, "note": "…"}` (managers, HR, admins; `amount` required when accepted, may be
  negative) → 200; resolved already → 409.

A dispute is seen by its salesman, his supervisor and manager, HR and admins; others get 404.
"""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from incentives.disputes import services
from incentives.disputes.models import DisputeStatus
from incentives.payouts.selectors import salesman_for_statement
from incentives.payouts.services import PayoutError
from org import policy
from org.visibility import disputes_visible_to
from spm.api_fields import MonthField
from spm.schema import CONFLICT, FORBIDDEN


class CommentSerializer(serializers.Serializer):
    author = serializers.CharField(source="author.username")
    message = serializers.CharField()
    created_at = serializers.DateTimeField()


class DisputeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    salesman = serializers.CharField(source="salesman.code")
    name = serializers.CharField(source="salesman.name")
    period = serializers.CharField()
    rule = serializers.CharField(source="rule_code", help_text="blank: the whole statement")
    line_label = serializers.CharField()
    line_amount = serializers.DecimalField(
        max_digits=18, decimal_places=0, allow_null=True, help_text="the line when raised"
    )
    message = serializers.CharField()
    status = serializers.ChoiceField(choices=DisputeStatus.choices)
    raised_by = serializers.CharField(source="raised_by.username")
    raised_at = serializers.DateTimeField()
    age_days = serializers.SerializerMethodField(help_text="days open (until resolved)")
    resolved_by = serializers.CharField(
        source="resolved_by.username", default=None, allow_null=True
    )
    resolved_at = serializers.DateTimeField(allow_null=True)
    amount = serializers.DecimalField(max_digits=18, decimal_places=0, allow_null=True)
    note = serializers.CharField(source="resolution_note")
    adjustment_period = serializers.SerializerMethodField(
        help_text="the run the accepted amount went into (YYYY-MM)"
    )
    comments = CommentSerializer(many=True, read_only=True)

    def get_age_days(self, dispute) -> int:
        return ((dispute.resolved_at or timezone.now()) - dispute.raised_at).days

    def get_adjustment_period(self, dispute) -> str | None:
        return dispute.adjustment.run.period if dispute.adjustment_id else None


class RaiseSerializer(serializers.Serializer):
    salesman = serializers.CharField(help_text="the salesman's code")
    period = MonthField(help_text="YYYY-MM")
    rule = serializers.CharField(required=False, allow_blank=True, default="")
    message = serializers.CharField(max_length=services.MAX_MESSAGE)


class CommentInputSerializer(serializers.Serializer):
    message = serializers.CharField(max_length=services.MAX_MESSAGE)


class ResolveSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=[DisputeStatus.ACCEPTED, DisputeStatus.REJECTED])
    amount = serializers.IntegerField(
        required=False, allow_null=True, help_text="whole Rupiah, required when accepted"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


def _bad_request(exc: ValidationError) -> Response:
    return Response(exc.message_dict, status=status.HTTP_400_BAD_REQUEST)


class DisputeViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = DisputeSerializer
    filterset_fields = ["status"]

    def get_queryset(self):
        return (
            disputes_visible_to(self.request.user)
            .select_related("adjustment__run")
            .prefetch_related("comments__author")
        )

    def _detail(self, dispute, code=status.HTTP_200_OK) -> Response:
        dispute = self.get_queryset().get(pk=dispute.pk)
        return Response(DisputeSerializer(dispute).data, status=code)

    @extend_schema(
        parameters=[OpenApiParameter("status", str, enum=[s for s, _ in DisputeStatus.choices])],
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=RaiseSerializer,
        responses={201: DisputeSerializer, 400: OpenApiTypes.OBJECT, 403: FORBIDDEN},
    )
    def create(self, request, *args, **kwargs):
        """Raise a dispute on a statement (or one of its lines)."""
        if not policy.may_raise_disputes(request.user):
            raise PermissionDenied("Only the salesman or his supervisor can raise a dispute.")
        data = RaiseSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            salesman = salesman_for_statement(request.user, data.validated_data["salesman"])
        except Http404 as exc:
            raise NotFound from exc
        try:
            dispute = services.raise_dispute(
                salesman=salesman,
                month=data.validated_data["period"],
                rule_code=data.validated_data["rule"],
                message=data.validated_data["message"],
                by=request.user,
            )
        except ValidationError as exc:
            return _bad_request(exc)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        return self._detail(dispute, status.HTTP_201_CREATED)

    @extend_schema(
        request=CommentInputSerializer, responses={201: DisputeSerializer, 400: OpenApiTypes.OBJECT}
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        """Add a comment (anyone who sees the dispute)."""
        dispute = self.get_object()
        data = CommentInputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.comment_on_dispute(
                dispute=dispute, message=data.validated_data["message"], by=request.user
            )
        except ValidationError as exc:
            return _bad_request(exc)
        return self._detail(dispute, status.HTTP_201_CREATED)

    @extend_schema(
        request=ResolveSerializer,
        responses={
            200: DisputeSerializer,
            400: OpenApiTypes.OBJECT,
            403: FORBIDDEN,
            409: CONFLICT,
        },
    )
    @action(detail=True, methods=["post"])
    def resolve(self, request, pk=None):
        """Accept (with `amount`: an adjustment in the next open run) or reject (with `note`)."""
        dispute = self.get_object()
        data = ResolveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            dispute = services.resolve_dispute(
                dispute=dispute,
                decision=data.validated_data["decision"],
                amount=data.validated_data.get("amount"),
                note=data.validated_data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            return _bad_request(exc)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from exc
        except PayoutError as exc:  # resolved already (DisputeClosed), or no open run
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return self._detail(dispute)
