"""E-mails about disputes, through Django's e-mail backend (settings.EMAIL_BACKEND: the console
in development, SMTP in production). Sent after the transaction that made the change commits,
in the company's language (settings.LANGUAGE_CODE); people without an address are skipped.

- raised: the salesman's supervisor and manager, and HR;
- commented: everyone concerned (salesman, whoever raised it, supervisor, manager, whoever
  resolved it) but the author;
- resolved: the salesman and whoever raised it.
"""

import logging

from django.conf import settings
from django.core.mail import send_mass_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from org.models import Role, User
from spm import formats as fmt

log = logging.getLogger(__name__)


def _concerned(dispute) -> set[User]:
    people = {dispute.raised_by}
    salesman = dispute.salesman
    if salesman.user_id:
        people.add(salesman.user)
    team = salesman.team
    if team is not None:
        people.update(u for u in (team.supervisor, team.manager) if u is not None)
    if dispute.resolved_by_id:
        people.add(dispute.resolved_by)
    return people


def _send(dispute, recipients, subject: str, body: str) -> None:
    addresses = sorted({u.email for u in recipients if u.email and u.is_active})
    if not addresses:
        return
    link = reverse("incentives:dispute", args=[dispute.pk])
    body = f"{body}\n\n{link}\n"
    sender = settings.DEFAULT_FROM_EMAIL
    try:
        send_mass_mail([(subject, body, sender, [address]) for address in addresses])
    except OSError:  # the mail server is down: the dispute stands, the log says who missed it
        log.exception("dispute #%s: mail to %s not sent", dispute.pk, addresses)


def _load(pk):
    from incentives.disputes.models import Dispute

    return Dispute.objects.select_related(
        "salesman__team__supervisor",
        "salesman__team__manager",
        "salesman__user",
        "raised_by",
        "resolved_by",
    ).get(pk=pk)


def _what(dispute) -> str:
    line = f" · {dispute.line_label or dispute.rule_code}" if dispute.rule_code else ""
    person = f"{dispute.salesman.name} ({dispute.salesman.code})"
    return f"{person} · {fmt.month_label(dispute.month)}{line}"


def raised(pk: int) -> None:
    dispute = _load(pk)
    team = dispute.salesman.team
    recipients = set(User.objects.filter(role=Role.HR, is_active=True))
    if team is not None:
        recipients.update(u for u in (team.supervisor, team.manager) if u is not None)
    recipients.discard(dispute.raised_by)
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Dispute #%(id)s: %(what)s") % {"id": pk, "what": _what(dispute)}
        body = _("%(who)s questions a statement: %(message)s") % {
            "who": dispute.raised_by.get_full_name() or dispute.raised_by.username,
            "message": dispute.message,
        }
        _send(dispute, recipients, subject, body)


def commented(comment_pk: int) -> None:
    from incentives.disputes.models import DisputeComment

    comment = DisputeComment.objects.select_related("author").get(pk=comment_pk)
    dispute = _load(comment.dispute_id)
    recipients = _concerned(dispute) - {comment.author}
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Dispute #%(id)s: a new comment") % {"id": dispute.pk}
        body = f"{comment.author.get_full_name() or comment.author.username}: {comment.message}"
        _send(dispute, recipients, subject, body)


def resolved(pk: int) -> None:
    dispute = _load(pk)
    recipients = {dispute.raised_by}
    if dispute.salesman.user_id:
        recipients.add(dispute.salesman.user)
    recipients.discard(dispute.resolved_by)
    with translation.override(settings.LANGUAGE_CODE):
        if dispute.status == "accepted":
            subject = _("Dispute #%(id)s accepted") % {"id": pk}
            body = _("%(amount)s is added to the run of %(month)s.") % {
                "amount": fmt.rupiah(dispute.amount),
                "month": fmt.month_label(dispute.adjustment.run.month),
            }
        else:
            subject = _("Dispute #%(id)s rejected") % {"id": pk}
            body = ""
        if dispute.resolution_note:
            body = f"{body} {dispute.resolution_note}".strip()
        _send(dispute, recipients, subject, f"{_what(dispute)}\n{body}")
