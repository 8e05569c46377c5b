import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .history import action_choices, model_name
from .models import AuditEntry, Channel, Role, Salesman, Team


class BootstrapFilterSet(django_filters.FilterSet):
    """A FilterSet whose form renders with Bootstrap's small controls.

    The classes are set when the form is first built, not in `__init__`: building it there would
    freeze the choices before a subclass narrows a filter's queryset to the user's scope (the
    team filter of the people page, the salesman filter of the outlets page).
    """

    @property
    def form(self):
        form = super().form
        if not getattr(form, "bootstrap_styled", False):
            for field in form.fields.values():
                css = (
                    "form-select form-select-sm"
                    if hasattr(field, "choices")
                    else "form-control form-control-sm"
                )
                field.widget.attrs.setdefault("class", css)
            form.bootstrap_styled = True
        return form


class SalesmanFilter(BootstrapFilterSet):
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


class TeamFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    channel = django_filters.ChoiceFilter(label=_("channel"), choices=Channel.choices)

    class Meta:
        model = Team
        fields = ["q", "channel"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(supervisor__username__icontains=value)
            | Q(supervisor__first_name__icontains=value)
            | Q(supervisor__last_name__icontains=value)
        )


def audited_types():
    """The kinds of object in the trail, by their names in the reader's language."""
    types = AuditEntry.objects.order_by().values_list("object_type", flat=True).distinct()
    return sorted(((t, model_name(t)) for t in types), key=lambda choice: choice[1])


class AuditEntryFilter(BootstrapFilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    action = django_filters.ChoiceFilter(label=_("what was done"), choices=action_choices)
    object_type = django_filters.ChoiceFilter(label=_("kind of object"), choices=audited_types)
    actor = django_filters.CharFilter(label=_("who (username)"), field_name="actor__username")
    since = django_filters.DateFilter(label=_("from"), field_name="at", lookup_expr="date__gte")
    until = django_filters.DateFilter(label=_("until"), field_name="at", lookup_expr="date__lte")

    class Meta:
        model = AuditEntry
        fields = ["q", "action", "object_type", "actor", "since", "until"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(object_repr__icontains=value) | Q(note__icontains=value))
