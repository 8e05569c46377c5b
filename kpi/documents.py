"""Scorecard templates as JSON documents (docs/contracts.md "Scorecard template JSON").

One service, `save_template_document`, stores a document for every way in: the
`import_scorecard` command, the template form (which builds a document from its fields) and the
API. It checks everything first and names every problem with its path in the document
(`items[1].weight`, `kpis[0].source`, ...); if there is any problem nothing is stored.
`export_template_document` writes the same shape back, so import → export round-trips exactly.
"""

import json
import re
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from org.audit import record
from org.models import Channel, Salesman, User

from .models import (
    KRA,
    MANUAL,
    METRIC_PREFIX,
    Direction,
    KPIDefinition,
    Rounding,
    ScorecardTemplate,
    ScoredRole,
    TemplateItem,
)

HUNDRED = Decimal(100)
_CODE_RE = re.compile(r"^[-a-zA-Z0-9_]+$")
_TOP_KEYS = {
    "code",
    "name",
    "rounding",
    "applies_to",
    "assigned_only",
    "effective_from",
    "items",
    "kpis",
}
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")


class DocumentError(Exception):
    """A document with problems: `errors` maps each path in the document to its messages."""

    def __init__(self, errors: dict[str, list[str]]):
        self.errors = errors
        super().__init__("; ".join(f"{path}: {' '.join(msgs)}" for path, msgs in errors.items()))


def known_metrics() -> set[str]:
    """The metrics a KPI may read: the catalogue and the group metrics of the SKU groups there
    are (`revenue@focus`, …)."""
    from outlets.metrics import METRICS, group_metric_codes

    return set(METRICS) | set(group_metric_codes())


class _Checker:
    def __init__(self):
        self.errors: dict[str, list[str]] = {}

    def add(self, path: str, message: str) -> None:
        self.errors.setdefault(path, []).append(message)

    def text(self, obj: dict, key: str, path: str, *, required=True, max_length=150) -> str | None:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.add(path, _("This field is required."))
            return None if value is None else ""
        if not isinstance(value, str):
            self.add(path, _("Must be a string."))
            return None
        if len(value) > max_length:
            self.add(path, _("At most %(max)s characters.") % {"max": max_length})
            return None
        return value

    def code(self, obj: dict, key: str, path: str) -> str | None:
        value = self.text(obj, key, path, max_length=60)
        if value and not _CODE_RE.match(value):
            self.add(path, _("Use only letters, digits, '-' and '_'."))
            return None
        return value

    def number(self, obj: dict, key: str, path: str, *, required=True) -> Decimal | None:
        value = obj.get(key)
        if value is None:
            if required:
                self.add(path, _("This field is required."))
            return None
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal | str):
            self.add(path, _("A valid number is required."))
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.add(path, _("A valid number is required."))
            return None
        if not number.is_finite():
            self.add(path, _("A valid number is required."))
            return None
        if number != number.quantize(Decimal("0.01")):
            self.add(path, _("At most 2 decimal places."))
            return None
        if abs(number) >= Decimal(100000):
            self.add(path, _("Must be less than 100000."))
            return None
        return number

    def choice(self, obj: dict, key: str, path: str, choices, *, required=True) -> str | None:
        value = obj.get(key)
        if value is None or value == "":
            if required:
                self.add(path, _("This field is required."))
            return None
        if value not in choices:
            self.add(
                path,
                _("%(value)s is not one of: %(choices)s.")
                % {"value": repr(value), "choices": ", ".join(choices)},
            )
            return None
        return value


def validate_template_document(document) -> tuple[dict, dict[str, list[str]]]:
    """Check a document; returns (the cleaned document, the problems by path)."""
    check = _Checker()
    if not isinstance(document, dict):
        check.add("", _("The document must be a JSON object."))
        return {}, check.errors
    for key in sorted(set(document) - _TOP_KEYS):
        check.add(key, _("Unknown field."))

    clean: dict = {
        "code": check.code(document, "code", "code"),
        "name": check.text(document, "name", "name"),
        "rounding": check.choice(document, "rounding", "rounding", Rounding.values),
    }
    applies_to = document.get("applies_to")
    role = channel = None
    if not isinstance(applies_to, dict):
        check.add("applies_to", _('This field is required: {"role": ..., "channel": ...}.'))
    else:
        role = check.choice(applies_to, "role", "applies_to.role", ScoredRole.values)
        channel = check.choice(
            applies_to, "channel", "applies_to.channel", Channel.values, required=False
        )
    clean["applies_to"] = {"role": role, "channel": channel}
    assigned_only = document.get("assigned_only", False)
    if not isinstance(assigned_only, bool):
        check.add("assigned_only", _("Must be true or false."))
        assigned_only = False
    clean["assigned_only"] = assigned_only
    effective_from = document.get("effective_from")
    if effective_from is not None and not (
        isinstance(effective_from, str) and _MONTH_RE.match(effective_from)
    ):
        check.add("effective_from", _("Must be a month YYYY-MM."))
        effective_from = None
    clean["effective_from"] = effective_from

    # The KPI definitions the document carries (optional: items may name existing KPIs).
    kpis_in_doc: dict[str, dict] = {}
    metrics = None
    kpis = document.get("kpis", [])
    if not isinstance(kpis, list):
        check.add("kpis", _("Must be a list."))
        kpis = []
    for index, kpi in enumerate(kpis):
        path = f"kpis[{index}]"
        if not isinstance(kpi, dict):
            check.add(path, _("Must be an object."))
            continue
        for key in sorted(set(kpi) - {"code", "name", "kra", "unit", "direction", "source"}):
            check.add(f"{path}.{key}", _("Unknown field."))
        code = check.code(kpi, "code", f"{path}.code")
        names = kpi.get("name")
        name_id = name_en = None
        if not isinstance(names, dict):
            check.add(f"{path}.name", _('This field is required: {"id": ..., "en": ...}.'))
        else:
            name_id = check.text(names, "id", f"{path}.name.id")
            name_en = check.text(names, "en", f"{path}.name.en")
        kra = check.text(kpi, "kra", f"{path}.kra", max_length=100)
        unit = check.text(kpi, "unit", f"{path}.unit", required=False, max_length=30)
        direction = check.choice(kpi, "direction", f"{path}.direction", Direction.values)
        source = check.text(kpi, "source", f"{path}.source", max_length=60)
        if source and source != MANUAL:
            if not source.startswith(METRIC_PREFIX):
                check.add(f"{path}.source", _("Must be 'manual' or 'metric:NAME'."))
                source = None
            else:
                metrics = known_metrics() if metrics is None else metrics
                if source[len(METRIC_PREFIX) :] not in metrics:
                    check.add(
                        f"{path}.source",
                        _("Unknown metric %(name)s.")
                        % {"name": repr(source[len(METRIC_PREFIX) :])},
                    )
                    source = None
        if code:
            if code in kpis_in_doc:
                check.add(f"{path}.code", _("Duplicate KPI %(code)s.") % {"code": repr(code)})
                continue
            kpis_in_doc[code] = {
                "code": code,
                "name": {"id": name_id, "en": name_en},
                "kra": kra,
                "unit": unit or "",
                "direction": direction,
                "source": source,
            }
    clean["kpis"] = list(kpis_in_doc.values())

    items = document.get("items")
    clean_items = []
    if not isinstance(items, list) or not items:
        check.add("items", _("At least one item is required."))
        items = []
    existing = {
        kpi.code: kpi
        for kpi in KPIDefinition.objects.filter(
            code__in=[i.get("kpi") for i in items if isinstance(i, dict)]
        )
    }
    seen: set[str] = set()
    weight_total = Decimal(0)
    weights_ok = True
    for index, item in enumerate(items):
        path = f"items[{index}]"
        if not isinstance(item, dict):
            check.add(path, _("Must be an object."))
            weights_ok = False
            continue
        for key in sorted(set(item) - {"kpi", "weight", "cap", "floor"}):
            check.add(f"{path}.{key}", _("Unknown field."))
        code = check.text(item, "kpi", f"{path}.kpi", max_length=60)
        weight = check.number(item, "weight", f"{path}.weight")
        cap = check.number(item, "cap", f"{path}.cap", required=False)
        floor = check.number(item, "floor", f"{path}.floor", required=False)
        if weight is None:
            weights_ok = False
        elif weight <= 0:
            check.add(f"{path}.weight", _("Must be greater than 0."))
            weights_ok = False
        else:
            weight_total += weight
        if cap is not None and cap <= 0:
            check.add(f"{path}.cap", _("Must be greater than 0."))
        if floor is not None and floor < 0:
            check.add(f"{path}.floor", _("Cannot be negative."))
        if cap is not None and floor is not None and floor > cap:
            check.add(f"{path}.floor", _("Cannot be above the cap."))
        direction = None
        if code:
            if code in seen:
                check.add(f"{path}.kpi", _("Duplicate KPI %(code)s.") % {"code": repr(code)})
            seen.add(code)
            if code in kpis_in_doc:
                direction = kpis_in_doc[code]["direction"]
            elif code in existing:
                direction = existing[code].direction
            else:
                check.add(
                    f"{path}.kpi",
                    _("Unknown KPI %(code)s: define it under 'kpis'.") % {"code": repr(code)},
                )
        if direction == Direction.LOWER and cap is None:
            check.add(f"{path}.cap", _("A lower-is-better KPI needs a cap."))
        clean_items.append({"kpi": code, "weight": weight, "cap": cap, "floor": floor})
    if items and weights_ok and weight_total != HUNDRED:
        check.add(
            "items",
            _("The weights total %(total)s, not 100.") % {"total": _plain(weight_total)},
        )
    clean["items"] = clean_items

    # A KPI turned lower-is-better must not leave another template's item without a cap.
    lowered = [code for code, k in kpis_in_doc.items() if k["direction"] == Direction.LOWER]
    if lowered:
        uncapped = TemplateItem.objects.filter(kpi__code__in=lowered, cap__isnull=True)
        if clean["code"]:
            uncapped = uncapped.exclude(template__code=clean["code"])
        for item in uncapped.select_related("template", "kpi"):
            index = list(kpis_in_doc).index(item.kpi.code)
            check.add(
                f"kpis[{index}].direction",
                _("Template %(template)s uses %(kpi)s without a cap.")
                % {"template": item.template.code, "kpi": item.kpi.code},
            )
    if role and clean["code"] and not assigned_only:
        other = (
            ScorecardTemplate.objects.filter(role=role, channel=channel or "", assigned_only=False)
            .exclude(code=clean["code"])
            .first()
        )
        if other:
            check.add(
                "applies_to",
                _(
                    "Template %(code)s already applies to %(role)s %(channel)s. A second template "
                    "for them can be for the people assigned to it only (assigned_only)."
                )
                % {"code": other.code, "role": role, "channel": channel or _("(any channel)")},
            )
    return clean, check.errors


def people_moved_by(clean: dict) -> list[tuple]:
    """(person, code of the template he is on now) for each active person whom saving the
    template would move onto it from another template: a template for a role and one channel
    takes the people of that channel (not assigned explicitly) from the role's any-channel
    template (the precedence of `kpi.configuration.templates_by_person`)."""
    role, channel = clean["applies_to"]["role"], clean["applies_to"]["channel"]
    if clean["assigned_only"] or not role or not channel:
        return []
    defaults = ScorecardTemplate.objects.filter(role=role, assigned_only=False)
    current = defaults.filter(channel=channel).first() or defaults.filter(channel="").first()
    if current is None or current.code == clean["code"]:
        return []
    people = (
        Salesman.objects.filter(
            active=True, user__role=role, channel=channel, scorecard_assignment__isnull=True
        )
        .select_related("user")
        .order_by("code")
    )
    return [(person, current.code) for person in people]


def _plain(number: Decimal | None):
    """A JSON number as people write it: 50, not 50.00; 12.5, not 12.50."""
    if number is None:
        return None
    if number == number.to_integral_value():
        return int(number)
    return float(number.normalize())


@transaction.atomic
def save_template_document(
    *, document, by: User | None, publish: bool = True, confirm_moves: bool = True
) -> ScorecardTemplate:
    """Create or update the template the document describes (matched by `code`), with the KRAs
    and KPI definitions it names, as a new version (`kpi.versions`): published from the
    document's `effective_from` (else the default month) when `publish`, else a draft. Raises
    `DocumentError` naming every problem; stores nothing then. With `confirm_moves` False, a
    save that would move people onto the template from another one is refused, naming them
    (the editor asks first).
    """
    from . import versions

    clean, errors = validate_template_document(document)
    if errors:
        raise DocumentError(errors)
    if not confirm_moves:
        moved = people_moved_by(clean)
        if moved:
            raise DocumentError(
                {
                    "confirm_moves": [
                        _(
                            "Saving moves these people onto this template: %(people)s. Tick "
                            "'only for the people assigned to it', or confirm the move."
                        )
                        % {
                            "people": ", ".join(
                                f"{person.name} ({person.code}, {_('now')} {code})"
                                for person, code in moved
                            )
                        }
                    ]
                }
            )
    effective_from = None
    if clean["effective_from"]:
        from spm.months import parse_month

        effective_from = parse_month(clean["effective_from"])
        if publish:
            try:
                versions.check_not_locked(effective_from)
            except ValidationError as exc:
                raise DocumentError(exc.message_dict) from exc

    for kpi in clean["kpis"]:
        kra, _created = KRA.objects.get_or_create(name=kpi["kra"])
        current = KPIDefinition.objects.filter(code=kpi["code"]).first()
        values = {
            "name_id": kpi["name"]["id"],
            "name_en": kpi["name"]["en"],
            "kra": kra,
            "unit": kpi["unit"],
            "direction": kpi["direction"],
            "source": kpi["source"],
        }
        before = kpi_snapshot(current) if current else None
        obj, created = KPIDefinition.objects.update_or_create(code=kpi["code"], defaults=values)
        after = kpi_snapshot(obj)
        if before != after:
            record(
                actor=by,
                action="kpi.create" if created else "kpi.update",
                obj=obj,
                before=before,
                after=after,
            )

    template = ScorecardTemplate.objects.filter(code=clean["code"]).first()
    before = export_template_document(template=template) if template else None
    if template is None or publish:
        # The template's rows mirror its published version (what pages and readers without a
        # month see); a draft of an existing template is only a version until published.
        template = versions.mirror(template or ScorecardTemplate(code=clean["code"]), clean)
    else:
        text = version_text(_document_of(clean))
        latest = versions.latest_version(template)
        if latest is not None and latest.document == text:
            return template
        version = versions.store_version(
            template=template, text=text, publish=False, effective_from=None
        )
        record(
            actor=by,
            action="template.update",
            obj=template,
            before=before,
            after=before,
            note=f"draft version {version.number}",
        )
        return template
    after = export_template_document(template=template)
    text = version_text(after)
    latest = versions.latest_version(template)
    if latest is not None and latest.document == text and (latest.is_published or not publish):
        return template
    try:
        version = versions.store_version(
            template=template, text=text, publish=publish, effective_from=effective_from
        )
    except ValidationError as exc:
        raise DocumentError(exc.message_dict) from exc
    if before != after or publish:
        said = f"version {version.number}"
        if version.is_published:
            said += f", effective from {version.effective_from:%Y-%m}"
        record(
            actor=by,
            action="template.create" if before is None else "template.update",
            obj=template,
            before=before,
            after=after,
            note=said,
        )
    return template


def _document_of(clean: dict) -> dict:
    """The document of a validated template, as `export_template_document` writes it."""
    return {
        "code": clean["code"],
        "name": clean["name"],
        "rounding": clean["rounding"],
        "applies_to": {
            "role": clean["applies_to"]["role"],
            "channel": clean["applies_to"]["channel"] or None,
        },
        **({"assigned_only": True} if clean["assigned_only"] else {}),
        "items": [
            {
                "kpi": item["kpi"],
                "weight": _plain(item["weight"]),
                "cap": _plain(item["cap"]),
                "floor": _plain(item["floor"]),
            }
            for item in clean["items"]
        ],
    }


def version_text(document: dict) -> str:
    """A template version's stored document: the template without its KPI definitions (those
    are shared by every template and version)."""
    return json.dumps(
        {key: value for key, value in document.items() if key != "kpis"},
        ensure_ascii=False,
        indent=2,
    )


def kpi_snapshot(kpi: KPIDefinition) -> dict:
    return {
        "code": kpi.code,
        "name": {"id": kpi.name_id, "en": kpi.name_en},
        "kra": kpi.kra.name,
        "unit": kpi.unit,
        "direction": kpi.direction,
        "source": kpi.source,
    }


def export_template_document(*, template: ScorecardTemplate) -> dict:
    """The template as the JSON document of docs/contracts.md (items in their order, then their
    KPIs)."""
    items = list(template.items.select_related("kpi__kra").order_by("position", "id"))
    return {
        "code": template.code,
        "name": template.name,
        "rounding": template.rounding,
        "applies_to": {"role": template.role, "channel": template.channel or None},
        # Only when set, so older documents round-trip unchanged.
        **({"assigned_only": True} if template.assigned_only else {}),
        "items": [
            {
                "kpi": item.kpi.code,
                "weight": _plain(item.weight),
                "cap": _plain(item.cap),
                "floor": _plain(item.floor),
            }
            for item in items
        ],
        "kpis": [kpi_snapshot(item.kpi) for item in items],
    }


def dumps(document: dict) -> str:
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


@transaction.atomic
def delete_template(*, template: ScorecardTemplate, by: User | None) -> None:
    """Delete a template; stored scorecards keep their snapshot (and its code and name)."""
    before = export_template_document(template=template)
    record(actor=by, action="template.delete", obj=template, before=before, after=None)
    template.delete()
