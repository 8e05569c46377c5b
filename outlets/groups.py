"""SKU groups (focus, must-stock…): who belongs where, from the `products` import and the groups
page. The group metrics themselves are computed with the others in `outlets.metrics`."""

from django.db import transaction

from org.audit import record

from .models import Product, ProductGroup


def set_product_groups(memberships: dict[str, tuple[str, ...]]) -> None:
    """Set each product's groups to exactly the codes given ({sku: (code, …)}); a group named
    and missing is created with its code as its name. Set-based: one query per group."""
    codes = {code for group_codes in memberships.values() for code in group_codes}
    existing = dict(ProductGroup.objects.filter(code__in=codes).values_list("code", "id"))
    for code in sorted(codes - set(existing)):
        existing[code] = ProductGroup.objects.create(code=code, name=code).id
    products = dict(Product.objects.filter(sku__in=memberships).values_list("sku", "id"))
    through = ProductGroup.products.through
    with transaction.atomic():
        through.objects.filter(product_id__in=products.values()).delete()
        through.objects.bulk_create(
            through(productgroup_id=existing[code], product_id=products[sku])
            for sku, group_codes in memberships.items()
            if sku in products
            for code in group_codes
        )


def save_group(*, group: ProductGroup, skus: list[str], by) -> ProductGroup:
    """Store a group edited on the page (code, names and its SKUs), audited."""
    created = group.pk is None
    before = None
    if not created:
        stored = ProductGroup.objects.get(pk=group.pk)
        before = _state(stored, list(stored.products.values_list("sku", flat=True)))
    with transaction.atomic():
        group.save()
        group.products.set(Product.objects.filter(sku__in=skus))
        record(
            actor=by,
            action="sku_group.save",
            obj=group,
            before=before,
            after=_state(group, skus),
        )
    return group


def delete_group(*, group: ProductGroup, by) -> None:
    """Remove a group (its stored group metrics go with it), audited."""
    with transaction.atomic():
        record(
            actor=by,
            action="sku_group.delete",
            obj=group,
            before=_state(group, list(group.products.values_list("sku", flat=True))),
        )
        group.delete()


def _state(group: ProductGroup, skus: list[str]) -> dict:
    return {
        "code": group.code,
        "name": group.name,
        "name_en": group.name_en,
        "skus": sorted(skus),
    }
