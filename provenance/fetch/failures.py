"""What a network library's exception means: a sentence for people and a kind for programs.

requests and urllib3 wrap socket errors in their own types, several layers deep; the cause
that says what happened (a name that does not resolve, a refused or reset connection, a
timeout) is found by walking the chain of causes.
"""

from __future__ import annotations

import http.client
from urllib.parse import urlsplit

from provenance.errors import FetchFailure

__all__ = ["connection_reason", "is_timeout", "protocol_violation", "root_cause"]


def connection_reason(exc: BaseException) -> tuple[str, FetchFailure]:
    """What a connection error says happened: the sentence, and its kind."""
    chain = _causes(exc)
    names = {type(e).__name__ for e in chain}
    text = " ".join(str(e) for e in chain).lower()
    if "NameResolutionError" in names or "gaierror" in names or \
            "name or service not known" in text or "nodename nor servname" in text:
        host = urlsplit(getattr(getattr(exc, "request", None), "url", "") or "").hostname
        return (f"DNS failure: cannot resolve {host}" if host else "DNS failure",
                FetchFailure.DNS)
    if "ConnectionRefusedError" in names or "connection refused" in text:
        return "connection refused", FetchFailure.CONNECTION
    if "ConnectionResetError" in names or "connection reset" in text:
        return "connection reset", FetchFailure.CONNECTION
    if "RemoteDisconnected" in names or "closed connection without response" in text:
        return "connection closed without an answer", FetchFailure.CONNECTION
    if is_timeout(exc):
        return "timed out", FetchFailure.TIMEOUT
    return f"connection failed ({root_cause(exc)})", FetchFailure.CONNECTION


def protocol_violation(exc: BaseException) -> str | None:
    """What was malformed, when the server's answer broke HTTP itself (a header line too
    long, too many headers, a status line that is none); None for other failures. Such an
    answer comes again if asked again: it is not worth a retry."""
    for e in _causes(exc):
        if isinstance(e, http.client.LineTooLong):
            return f"protocol violation: {e}"
        if isinstance(e, http.client.RemoteDisconnected | http.client.IncompleteRead):
            continue  # the connection ended: a network fault, retried
        if isinstance(e, http.client.BadStatusLine):
            return f"protocol violation: a malformed status line ({str(e)[:80]!r})"
        if type(e) is http.client.HTTPException and "headers" in str(e):
            return f"protocol violation: too many header lines ({e})"
    return None


def _causes(exc: BaseException) -> list[BaseException]:
    seen: list[BaseException] = []
    todo: list[BaseException | None] = [exc]
    while todo:
        e = todo.pop()
        if e is None or any(e is s for s in seen):
            continue
        seen.append(e)
        todo.extend([e.__cause__, e.__context__, *[a for a in e.args
                                                   if isinstance(a, BaseException)]])
        reason = getattr(e, "reason", None)
        if isinstance(reason, BaseException):
            todo.append(reason)
    return seen


def is_timeout(exc: BaseException) -> bool:
    """Whether anything in the chain of causes is a timeout."""
    return any(isinstance(e, TimeoutError) or "timeout" in type(e).__name__.lower()
               or "timed out" in str(e).lower() for e in _causes(exc))


def root_cause(exc: BaseException) -> str:
    """The innermost cause, named by its type and message."""
    last = _causes(exc)[-1]
    return f"{type(last).__name__}: {last}" if str(last) else type(last).__name__
