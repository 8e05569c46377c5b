from rest_framework import serializers

from .models import Salesman, Team, Territory, User


class SalesmanSerializer(serializers.ModelSerializer):
    role = serializers.CharField(source="user.role", read_only=True)
    username = serializers.CharField(source="user.username", read_only=True)
    team = serializers.CharField(source="team.name", default=None, allow_null=True, read_only=True)
    territory = serializers.CharField(
        source="territory.name", default=None, allow_null=True, read_only=True
    )
    reports_to = serializers.CharField(
        source="reports_to.code", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Salesman
        fields = [
            "code",
            "name",
            "username",
            "role",
            "channel",
            "team",
            "territory",
            "level",
            "active",
            "reports_to",
            "employee_id",
            "joined_on",
            "left_on",
        ]


class MeSerializer(serializers.ModelSerializer):
    salesman = SalesmanSerializer(read_only=True, default=None, allow_null=True)

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "salesman"]


class TeamSerializer(serializers.ModelSerializer):
    supervisor = serializers.CharField(
        source="supervisor.username", default=None, allow_null=True, read_only=True
    )
    manager = serializers.CharField(
        source="manager.username", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = Team
        fields = ["id", "name", "channel", "supervisor", "manager"]


class ApiTokenSerializer(serializers.Serializer):
    key = serializers.CharField(read_only=True)
    created = serializers.DateTimeField(read_only=True)
    expires = serializers.DateTimeField(read_only=True)


class TerritorySerializer(serializers.ModelSerializer):
    class Meta:
        model = Territory
        fields = ["id", "name"]
