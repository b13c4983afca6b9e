"""Webhooks reach the internet only: a receiver on a private, loopback or link-local address is refused when the
endpoint is saved and again, against the address the name resolves to then, when each attempt connects
(WEBHOOKS_ALLOW_PRIVATE_URLS=true turns this off, for development and the tests)."""

import ipaddress
import socket
from urllib.parse import urlsplit

from django.conf import settings

from config.errors import ErrorType, MedusaError


class RefusedAddress(Exception):
    pass


def address_refusal(address: str) -> str | None:
    """Why a receiver must not be at this IP address (`loopback`, `private`, …), or None when it is public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    for reason in ("loopback", "link_local", "private", "multicast", "reserved", "unspecified"):
        if getattr(ip, f"is_{reason}"):
            return reason.replace("_", "-")
    if not ip.is_global:  # shared address space (100.64.0.0/10) and the like
        return "not public"
    return None


def resolve(host: str, port: int) -> list[str]:
    """The addresses `host` resolves to now (an IP address resolves to itself)."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(info[4][0] for info in infos))


def public_addresses(host: str, port: int) -> list[str]:
    """The addresses to connect to; RefusedAddress when any of them is not public (unless allowed)."""
    addresses = resolve(host, port)
    if not settings.WEBHOOKS_ALLOW_PRIVATE_URLS:
        for address in addresses:
            if reason := address_refusal(address):
                raise RefusedAddress(f"{host} resolves to {address}, a {reason} address")
    return addresses


def url_check(url: str) -> None:
    """On save: a URL whose host is, or resolves to, a non-public address is refused (400). A name that does
    not resolve yet is accepted; each attempt checks it again."""
    if settings.WEBHOOKS_ALLOW_PRIVATE_URLS:
        return
    parts = urlsplit(url)
    try:
        public_addresses(parts.hostname or "", parts.port or (443 if parts.scheme == "https" else 80))
    except RefusedAddress as refusal:
        raise MedusaError(
            ErrorType.INVALID_DATA,
            f"url must not point to a private, loopback or link-local address ({refusal})",
            field="url",
        ) from None
    except (OSError, UnicodeError):
        return
