import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.visibility import teams_visible_to

from .models import Cycle, Level, Objective


class ObjectiveFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cycle = django_filters.ModelChoiceFilter(
        label=_("cycle"), queryset=Cycle.objects.all(), to_field_name="code"
    )
    level = django_filters.ChoiceFilter(label=_("owner level"), choices=Level.choices)
    team = django_filters.ModelChoiceFilter(label=_("team"), queryset=None)

    class Meta:
        model = Objective
        fields = ["q", "cycle", "level", "team"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["team"].queryset = teams_visible_to(user)

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(title_id__icontains=value) | Q(title_en__icontains=value)
        )
