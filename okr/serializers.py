from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from org.audit import history_of
from org.models import AuditEntry

from .models import CheckIn, Cycle, KeyResult, KeyResultKind, Objective


@extend_schema_field(
    {"type": "string", "description": "`metric` (metric-linked) or `manual` (check-ins)"}
)
class KeyResultKindField(serializers.ChoiceField):
    """A plain string in the schema: a `kind` enum would collide with the cycle's `kind`."""

    def __init__(self, **kwargs):
        super().__init__(choices=KeyResultKind.choices, **kwargs)


class CycleSerializer(serializers.ModelSerializer):
    class Meta:
        model = Cycle
        fields = ["code", "name", "kind", "start", "end"]


class CheckInSerializer(serializers.ModelSerializer):
    by = serializers.CharField(source="by.username", default=None, allow_null=True, read_only=True)

    class Meta:
        model = CheckIn
        fields = ["id", "date", "value", "confidence", "note", "by", "created_at"]


class KeyResultSerializer(serializers.ModelSerializer):
    kind = KeyResultKindField(read_only=True)
    scope_team = serializers.CharField(
        source="scope_team.name", default=None, allow_null=True, read_only=True
    )
    score = serializers.DecimalField(
        source="display_score", max_digits=3, decimal_places=2, read_only=True
    )
    band = serializers.CharField(read_only=True)

    class Meta:
        model = KeyResult
        fields = [
            "id",
            "title_id",
            "title_en",
            "kind",
            "metric",
            "aggregation",
            "scope",
            "scope_team",
            "count_from",
            "start_value",
            "target_value",
            "direction",
            "unit",
            "weight",
            "current_value",
            "value_updated_at",
            "score",
            "band",
        ]


class KeyResultDetailSerializer(KeyResultSerializer):
    check_ins = CheckInSerializer(many=True, read_only=True)

    class Meta(KeyResultSerializer.Meta):
        fields = [*KeyResultSerializer.Meta.fields, "check_ins"]


class ObjectiveSerializer(serializers.ModelSerializer):
    cycle = serializers.CharField(source="cycle.code", read_only=True)
    team = serializers.CharField(source="team.name", default=None, allow_null=True, read_only=True)
    owner = serializers.CharField(
        source="owner.code", default=None, allow_null=True, read_only=True
    )
    parent = serializers.CharField(
        source="parent.code", default=None, allow_null=True, read_only=True
    )
    participants = serializers.SlugRelatedField(many=True, read_only=True, slug_field="code")
    score = serializers.DecimalField(
        source="display_score", max_digits=3, decimal_places=2, read_only=True
    )
    band = serializers.CharField(read_only=True)

    class Meta:
        model = Objective
        fields = [
            "code",
            "cycle",
            "title_id",
            "title_en",
            "description",
            "level",
            "team",
            "owner",
            "parent",
            "participants",
            "score",
            "band",
        ]


class ChangeSerializer(serializers.ModelSerializer):
    """One entry of the objective's change history (org.audit)."""

    actor = serializers.CharField(
        source="actor.username", default=None, allow_null=True, read_only=True
    )

    class Meta:
        model = AuditEntry
        fields = ["at", "actor", "action", "before", "after", "note"]


class ObjectiveDetailSerializer(ObjectiveSerializer):
    key_results = KeyResultDetailSerializer(many=True, read_only=True)
    history = serializers.SerializerMethodField()

    class Meta(ObjectiveSerializer.Meta):
        fields = [*ObjectiveSerializer.Meta.fields, "key_results", "history"]

    @extend_schema_field(ChangeSerializer(many=True))
    def get_history(self, objective):
        return ChangeSerializer(history_of(objective), many=True).data


class CheckInInputSerializer(serializers.Serializer):
    """`value` is required for a manual key result; a metric-linked one records its own."""

    date = serializers.DateField()
    value = serializers.DecimalField(max_digits=20, decimal_places=4, required=False)
    confidence = serializers.IntegerField(min_value=1, max_value=10)
    note = serializers.CharField(required=False, allow_blank=True, default="")


class CheckInResultSerializer(serializers.Serializer):
    check_in = CheckInSerializer()
    key_result = KeyResultSerializer()
    objective_score = serializers.DecimalField(max_digits=3, decimal_places=2)
    objective_band = serializers.CharField()
