"""The security policy every page carries, and the header files written for hosts that take them."""
from __future__ import annotations

from pathlib import Path

# Nothing inline, nothing from elsewhere, nothing evaluated.
CSP_DIRECTIVES = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self'",
    "font-src 'self'",
    "connect-src 'self'",
    "worker-src 'self'",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
META_CSP = "; ".join(CSP_DIRECTIVES)  # frame-ancestors is ignored in a <meta> tag, so it is only sent as a header
HEADER_CSP = META_CSP + "; frame-ancestors 'none'"
SECURITY_HEADERS = {
    "Content-Security-Policy": HEADER_CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}
IMMUTABLE = "public, max-age=31536000, immutable"  # fingerprinted files: their name changes with their content
REVALIDATE = "no-cache"  # pages: always ask the host whether they changed


def netlify_headers(base_path: str) -> str:
    """`_headers` for Netlify and Cloudflare Pages."""
    lines = [f"{base_path}*"] + [f"  {name}: {value}" for name, value in SECURITY_HEADERS.items()]
    lines += [f"{base_path}assets/*", f"  Cache-Control: {IMMUTABLE}", ""]
    return "\n".join(lines)


def nginx_snippet(base_path: str) -> str:
    """A `location` block for nginx; set `alias` to the folder the site was copied to."""
    security = "".join(f'    add_header {name} "{value}" always;\n' for name, value in SECURITY_HEADERS.items())
    return (
        "# Thaw: include this inside your server { } block and set alias to where the built folder lives.\n"
        f"location {base_path} {{\n"
        "    alias /var/www/thaw/;\n"
        "    index index.html;\n"
        f"    error_page 404 {base_path}404.html;\n"
        "    gzip on;\n"
        "    gzip_types text/css application/javascript application/json image/svg+xml application/xml;\n"
        + security
        + f'    add_header Cache-Control "{REVALIDATE}" always;\n'
        f"    location {base_path}assets/ {{\n"
        + security.replace("    add_header", "        add_header")
        + f'        add_header Cache-Control "{IMMUTABLE}" always;\n'
        "    }\n"
        "}\n"
    )


def write_header_files(folder: Path, base_path: str) -> None:
    (folder / "_headers").write_text(netlify_headers(base_path), encoding="utf-8")
    (folder / "_nginx.conf").write_text(nginx_snippet(base_path), encoding="utf-8")
