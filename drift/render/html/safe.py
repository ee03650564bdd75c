"""What keeps a page safe: every piece of text through :func:`esc` (``html.escape(quote=True)``
after :func:`drift.sanitize.clean` replaced control and bidi-override characters), in text and
in attributes alike, and a Content-Security-Policy that loads nothing and runs only the one
inline script it pins by its sha256 hash. Shared by the copy report and the audit index.
"""

from __future__ import annotations

import base64
import hashlib
import html as _html

from ...sanitize import clean


def esc(text: object) -> str:
    """Text safe for HTML element content and for double- or single-quoted attributes."""
    return _html.escape(clean(str(text)), quote=True)


def content_security_policy(script: str, img_src: str = "'none'") -> str:
    """A policy that loads nothing and runs only `script` (pinned by its sha256)."""
    digest = "sha256-" + base64.b64encode(hashlib.sha256(script.encode("utf-8")).digest()).decode("ascii")
    return (
        f"default-src 'none'; style-src 'unsafe-inline'; script-src '{digest}'; img-src {img_src}; "
        "font-src 'none'; connect-src 'none'; media-src 'none'; object-src 'none'; frame-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )
