import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Channel, Role, Salesman, Team


class SalesmanFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=Channel.choices)
    role = django_filters.ChoiceFilter(
        label=_("role"),
        field_name="user__role",
        choices=[(r.value, r.label) for r in (Role.SALESMAN, Role.SUPERVISOR, Role.MANAGER)],
    )
    team = django_filters.ModelChoiceFilter(label=_("team"), queryset=Team.objects.none())
    active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = Salesman
        fields = ["q", "channel", "role", "team", "active"]

    def __init__(self, *args, teams=None, **kwargs):
        super().__init__(*args, **kwargs)
        if teams is not None:
            self.filters["team"].queryset = teams

    def search(self, queryset, name, value):
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))
