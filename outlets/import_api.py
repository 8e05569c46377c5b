"""`POST /api/v1/imports/`: the import service over HTTP (multipart: kind, file, dry_run), and
`GET /api/v1/imports/<id>/`: an import job, for files above settings.IMPORT_SYNC_MAX_BYTES."""

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from org import policy
from org.visibility import import_jobs_visible_to

from . import tasks
from .imports import ImportFileError, import_file, jobs, registered_kinds, uploads
from .imports.forms import kind_choices
from .models import ImportJob


class CanImport(BasePermission):
    """Managers, supervisors and admins; anyone else gets 403."""

    def has_permission(self, request, view):
        return policy.may_import(request.user)


class ImportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=[], help_text="salesmen, outlets, products, visits, orders, audits, …"
    )
    file = serializers.FileField(help_text="CSV (UTF-8, comma) or XLSX (first sheet)")
    dry_run = serializers.BooleanField(
        default=False, help_text="validate and count only; store nothing"
    )
    late = serializers.BooleanField(
        default=False,
        help_text="accept rows dated in locked months, recorded as late data (managers, HR, "
        "admins); the next close restates those months",
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        # Per user when answering a request; every registered kind for the OpenAPI schema.
        self.fields["kind"].choices = (
            kind_choices(user) if user is not None else sorted(registered_kinds())
        )

    def validate_late(self, late):
        if late and self.user is not None and not policy.may_import_late(self.user):
            raise serializers.ValidationError(
                _("Only a manager, HR or an admin can import late data for locked months.")
            )
        return late

    def validate_file(self, upload):
        if upload.size > settings.IMPORT_MAX_BYTES:
            raise serializers.ValidationError(
                _("The file is too large: the limit is %(limit)s MB.")
                % {"limit": settings.IMPORT_MAX_BYTES // (1024 * 1024)}
            )
        return upload


class RowErrorSerializer(serializers.Serializer):
    row = serializers.IntegerField(help_text="row number in the file; the header is row 1")
    column = serializers.CharField()
    value = serializers.CharField()
    reason = serializers.CharField()


class ImportReportSerializer(serializers.Serializer):
    kind = serializers.CharField()
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField(help_text="data rows read")
    created = serializers.IntegerField()
    updated = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    error_count = serializers.IntegerField()
    errors = RowErrorSerializer(many=True)


class ImportJobSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField(help_text="this job's status URL")
    uploaded_by = serializers.SlugRelatedField(
        slug_field="username", read_only=True, allow_null=True
    )
    result = serializers.SerializerMethodField(
        help_text="once ended: the report (as the synchronous answer, with every bad row), or "
        "`{message}` when the file was refused as a whole or the job failed; null before"
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "url",
            "kind",
            "file_name",
            "dry_run",
            "late",
            "status",
            "rows_processed",
            "rows_total",
            "result",
            "uploaded_by",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields

    def get_url(self, job) -> str:
        path = reverse("api-import-job", kwargs={"pk": job.pk})
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path

    def get_result(self, job) -> dict | None:
        return job.result


class ImportView(APIView):
    """Import a CSV or XLSX file of one kind; all or nothing.

    Up to settings.IMPORT_SYNC_MAX_BYTES (5 MB by default): 200 with the report when every row
    is good (stored unless `dry_run`); 400 with the report and `errors` (every bad row) when any
    row is bad (nothing stored). Larger files: 202 with an import job, run by a Celery task,
    whose `url` (`GET /api/v1/imports/<id>/`, also the Location header) tells its progress and
    then its report. Either way 400 naming the field (`kind`, `file`) when the request or the
    file as a whole is unusable.
    """

    parser_classes = [MultiPartParser, FormParser]
    permission_classes = [IsAuthenticated, CanImport]

    @extend_schema(
        operation_id="imports_create",
        request={"multipart/form-data": ImportRequestSerializer},
        responses={
            200: ImportReportSerializer,
            202: OpenApiResponse(
                ImportJobSerializer,
                description="A file above IMPORT_SYNC_MAX_BYTES: its import job, queued.",
            ),
            400: OpenApiResponse(
                description="Bad rows (the report with `errors`), or `{field: [message]}` for "
                "an unusable kind or file; nothing stored."
            ),
            403: OpenApiResponse(description="Not a manager, supervisor or admin."),
        },
    )
    def post(self, request):
        serializer = ImportRequestSerializer(data=request.data, user=request.user)
        serializer.is_valid(raise_exception=True)
        data = serializer.validated_data
        if data["file"].size > settings.IMPORT_SYNC_MAX_BYTES:
            return self._queue(request, data)
        token = uploads.store(data["file"])
        try:
            report = import_file(
                kind=data["kind"],
                path=uploads.path_of(token),
                dry_run=data["dry_run"],
                by=request.user,
                late=data["late"],
            )
        except ImportFileError as exc:
            return Response({"file": [str(exc)]}, status=400)
        finally:
            uploads.discard(token)
        return Response(report.as_dict(), status=200 if report.ok else 400)

    def _queue(self, request, data) -> Response:
        try:
            job = jobs.create_job(
                kind=data["kind"],
                upload=data["file"],
                by=request.user,
                dry_run=data["dry_run"],
                language=request.LANGUAGE_CODE,
                late=data["late"],
            )
        except ImportFileError as exc:
            return Response({"file": [str(exc)]}, status=400)
        tasks.queue_import_job(job)
        job.refresh_from_db()  # eager Celery (no broker) has run it already
        body = ImportJobSerializer(job, context={"request": request}).data
        return Response(body, status=202, headers={"Location": body["url"]})


class ImportJobView(APIView):
    """An import job: its status (queued, running, checked, done, refused, failed), rows
    processed and total while it runs, then its result. Seen by its uploader, HR and admins;
    404 for anyone else."""

    permission_classes = [IsAuthenticated]

    @extend_schema(operation_id="imports_retrieve", responses={200: ImportJobSerializer})
    def get(self, request, pk: int):
        job = get_object_or_404(import_jobs_visible_to(request.user), pk=pk)
        return Response(ImportJobSerializer(job, context={"request": request}).data)
