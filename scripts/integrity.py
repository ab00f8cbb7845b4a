"""Writes anew the integrity hashes (sha384) Trunk put on a built page's links, for files replaced
after Trunk wrote them (scripts/split.sh). Each link's file is looked up by name beside the page.
Usage: python3 scripts/integrity.py DIST/index.html"""

import base64
import hashlib
import os
import re
import sys

page = sys.argv[1]
folder = os.path.dirname(page)
html = open(page, encoding="utf-8").read()


def rehash(m: re.Match) -> str:
    tag = m.group(0)
    href = re.search(r'href="([^"]+)"', tag)
    if not href:
        return tag
    path = os.path.join(folder, os.path.basename(href.group(1)))
    if not os.path.exists(path):
        sys.exit(f"integrity.py: {page} links {href.group(1)}, not found beside it")
    digest = base64.b64encode(hashlib.sha384(open(path, "rb").read()).digest()).decode()
    return re.sub(r'integrity="sha384-[^"]*"', f'integrity="sha384-{digest}"', tag)


out, n = re.subn(r"<link\b[^>]*\bintegrity=\"sha384-[^\"]*\"[^>]*>", rehash, html)
open(page, "w", encoding="utf-8").write(out)
print(f"integrity.py: {n} hashes written in {page}")
