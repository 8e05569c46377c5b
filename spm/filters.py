"""The month filter of the list pages and API lists: `?month=YYYY-MM`, strict like every month
field (`spm.fields.MonthField`; a bad month is a 400 naming `month` in the API, a form error on a
page), described in the OpenAPI schema as the string it is."""

import django_filters
from drf_spectacular.utils import extend_schema_field

from spm.api_fields import MONTH_SCHEMA
from spm.fields import MonthField
from spm.months import month_end


@extend_schema_field(MONTH_SCHEMA)
class MonthFilter(django_filters.Filter):
    """Rows dated in a month (a date field), or rows of a month (a `month` field holding the
    month's first day)."""

    field_class = MonthField

    def filter(self, qs, value):
        if value is None:
            return qs
        if self.field_name == "month":
            return qs.filter(month=value)
        return qs.filter(
            **{f"{self.field_name}__gte": value, f"{self.field_name}__lte": month_end(value)}
        )
