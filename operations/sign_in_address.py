"""The client address django-axes records for a sign-in attempt."""

from home.rate_limit import client_address


def sign_in_client_address(request) -> str | None:
    """The address, or None when the request carries none (PostgreSQL's inet column refuses "unknown")."""
    address = client_address(request)
    return None if address == "unknown" else address
