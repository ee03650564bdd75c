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


def page_head(title: str, csp: str, css: str) -> list[str]:
    """The opening of a self-contained page, up to ``<body>``: charset, the policy, no
    referrer, the viewport, the title and the one stylesheet (title and policy escaped here)."""
    return [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="generator" content="drift">',
        f"<title>{esc(title)}</title>",
        f"<style>{css}</style></head><body>",
    ]
