"""HTTP that reaches the public internet only: what the profile checker fetches with.

The checker fetches addresses that volunteers contribute by pull request, so an address must
never make it read this machine or its network (a cloud metadata service, Redis, a router):
server-side request forgery. Every connection, the first and each redirect's, resolves the
name itself, refuses it if any address is loopback, private, link-local, reserved or
multicast, and then connects to the very address it checked, so a name cannot change between
the check and the connection (DNS rebinding). Only http and https; no proxies, no `.netrc` and
no other credentials from the environment.

requests has no such option; urllib3 lets a connection class make its own socket, which is the
one place every connection passes through, so the check lives there.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Callable
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool
from urllib3.exceptions import ConnectTimeoutError, NameResolutionError, NewConnectionError
from urllib3.util import connection

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
AddressPolicy = Callable[[Address], bool]  # True: this address may be connected to
SCHEMES = ("http", "https")


def public_only(address: Address) -> bool:
    """Only addresses on the public internet (not loopback, private, link-local or reserved)."""
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped:
        address = address.ipv4_mapped
    return address.is_global and not address.is_multicast


class BlockedAddress(NewConnectionError):
    """The name resolves to an address the policy refuses: nothing was sent to it."""

    def __init__(self, conn, host: str, address: Address) -> None:
        super().__init__(conn, f"{host} is at {address}, which is not on the public internet")
        self.host, self.address = host, address


def _connect(conn: HTTPConnection, allowed: AddressPolicy) -> socket.socket:
    """Resolve, check every address, and connect to a checked one (never resolve again)."""
    try:
        found = socket.getaddrinfo(conn._dns_host, conn.port, type=socket.SOCK_STREAM)
    except socket.gaierror as error:
        raise NameResolutionError(conn.host, conn, error) from error
    addresses = list(
        dict.fromkeys(ipaddress.ip_address(info[4][0].split("%")[0]) for info in found)
    )
    for address in addresses:
        if not allowed(address):
            raise BlockedAddress(conn, conn.host, address)
    last: OSError | None = None
    for address in addresses:
        try:
            return connection.create_connection(
                (str(address), conn.port),
                conn.timeout,
                source_address=conn.source_address,
                socket_options=conn.socket_options,
            )
        except TimeoutError as error:
            raise ConnectTimeoutError(conn, f"Connection to {conn.host} timed out.") from error
        except OSError as error:
            last = error
    raise NewConnectionError(conn, f"Failed to establish a new connection: {last}")


class PublicAdapter(HTTPAdapter):
    """An HTTPAdapter whose every connection goes through `_connect` with `allowed`."""

    def __init__(self, allowed: AddressPolicy = public_only, **kwargs) -> None:
        self.allowed = allowed
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs) -> None:
        super().init_poolmanager(*args, **kwargs)
        allowed = self.allowed

        class PublicHTTPConnection(HTTPConnection):
            def _new_conn(self) -> socket.socket:
                return _connect(self, allowed)

        class PublicHTTPSConnection(HTTPSConnection):
            def _new_conn(self) -> socket.socket:
                return _connect(self, allowed)

        self.poolmanager.pool_classes_by_scheme = {
            "http": type(
                "PublicHTTPPool", (HTTPConnectionPool,), {"ConnectionCls": PublicHTTPConnection}
            ),
            "https": type(
                "PublicHTTPSPool", (HTTPSConnectionPool,), {"ConnectionCls": PublicHTTPSConnection}
            ),
        }

    def proxy_manager_for(self, *args, **kwargs):
        raise requests.exceptions.InvalidURL("sarkit's checker never uses a proxy")


def public_session(allowed: AddressPolicy = public_only, **adapter_kwargs) -> requests.Session:
    """A session that reaches only addresses `allowed` accepts, over http and https only."""
    session = requests.Session()
    session.trust_env = False  # no proxies, no .netrc, no REQUESTS_CA_BUNDLE from the environment
    adapter = PublicAdapter(allowed, **adapter_kwargs)
    for scheme in SCHEMES:
        session.mount(f"{scheme}://", adapter)
    return session


def url_problem(url: str, *, check_host: bool = True) -> str | None:
    """Why an address may not be fetched, as far as can be told without the network.

    With `check_host=False` only the form is checked (scheme, a site name, no password): the
    connection then checks the addresses the name really has."""
    parts = urlsplit(url)
    if parts.scheme not in SCHEMES:
        return "The address must start with https:// (or http://)."
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        return "The address has no site name."
    if parts.username or parts.password:
        return "The address must not hold a user name or password."
    if not check_host:
        return None
    if host == "localhost" or host.endswith((".localhost", ".local", ".internal")):
        return f"{host} is not on the public internet."
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return None
    if not public_only(address):
        return f"{host} is not an address on the public internet."
    return None
