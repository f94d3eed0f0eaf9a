"""CSV exports for staff at ``/exports/<name>.csv``: core's own (the roster, attendance, the
credits not yet reported) and the programs' (``register_exports``), each refused or allowed
exactly as the same data is through GraphQL, and streamed so memory stays flat as rows grow."""

from core.exports.csv import InvalidParameter, stream

__all__ = ["InvalidParameter", "stream"]
