"""OpenTelemetry traces of GraphQL operations, when configured: ``PEERLEARN_OTEL_ENABLED`` or
the standard ``OTEL_EXPORTER_OTLP_ENDPOINT``. The packages are the ``otel`` extra and are only
imported then.

Spans carry operation and field names, paths and timings, never what a person typed:
strawberry's extension would record the query text (its literals) and every resolver's
arguments (variables, emails), so both are left out here.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TYPE_CHECKING, Any

from strawberry.extensions import LifecycleStep, SchemaExtension

from core.settings import Settings, SettingsError

if TYPE_CHECKING:
    from graphql import GraphQLResolveInfo

SERVICE_NAME = "peerlearn"
_MISSING = "tracing needs the otel extra: pip install 'peerlearn[otel]'"


def tracing_extensions(settings: Settings) -> list[type[SchemaExtension]]:
    if not settings.tracing:
        return []
    try:
        from strawberry.extensions.tracing import OpenTelemetryExtension
    except ImportError:
        raise SettingsError(_MISSING) from None
    from opentelemetry.trace import SpanKind

    from core.observability.requests import parsed_operation

    def no_arguments(args: dict[str, Any], info: GraphQLResolveInfo) -> dict[str, Any]:
        return {}

    class Traced(OpenTelemetryExtension):
        def __init__(self, *, execution_context: Any = None) -> None:
            super().__init__(execution_context=execution_context, arg_filter=no_arguments)

        def on_operation(self) -> Generator[None, None, None]:
            span = self._tracer.start_span("GraphQL", kind=SpanKind.SERVER)
            span.set_attribute("component", "graphql")
            self._span_holder[LifecycleStep.OPERATION] = span
            yield
            operation = parsed_operation(self.execution_context)
            if operation is not None:
                kind = operation.operation.value
                name = operation.name.value if operation.name else "anonymous"
                span.update_name(f"GraphQL {kind} {name}")
                span.set_attribute("graphql.operation.type", kind)
                span.set_attribute("graphql.operation.name", name)
            span.end()

    return [Traced]


def start_tracing(settings: Settings) -> None:
    """Spans go by OTLP over HTTP to the endpoint the ``OTEL_*`` variables name, from a
    provider set once per process (each uvicorn worker), unless one is set already."""
    if not settings.tracing:
        return
    try:
        from opentelemetry import trace
        from opentelemetry.sdk.trace import TracerProvider

        if isinstance(trace.get_tracer_provider(), TracerProvider):
            return
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
        from opentelemetry.sdk.resources import Resource
        from opentelemetry.sdk.trace.export import BatchSpanProcessor
    except ImportError:
        raise SettingsError(_MISSING) from None
    provider = TracerProvider(resource=Resource.create({"service.name": SERVICE_NAME}))
    provider.add_span_processor(BatchSpanProcessor(OTLPSpanExporter()))
    trace.set_tracer_provider(provider)
