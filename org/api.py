from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from .models import Salesman
from .serializers import MeSerializer, SalesmanSerializer, TeamSerializer
from .visibility import salesmen_visible_to, teams_visible_to


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The signed-in user, with his sales-force profile when he has one."""
    salesman = (
        Salesman.objects.filter(user=request.user).select_related("team", "territory").first()
    )
    data = MeSerializer(request.user).data
    data["salesman"] = SalesmanSerializer(salesman).data if salesman else None
    return Response(data)


class SalesmanViewSet(viewsets.ReadOnlyModelViewSet):
    """People in the caller's scope; anyone else answers 404."""

    serializer_class = SalesmanSerializer
    lookup_field = "code"
    filterset_fields = ["channel", "team", "active"]

    def get_queryset(self):
        return salesmen_visible_to(self.request.user).select_related("reports_to")


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TeamSerializer
    filterset_fields = ["channel"]

    def get_queryset(self):
        return teams_visible_to(self.request.user)
