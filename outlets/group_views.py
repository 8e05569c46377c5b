"""The SKU groups page (focus, must-stock…): managers and admins keep which products belong to
which group (`org.policy.may_configure_kpis`; 404 to everyone else). The group metrics
(`revenue@G`, `outlets@G`, `numeric_distribution@G`) follow at the next computation."""

import re

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from org.policy import may_configure_kpis

from .groups import delete_group, save_group
from .models import Product, ProductGroup
from .tables import ProductGroupTable


def _require_configurer(user) -> None:
    if not may_configure_kpis(user):
        raise Http404


class ProductGroupForm(forms.ModelForm):
    skus = forms.CharField(
        label=gettext_lazy("SKUs"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("one SKU per line, or separated by ; or ,"),
    )

    class Meta:
        model = ProductGroup
        fields = ("code", "name", "name_en")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        if self.instance.pk and not self.is_bound:
            self.initial["skus"] = "\n".join(
                self.instance.products.order_by("sku").values_list("sku", flat=True)
            )

    def clean_skus(self) -> list[str]:
        skus = list(dict.fromkeys(s for s in re.split(r"[\s;,]+", self.cleaned_data["skus"]) if s))
        known = set(Product.objects.filter(sku__in=skus).values_list("sku", flat=True))
        unknown = [sku for sku in skus if sku not in known]
        if unknown:
            raise forms.ValidationError(_("unknown SKU: %(skus)s") % {"skus": ", ".join(unknown)})
        return skus


@login_required
def group_list(request):
    _require_configurer(request.user)
    table = ProductGroupTable(ProductGroup.objects.annotate(sku_count=Count("products")))
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    return render(request, "outlets/group_list.html", {"table": table})


@login_required
def group_edit(request, code=None):
    _require_configurer(request.user)
    group = get_object_or_404(ProductGroup, code=code) if code else None
    form = ProductGroupForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        save_group(group=form.instance, skus=form.cleaned_data["skus"], by=request.user)
        messages.success(request, _("SKU group saved."))
        return redirect("outlets:groups")
    return render(request, "outlets/group_form.html", {"form": form, "group": group})


@login_required
@require_POST
def group_delete(request, code):
    _require_configurer(request.user)
    group = get_object_or_404(ProductGroup, code=code)
    delete_group(group=group, by=request.user)
    messages.success(request, _("SKU group deleted."))
    return redirect("outlets:groups")
