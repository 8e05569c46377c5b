"""The KRA and KPI definition pages (managers and admins; 404 to everyone else)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from outlets.metrics import metric_choices

from ..configuration import save_kpi, save_kra
from ..forms import KPIForm, KRAForm
from ..models import KRA, KPIDefinition
from ..selectors import require_configurer
from ..tables import KPITable, KRATable


@login_required
def kra_list(request):
    require_configurer(request.user)
    table = KRATable(KRA.objects.annotate(kpi_count=Count("kpis")))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "kpi/kra_list.html", {"table": table})


@login_required
def kra_edit(request, pk=None):
    require_configurer(request.user)
    kra = get_object_or_404(KRA, pk=pk) if pk else None
    form = KRAForm(request.POST or None, instance=kra)
    if request.method == "POST" and form.is_valid():
        save_kra(kra=form.instance, by=request.user)
        messages.success(request, _("KRA saved."))
        return redirect("kpi:kras")
    return render(request, "kpi/kra_form.html", {"form": form, "kra": kra})


@login_required
def kpi_list(request):
    require_configurer(request.user)
    table = KPITable(KPIDefinition.objects.select_related("kra"))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "kpi/kpi_list.html", {"table": table})


@login_required
def kpi_edit(request, code=None):
    require_configurer(request.user)
    kpi = get_object_or_404(KPIDefinition, code=code) if code else None
    form = KPIForm(request.POST or None, instance=kpi, metrics=metric_choices())
    if request.method == "POST" and form.is_valid():
        try:
            save_kpi(kpi=form.instance, by=request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("KPI saved."))
            return redirect("kpi:kpis")
    return render(request, "kpi/kpi_form.html", {"form": form, "kpi": kpi})
