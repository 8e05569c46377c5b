"""The OpenAPI schema lists the error answers every endpoint can give (docs/contracts.md, "API").

drf-spectacular documents only the success answer unless a view says more. The answers that
follow from how an endpoint is built are added here, once, so a new endpoint is described
truthfully without repeating them: 400 where it reads a body or query parameters, the
not-signed-in answer (401 with a token challenge, 403 when the first authentication class has
none) where it needs a user, 404 where it needs a user (what lies outside the caller's scope or
role answers like a missing object: a detail, an unknown page of a list, an action a role may
not see) or where the path names an object. Answers that depend on what a view does (a 403
for a role, a 409 for a run's state, a 503 for the task queue) are declared on the view with
`extend_schema`.
"""

from drf_spectacular import openapi
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers
from rest_framework.permissions import AllowAny


class DetailSerializer(serializers.Serializer):
    """An answer that is one sentence, `{"detail": "…"}`: DRF's errors other than a validation
    error, and the API's own refusals and acknowledgements."""

    detail = serializers.CharField()


VALIDATION_ERROR = OpenApiResponse(
    response=OpenApiTypes.OBJECT,
    description="The request is refused: each field (or `non_field_errors`) with its messages.",
)
NOT_SIGNED_IN = OpenApiResponse(
    response=DetailSerializer, description="No valid credentials were given."
)
NOT_FOUND = OpenApiResponse(
    response=DetailSerializer, description="Not found, or outside the caller's scope."
)
FORBIDDEN = OpenApiResponse(
    response=DetailSerializer, description="The caller's role may not do this."
)
CONFLICT = OpenApiResponse(
    response=DetailSerializer, description="The state of the month or run does not allow this."
)
UNAVAILABLE = OpenApiResponse(
    response=DetailSerializer, description="The task queue cannot be reached; nothing was done."
)


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        parameters = self._get_parameters()
        extra = {}
        reads_input = self.method in {"POST", "PUT", "PATCH"} or any(
            parameter["in"] == "query" for parameter in parameters
        )
        if reads_input:
            extra["400"] = VALIDATION_ERROR
        if self._needs_user():
            extra[self._not_signed_in_code()] = NOT_SIGNED_IN
        if self._needs_user() or any(parameter["in"] == "path" for parameter in parameters):
            # Outside the caller's scope or role is 404, like a missing object (docs/contracts.md).
            extra["404"] = NOT_FOUND
        for code, response in extra.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(response, code, direction=direction)
        return dict(sorted(responses.items()))

    def _needs_user(self) -> bool:
        return any(not isinstance(p, AllowAny) for p in self.view.get_permissions())

    def _not_signed_in_code(self) -> str:
        # DRF answers 401 only when the first authentication class sends a challenge
        # (`WWW-Authenticate`), else 403 (rest_framework/views.py, `permission_denied`).
        authenticators = self.view.get_authenticators()
        if authenticators and authenticators[0].authenticate_header(self.view.request):
            return "401"
        return "403"
