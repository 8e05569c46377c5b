from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.filters import SearchFilter
from rest_framework.response import Response

from . import services
from .authentication import token_expires_at
from .policy import own_profile
from .serializers import (
    ApiTokenSerializer,
    MeSerializer,
    SalesmanSerializer,
    TeamSerializer,
    TerritorySerializer,
)
from .visibility import salesmen_visible_to, teams_visible_to, territories_visible_to


@extend_schema(responses=MeSerializer)
@api_view(["GET"])
def me(request):
    """The signed-in user, with his sales-force profile when he has one."""
    salesman = own_profile(request.user)
    data = MeSerializer(request.user).data
    data["salesman"] = SalesmanSerializer(salesman).data if salesman else None
    return Response(data)


@extend_schema(
    methods=["POST"],
    request=None,
    responses={201: ApiTokenSerializer},
    operation_id="me_token_issue",
)
@extend_schema(
    methods=["DELETE"], request=None, responses={204: None}, operation_id="me_token_revoke"
)
@api_view(["POST", "DELETE"])
def my_token(request):
    """POST: a new API token for the caller (his previous one stops working); it expires after
    API_TOKEN_TTL_DAYS. DELETE: revoke the caller's token."""
    if request.method == "DELETE":
        services.revoke_api_token(user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
    token = services.issue_api_token(user=request.user)
    data = {"key": token.key, "created": token.created, "expires": token_expires_at(token)}
    return Response(ApiTokenSerializer(data).data, status=status.HTTP_201_CREATED)


class SalesmanViewSet(viewsets.ReadOnlyModelViewSet):
    """People in the caller's scope; anyone else answers 404."""

    serializer_class = SalesmanSerializer
    lookup_field = "code"
    filterset_fields = ["channel", "team", "active"]
    # `?search=` on code or name: the pick lists' suggestions (static/js/salesman_search.js)
    filter_backends = [DjangoFilterBackend, SearchFilter]
    search_fields = ["code", "name"]

    def get_queryset(self):
        return salesmen_visible_to(self.request.user).select_related("reports_to")


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = TeamSerializer
    filterset_fields = ["channel"]
    # `?search=` on the name: the team overview's team filter (static/js/salesman_search.js)
    filter_backends = [DjangoFilterBackend, SearchFilter]
    search_fields = ["name"]

    def get_queryset(self):
        return teams_visible_to(self.request.user)


class TerritoryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The territories of the people in the caller's scope; `?search=` on the name (the team
    overview's typed territory filter, static/js/salesman_search.js)."""

    serializer_class = TerritorySerializer
    filter_backends = [SearchFilter]
    search_fields = ["name"]

    def get_queryset(self):
        return territories_visible_to(self.request.user).order_by("name")
