"""Conditional requests (RFC 9110): strong ETags, `If-Match` on writes and `If-None-Match` on reads.

A resource with a version counter (a draft order) uses it as its ETag; one without (an order) uses a hash of
its body. `If-Match: *` and no header leave a write unconditional, as v1 clients send neither.
"""

import hashlib

from django.utils.http import parse_etags, quote_etag
from drf_spectacular.utils import OpenApiParameter

# The conditional request headers as operations declare them (MedusaAutoSchema adds the 412 and 304 answers).
IF_MATCH = OpenApiParameter(
    "If-Match",
    str,
    OpenApiParameter.HEADER,
    description="The ETag the write expects (from a GET or a previous write): a 412 and no change when the resource "
    "has another one now. `*` or no header: unconditional, as v1.",
)
IF_NONE_MATCH = OpenApiParameter(
    "If-None-Match",
    str,
    OpenApiParameter.HEADER,
    description="An ETag already held: a 304 with no body when the resource still has it.",
)
ETAG = OpenApiParameter(
    "ETag",
    str,
    OpenApiParameter.HEADER,
    response=[200],
    description="The resource's strong ETag: it changes whenever the resource changes.",
)


def version_etag(version: int) -> str:
    return quote_etag(str(version))


def body_etag(body: bytes) -> str:
    return quote_etag(hashlib.sha256(body).hexdigest()[:32])


def if_match_versions(request) -> frozenset[int] | None:
    """The versions `If-Match` accepts: None when any will do (no header, or `*`). A tag that is not one of our
    strong version tags matches no version, so the write is refused."""
    header = request.headers.get("If-Match")
    if header is None:
        return None
    tags = parse_etags(header)
    if tags == ["*"]:
        return None
    # parse_etags keeps the quotes; a weak tag (W/"…") never matches in If-Match (strong comparison)
    return frozenset(int(tag[1:-1]) for tag in tags if tag[1:-1].isdigit() and tag.startswith('"'))


def not_modified(request, etag: str) -> bool:
    """`If-None-Match` names this ETag (weak comparison, as GET uses) or `*`."""
    header = request.headers.get("If-None-Match")
    if header is None:
        return False
    tags = parse_etags(header)
    return tags == ["*"] or etag in {tag.removeprefix("W/") for tag in tags}
