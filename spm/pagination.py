"""Keyset ("seek method") pagination for the field-data lists of the API, and for the metrics.

Visits, order lines and shelf audits grow by about 100,000 rows a day at national scale and are
kept for years, outlets by thousands a month and the metric values by 22 a salesman a month, so
their lists must cost the same on page 1
and page 1,000, and never count the table. `KeysetPagination` orders by a unique key (`ordering`:
field names, all descending as "-date" — newest first — or all ascending) and hands out an opaque
cursor holding the last row's key; the next page is `WHERE (date, visit_id) < (cursor) ORDER BY
date DESC, visit_id DESC LIMIT n + 1`, which an index on the same columns answers by reading
n + 1 entries.

Written here rather than taken from a library: DRF's `CursorPagination` keeps only the first
ordering field in its cursor and pages through equal values with OFFSET (one day holds the whole
sales force's visits), and the keyset packages on PyPI are unmaintained. The row comparison is
Django's own tuple lookup (`TupleLessThan`, the one composite primary keys use; SQLite gets the
equivalent OR-expansion).
"""

import base64
import json
from datetime import date

from django.db.models import F
from django.db.models.fields.tuple_lookups import Tuple, TupleGreaterThan, TupleLessThan
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import NotFound
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param


class KeysetPagination(BasePagination):
    """`{"next": url | null, "results": [...]}`; `?cursor=` from `next`, `?page_size=` up to
    `max_page_size`. Subclasses set `ordering`: a unique key, every field descending ("-date")
    or every field ascending ("code")."""

    cursor_query_param = "cursor"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500
    ordering: tuple[str, ...] = ()

    @property
    def _fields(self) -> list[str]:
        return [name.lstrip("-") for name in self.ordering]

    @property
    def _descending(self) -> bool:
        return self.ordering[0].startswith("-")

    # -- the cursor: the last row's key, as JSON in URL-safe base64 --------------------------
    def _encode(self, values) -> str:
        plain = [value.isoformat() if isinstance(value, date) else value for value in values]
        return base64.urlsafe_b64encode(json.dumps(plain).encode()).decode().rstrip("=")

    def _decode(self, text: str) -> list:
        try:
            padded = text + "=" * (-len(text) % 4)
            values = json.loads(base64.urlsafe_b64decode(padded.encode()))
        except (ValueError, TypeError) as exc:
            raise NotFound("Invalid cursor.") from exc
        if not isinstance(values, list) or len(values) != len(self.ordering):
            raise NotFound("Invalid cursor.")
        try:
            if self._fields[0] in ("date", "month"):
                values[0] = date.fromisoformat(values[0])
        except (TypeError, ValueError) as exc:
            raise NotFound("Invalid cursor.") from exc
        return values

    def _page_size(self, request) -> int:
        try:
            size = int(request.query_params.get(self.page_size_query_param, self.page_size))
        except ValueError:
            return self.page_size
        return max(1, min(size, self.max_page_size))

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        size = self._page_size(request)
        queryset = queryset.order_by(*self.ordering)
        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            key = Tuple(*(F(name) for name in self._fields))
            after = TupleLessThan if self._descending else TupleGreaterThan
            queryset = queryset.filter(after(key, tuple(self._decode(cursor))))
        rows = list(queryset[: size + 1])
        self.has_next = len(rows) > size
        rows = rows[:size]
        self.last_key = (
            [getattr(rows[-1], name) for name in self._fields] if rows and self.has_next else None
        )
        return rows

    def get_next_link(self) -> str | None:
        if self.last_key is None:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(url, self.cursor_query_param, self._encode(self.last_key))

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {"type": "string", "nullable": True, "format": "uri"},
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "The cursor of the next page (from `next`).",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page (default {self.page_size}, "
                f"at most {self.max_page_size}).",
                "schema": {"type": "integer"},
            },
        ]


class VisitPages(KeysetPagination):
    ordering = ("-date", "-visit_id")


class OrderLinePages(KeysetPagination):
    ordering = ("-date", "-order_no", "-id")


class ShelfAuditPages(KeysetPagination):
    ordering = ("-date", "-audit_id")


class OutletPages(KeysetPagination):
    ordering = ("code",)


class MetricValuePages(KeysetPagination):
    """The metric values, newest month first: one row per salesman, month and metric, so a
    year of 20,000 salesmen is over five million rows (a view over the monthly snapshots)."""

    ordering = ("-month", "-salesman_id", "-metric")


class NumberedPages(PageNumberPagination):
    """A list inside an answer (a run's statements, a board's entries, the battle's teams) a
    page at a time by number: `?page=`, `?page_size=` default 50, at most 500. The view puts
    `next` and `previous` (and a count) beside the page."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500


def page_parameters(pages: type[PageNumberPagination], what: str) -> list[OpenApiParameter]:
    """`page` and `page_size` of a list paged by `pages`, as the schema describes them."""
    return [
        OpenApiParameter("page", int, description=f"the page of {what} (1 = first)"),
        OpenApiParameter(
            "page_size",
            int,
            description=f"{what} per page (default {pages.page_size}, "
            f"at most {pages.max_page_size})",
        ),
    ]
