"""Dispute pages: the queue (each role sees what `org.visibility.disputes_visible_to` gives),
one dispute with its comments and the resolve form, raising one from a statement line.

A dispute outside the user's scope answers 404, like a salesman outside it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_tables2 import RequestConfig

from incentives.disputes import services
from incentives.disputes.forms import CommentForm, RaiseForm, ResolveForm
from incentives.disputes.models import Dispute, DisputeStatus
from incentives.disputes.tables import DisputeTable
from incentives.payouts.selectors import salesman_for_statement
from org import policy
from org.visibility import disputes_visible_to

STATUS_FILTERS = ("open", "accepted", "rejected", "all")


def dispute_or_404(user, pk) -> Dispute:
    try:
        return disputes_visible_to(user).get(pk=pk)
    except (Dispute.DoesNotExist, ValueError) as exc:
        raise Http404 from exc


@login_required
def dispute_list(request):
    """The queue: open disputes first by default (a salesman sees all his own)."""
    default = "all" if policy.sees_only_own(request.user) else "open"
    status = request.GET.get("status", default)
    if status not in STATUS_FILTERS:
        status = default
    disputes = disputes_visible_to(request.user)
    if status != "all":
        disputes = disputes.filter(status=status)
    table = DisputeTable(disputes)
    RequestConfig(request, paginate={"per_page": 25}).configure(table)
    return render(
        request,
        "incentives/dispute_list.html",
        {"table": table, "status": status, "filters": STATUS_FILTERS},
    )


def _detail(request, dispute, *, comment_form=None, resolve_form=None, status=200):
    may_resolve = dispute.is_open and policy.may_resolve_disputes(request.user)
    return render(
        request,
        "incentives/dispute_detail.html",
        {
            "dispute": dispute,
            "comments": dispute.comments.select_related("author"),
            "comment_form": comment_form or CommentForm(),
            "resolve_form": resolve_form or (ResolveForm() if may_resolve else None),
            "may_resolve": may_resolve,
        },
        status=status,
    )


@login_required
def dispute_detail(request, pk):
    return _detail(request, dispute_or_404(request.user, pk))


@login_required
def dispute_create(request):
    """GET: the form for one line (`?salesman=&period=&rule=`); POST: raise it, back to the
    statement (the line then shows its dispute)."""
    if not policy.may_raise_disputes(request.user):
        raise Http404
    form = RaiseForm(request.POST or None, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        salesman = salesman_for_statement(request.user, data["salesman"])
        try:
            dispute = services.raise_dispute(
                salesman=salesman,
                month=data["period"],
                rule_code=data["rule"],
                message=data["message"],
                by=request.user,
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name == "message" else None, errors)
        except PermissionDenied as exc:
            raise Http404 from exc
        else:
            messages.success(
                request,
                _("Dispute #%(id)s is sent; you will see the answer on the line.")
                % {"id": dispute.pk},
            )
            return redirect("incentives:statement", code=salesman.code, period=dispute.period)
    elif request.method == "GET" and request.GET.get("salesman"):
        salesman_for_statement(request.user, request.GET["salesman"])  # 404 outside the scope
    source = request.POST if request.method == "POST" else request.GET
    what = " · ".join(
        source.get(key, "") for key in ("salesman", "period", "rule") if source.get(key)
    )
    return render(
        request,
        "incentives/dispute_form.html",
        {"form": form, "what": what},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def dispute_comment(request, pk):
    dispute = dispute_or_404(request.user, pk)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_on_dispute(
                dispute=dispute, message=form.cleaned_data["message"], by=request.user
            )
        except ValidationError as exc:
            form.add_error("message", exc.message_dict.get("message", exc.messages))
        else:
            return redirect("incentives:dispute", pk=dispute.pk)
    return _detail(request, dispute, comment_form=form, status=400)


@login_required
@require_POST
def dispute_resolve(request, pk):
    dispute = dispute_or_404(request.user, pk)
    if not policy.may_resolve_disputes(request.user):
        raise Http404
    form = ResolveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            dispute = services.resolve_dispute(
                dispute=dispute,
                decision=data["decision"],
                amount=data["amount"],
                note=data["note"],
                by=request.user,
            )
        except ValidationError as exc:
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        except services.DisputeClosed as exc:
            messages.error(request, str(exc))
            return redirect("incentives:dispute", pk=dispute.pk)
        else:
            if dispute.status == DisputeStatus.ACCEPTED:
                messages.success(
                    request,
                    _("Dispute #%(id)s accepted: the correction is in the run of %(month)s.")
                    % {"id": dispute.pk, "month": dispute.adjustment.run.period},
                )
            else:
                messages.success(request, _("Dispute #%(id)s rejected.") % {"id": dispute.pk})
            return redirect("incentives:dispute", pk=dispute.pk)
    return _detail(request, dispute, resolve_form=form, status=400)
