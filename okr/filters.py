import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from org.filters import BootstrapFilterSet
from org.models import Team
from org.visibility import teams_visible_to

from .models import Cycle, Level, Objective


class ObjectiveFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    cycle = django_filters.ModelChoiceFilter(
        label=_("cycle"), queryset=Cycle.objects.all(), to_field_name="code"
    )
    level = django_filters.ChoiceFilter(label=_("owner level"), choices=Level.choices)
    team = django_filters.ModelChoiceFilter(label=_("team"), queryset=Team.objects.none())

    class Meta:
        model = Objective
        fields = ["q", "cycle", "level", "team"]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        teams = teams_visible_to(user)
        self.filters["team"].queryset = teams
        self.form.fields["team"].queryset = teams

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(title_id__icontains=value) | Q(title_en__icontains=value)
        )
