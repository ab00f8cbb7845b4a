"""Trunk post-build hook: gives the built index.html a Content-Security-Policy.

The policy: nothing but this origin's own files run (plus the inline loader Trunk writes, allowed by
its hash; WebAssembly compiled from our own module), no plugins, no <base>, styles from this origin
(style attributes allowed: the views position rows with them), images from this origin, data:
URLs and — only once the reader clicks *Show image* on one — the web (agent output never loads a
remote image by itself), and requests to the servers the deployment
allows: AC_CONNECT_SRC at build time (default: this origin and any http(s) server, since users enter
their server's URL; set it to your servers' origins to forbid everything else). A deployment can
send the same policy as a header instead (README, "Content-Security-Policy").
"""

import base64
import hashlib
import os
import re
import sys

staging = os.environ.get("TRUNK_STAGING_DIR")
if not staging:
    sys.exit("csp.py runs as a Trunk hook (TRUNK_STAGING_DIR is not set)")
path = os.path.join(staging, "index.html")
with open(path, encoding="utf-8") as f:
    html = f.read()

hashes = []
for m in re.finditer(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, re.S):
    digest = hashlib.sha256(m.group(1).encode("utf-8")).digest()
    hashes.append("'sha256-%s'" % base64.b64encode(digest).decode())

connect = os.environ.get("AC_CONNECT_SRC", "'self' http: https:")
policy = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval' " + " ".join(hashes),
        "style-src 'self'",
        "style-src-attr 'unsafe-inline'",
        # https:/http: only for an image the reader asked for (*Show image*): the views create no
        # <img> for a web address before that click.
        "img-src 'self' data: https: http:",
        "connect-src " + connect,
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
    ]
)
meta = '<meta http-equiv="Content-Security-Policy" content="%s" />' % policy.replace('"', "&quot;")
html = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>\s*', "", html)
html = html.replace('<meta charset="utf-8" />', '<meta charset="utf-8" />\n    ' + meta, 1)
if meta not in html:
    sys.exit("csp.py: index.html has no <meta charset> to put the policy after")
with open(path, "w", encoding="utf-8") as f:
    f.write(html)
print("csp.py: Content-Security-Policy with %d inline script hash(es)" % len(hashes))
