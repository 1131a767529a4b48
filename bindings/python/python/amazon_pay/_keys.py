"""Idempotency keys from the operating system's randomness."""

from __future__ import annotations

import os


def new_idempotency_key() -> str:
    """A fresh key: 16 random bytes as 32 hex characters (Amazon keeps keys
    forever; never reuse one for a different request)."""
    return os.urandom(16).hex()
