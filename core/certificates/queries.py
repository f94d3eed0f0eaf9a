"""Root fields listing certificates and checking one by its verification code."""

from __future__ import annotations

import strawberry

from core.certificates import documents, repository
from core.certificates.types import Certificate, CertificateVerification
from core.graphql.connections import Rows, connection
from core.graphql.context import Info
from core.graphql.relay import decode_id


@strawberry.type
class CertificatesQuery:
    @connection(
        Certificate,
        description="Certificates the viewer may see: their own, or those of the people their "
        "program staff role covers; one person's when personId is given.",
    )
    async def certificates(
        self, info: Info, person_id: strawberry.ID | None = None
    ) -> Rows[Certificate]:
        info.context.viewer.require_person()
        person = decode_id(person_id, "Person") if person_id is not None else None
        statement = repository.certificates(info.context.viewer, person)
        return Rows(statement, Certificate.from_row)

    @strawberry.field(
        description="What the certificate with this verification code states (anyone may ask; "
        "null when no certificate has it)."
    )
    async def verify_certificate(self, info: Info, code: str) -> CertificateVerification | None:
        async with info.context.db.read() as session:
            found = await documents.verify(session, info.context.registry, code)
        return CertificateVerification.of(found) if found is not None else None
