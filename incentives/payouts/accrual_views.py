"""The open months' cost for finance: the page (`/incentives/accruals/`), its CSV/XLSX export
and the API (`GET /api/v1/accruals/`). Managers (their people), HR and admins
(`org.policy.may_see_accruals`); anyone else 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import NotFound
from rest_framework.response import Response

from incentives.payouts.accruals import DIMENSIONS, open_month_accruals, write_export
from org import policy

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@login_required
def accruals_page(request):
    if not policy.may_see_accruals(request.user):
        raise Http404
    accruals = open_month_accruals(user=request.user)
    return render(
        request,
        "incentives/accruals.html",
        {
            "accruals": accruals,
            "total_earned": sum((a.earned for a in accruals), 0),
            "total_projected": sum((a.projected for a in accruals), 0),
        },
    )


@login_required
def accruals_export(request, fmt):
    if not policy.may_see_accruals(request.user) or fmt not in CONTENT_TYPES:
        raise Http404
    body = write_export(open_month_accruals(user=request.user), fmt)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="accruals.{fmt}"'
    return response


def _group(group) -> dict:
    return {
        "key": group.key,
        "people": group.headcount,
        "earned": str(group.earned),
        "projected": str(group.projected),
    }


GROUP = inline_serializer(
    "AccrualGroup",
    {
        "key": serializers.CharField(),
        "people": serializers.IntegerField(),
        "earned": serializers.DecimalField(max_digits=18, decimal_places=0),
        "projected": serializers.DecimalField(max_digits=18, decimal_places=0),
    },
    many=True,
)


@extend_schema(
    responses=inline_serializer(
        "Accruals",
        {
            "months": inline_serializer(
                "AccrualMonth",
                {
                    "month": serializers.CharField(),
                    "source": serializers.ChoiceField(["run", "projection", "adjustments"]),
                    "status": serializers.CharField(),
                    "as_of": serializers.DateField(allow_null=True),
                    "people": serializers.IntegerField(),
                    "earned": serializers.DecimalField(max_digits=18, decimal_places=0),
                    "projected": serializers.DecimalField(max_digits=18, decimal_places=0),
                    "accrual": serializers.DecimalField(max_digits=18, decimal_places=0),
                    "by_plan": GROUP,
                    "by_team": GROUP,
                    "by_channel": GROUP,
                },
                many=True,
            ),
            "earned": serializers.DecimalField(max_digits=18, decimal_places=0),
            "projected": serializers.DecimalField(max_digits=18, decimal_places=0),
        },
    )
)
@api_view(["GET"])
def accruals_api(request):
    """Per month not yet locked: earned so far and the projected cost at month end (the
    accrual), by plan, team and channel, for the people the caller sees."""
    if not policy.may_see_accruals(request.user):
        raise NotFound
    accruals = open_month_accruals(user=request.user)
    months = [
        {
            "month": a.period,
            "source": a.source,
            "status": a.status,
            "as_of": a.as_of.isoformat() if a.as_of else None,
            "people": a.headcount,
            "earned": str(a.earned),
            "projected": str(a.projected),
            "accrual": str(a.accrual),
            **{f"by_{d}": [_group(g) for g in a.by(d)] for d in DIMENSIONS},
        }
        for a in accruals
    ]
    return Response(
        {
            "months": months,
            "earned": str(sum((a.earned for a in accruals), 0)),
            "projected": str(sum((a.projected for a in accruals), 0)),
        }
    )
