"""`/api/v1/holidays/`: the company's days off (docs/contracts.md "Working days"), for HR and
admins (anyone else signed in: 404, as on the calendar page). List (`?year=YYYY`), create and
delete; every change goes through org/days_off.py (audited)."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, permissions, serializers, viewsets
from rest_framework.exceptions import NotFound

from . import days_off, policy
from .models import CompanyDayOff


class MayManageCalendar(permissions.BasePermission):
    def has_permission(self, request, view):
        if policy.may_manage_calendar(request.user):
            return True
        if request.user and request.user.is_authenticated:
            raise NotFound
        return False


class CompanyDayOffSerializer(serializers.ModelSerializer):
    created_by = serializers.CharField(
        source="created_by.username", read_only=True, default=None, allow_null=True
    )

    class Meta:
        model = CompanyDayOff
        fields = ["id", "date", "name", "working", "created_by", "created_at"]
        read_only_fields = ["id", "created_by", "created_at"]
        extra_kwargs = {
            "working": {
                "help_text": "true: the company works on this public holiday (a working day)"
            }
        }


@extend_schema_view(
    list=extend_schema(
        summary="Company days off",
        parameters=[OpenApiParameter("year", int, description="only this year's days off")],
        tags=["calendar"],
    ),
    create=extend_schema(summary="Add a company day off (or a holiday worked)", tags=["calendar"]),
    retrieve=extend_schema(summary="A company day off", tags=["calendar"]),
    destroy=extend_schema(summary="Delete a company day off", tags=["calendar"]),
)
class CompanyDayOffViewSet(
    mixins.ListModelMixin,
    mixins.CreateModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = CompanyDayOffSerializer
    permission_classes = [MayManageCalendar]

    def get_queryset(self):
        rows = CompanyDayOff.objects.select_related("created_by").order_by("date")
        year = self.request.query_params.get("year")
        if year and year.isdigit():
            rows = rows.filter(date__year=int(year))
        return rows

    def perform_create(self, serializer):
        serializer.instance = days_off.save_day_off(
            day_off=CompanyDayOff(**serializer.validated_data), by=self.request.user
        )

    def perform_destroy(self, instance):
        days_off.delete_day_off(day_off=instance, by=self.request.user)
