"""API fields shared by the apps' serializers: one month field, strict like the forms' one
(`spm.fields.MonthField`), described in the OpenAPI schema as the string it is."""

from datetime import date

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from spm.fields import MONTH_ERROR, MONTH_EXAMPLE, MONTH_PATTERN, month_from_text
from spm.months import format_month

MONTH_SCHEMA = {"type": "string", "pattern": MONTH_PATTERN, "example": MONTH_EXAMPLE}


@extend_schema_field(MONTH_SCHEMA)
class MonthField(serializers.Field):
    """`"2026-10"` in and out; the value in between is the month's first day (a `date`)."""

    default_error_messages = {"invalid": MONTH_ERROR}

    def to_internal_value(self, data) -> date:
        try:
            return month_from_text(data)
        except ValueError:
            self.fail("invalid")

    def to_representation(self, value) -> str:
        if isinstance(value, str):
            return value
        return format_month(value)
