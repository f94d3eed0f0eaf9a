"""Writes the reads a request gathered into the audit trail before its answer leaves.

Resolvers note the records they read for someone else (``Context.audited_reads``); this writes
them once, in one transaction, when execution ends. A read the trail cannot record is not
answered: the data is withheld and the request told to try again (SERVICE_UNAVAILABLE), so no
one reads another person's transcript unrecorded."""

from __future__ import annotations

from collections.abc import AsyncIterator

from graphql import GraphQLError
from strawberry.extensions import SchemaExtension

from core.audit.service import record_reads
from core.errors import ServiceUnavailable
from core.graphql.errors import is_database_down


class AuditTrail(SchemaExtension):
    async def on_execute(self) -> AsyncIterator[None]:
        yield
        context = self.execution_context.context
        result = self.execution_context.result
        if not context.audited_reads or result is None:
            return
        try:
            async with context.db.write() as session:
                await record_reads(session, context.viewer, context.audited_reads)
        except Exception as error:
            if not isinstance(error, ServiceUnavailable) and not is_database_down(error):
                raise
            unavailable = ServiceUnavailable()
            result.data = None
            result.errors = [GraphQLError(unavailable.message, original_error=unavailable)]
