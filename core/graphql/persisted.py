"""Automatic persisted queries, as Apollo's clients speak them.

A client sends ``extensions: {"persistedQuery": {"version": 1, "sha256Hash": "<hex>"}}``
(by POST, or by GET with ``extensions`` as JSON in the URL) and no ``query``. A hash the
worker knows runs the query it stands for; one it does not know answers
``PersistedQueryNotFound`` (HTTP 200, as Apollo Server answers: Apollo's link reads a 400 as a
server without persisted queries and stops sending hashes), and the client sends the request
again with the text, which the worker checks against the hash and keeps. A text that does not
hash to the hash it came with would let anyone put their query behind another's hash, so it is
refused with a 400.

What a worker keeps is the text, and the text it runs is that same string object every time:
the parser cache, keyed on the text, finds the document by identity (the string's hash is kept
in it) without reading a character, and a persisted query is neither sent, read, nor parsed
again (unless the parser cache has let it go since: then once). The document itself stays the
parser cache's own, one object per text whether it is sent by hash or in full, so the
validation cache never compares two copies of a tree. Texts live in process memory, in an LRU
of ``CACHE_SIZE`` texts of at most ``MAX_CACHED_QUERY_LENGTH`` characters, as the parser
cache's: each worker keeps its own, and none needs another's, because a miss costs only the
client's sending the text once more to the worker that missed. Restarts and added workers
therefore need nothing shared.
"""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Mapping

from graphql import GraphQLError

from core.graphql.validation import CACHE_SIZE, MAX_CACHED_QUERY_LENGTH, parse_cached
from core.i18n import Text, _

# Apollo's codes and messages: its clients match these messages, so they are not translated.
PERSISTED_QUERY_NOT_FOUND = "PERSISTED_QUERY_NOT_FOUND"
PERSISTED_QUERY_NOT_SUPPORTED = "PERSISTED_QUERY_NOT_SUPPORTED"
# Apollo answers these two with a 400 and no code of their own.
PERSISTED_QUERY_HASH_MISMATCH = "PERSISTED_QUERY_HASH_MISMATCH"
PERSISTED_QUERY_VERSION_NOT_SUPPORTED = "PERSISTED_QUERY_VERSION_NOT_SUPPORTED"
# Answered in a result of their own, HTTP 200 whatever the media type (see the module's note).
UNKNOWN = {
    PERSISTED_QUERY_NOT_FOUND: "PersistedQueryNotFound",
    PERSISTED_QUERY_NOT_SUPPORTED: "PersistedQueryNotSupported",
}
EXTENSION = "persistedQuery"


class PersistedQueryUnknown(Exception):
    """The request names a persisted query this worker cannot run (it does not know the hash,
    or keeps none): the client is to send the text."""

    def __init__(self, code: str) -> None:
        super().__init__(UNKNOWN[code])
        self.code = code

    def error(self) -> GraphQLError:
        return GraphQLError(UNKNOWN[self.code], extensions={"code": self.code})


class PersistedQueryRefused(Exception):
    """A persisted query extension that cannot be used as sent: HTTP 400 with a code."""

    def __init__(self, code: str, message: Text) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def asks_for_persisted_query(extensions: object) -> bool:
    """Whether a request's ``extensions`` name a persisted query, so it may omit ``query``."""
    return isinstance(extensions, Mapping) and extensions.get(EXTENSION) is not None


def _hash_of(extension: object) -> object:
    """The hash of a ``persistedQuery`` extension of version 1. As Apollo Server: the version
    is the number 1 (``true`` is not), and a hash that is not a string is one no text has."""
    version = extension.get("version") if isinstance(extension, Mapping) else None
    if isinstance(version, bool) or version != 1:
        message = _("Only version 1 of persisted queries is supported.")
        raise PersistedQueryRefused(PERSISTED_QUERY_VERSION_NOT_SUPPORTED, message)
    assert isinstance(extension, Mapping)
    return extension.get("sha256Hash")


class PersistedQueries:
    """One worker's persisted queries, by hash; ``enabled`` is the setting
    ``persisted_queries``."""

    def __init__(self, enabled: bool, max_tokens: int, size: int = CACHE_SIZE) -> None:
        self._enabled = enabled
        self._max_tokens = max_tokens
        self._size = size
        self._kept: OrderedDict[str, str] = OrderedDict()

    def resolve(self, query: str | None, extensions: object) -> str | None:
        """The kept text of the persisted query a request runs, or ``None`` for a request
        without one (or whose text is not kept: too long, or not GraphQL, which the parse
        step then reports).

        Raises ``PersistedQueryUnknown`` for a hash alone that is not kept, and
        ``PersistedQueryRefused`` for an extension of the wrong shape or version, or a text
        that does not hash to the hash sent with it."""
        if not asks_for_persisted_query(extensions):
            return None
        assert isinstance(extensions, Mapping)
        if not self._enabled:
            raise PersistedQueryUnknown(PERSISTED_QUERY_NOT_SUPPORTED)
        sha256 = _hash_of(extensions[EXTENSION])
        if not query:
            return self._hit(sha256)
        query_hash = hashlib.sha256(query.encode()).hexdigest()
        if query_hash != sha256:
            message = _("The query's SHA-256 hash is not the sha256Hash sent with it.")
            raise PersistedQueryRefused(PERSISTED_QUERY_HASH_MISMATCH, message)
        if query_hash in self._kept:
            return self._hit(query_hash)
        return self._keep(query_hash, query)

    def _hit(self, sha256: object) -> str:
        if not isinstance(sha256, str) or sha256 not in self._kept:
            raise PersistedQueryUnknown(PERSISTED_QUERY_NOT_FOUND)
        self._kept.move_to_end(sha256)
        return self._kept[sha256]

    def _keep(self, sha256: str, query: str) -> str | None:
        """Keeps a text that parses (the caller has already refused one over the token limit)
        unless it is too long to keep; its document is then in the parser cache for the
        operation about to run it."""
        if len(query) > MAX_CACHED_QUERY_LENGTH:
            return None
        try:
            parse_cached(query, self._max_tokens)
        except GraphQLError:
            return None
        self._kept[sha256] = query
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)
        return query
