#!/usr/bin/env python3
"""A real wasm trap in the release build says "agent-console stopped — reload" in every mount point
(widget/stopped.js, plain JS: after a trap the wasm cannot say it), in Chromium and Firefox:

- the app page: a trap thrown out of the wasm in a timer (the module's own `__wbindgen_free` given an
  address past its memory: "memory access out of bounds") → the page's notice, with the error;
- the example host page: the same in its wasm → the notice in both widgets' shadow roots.

The fault is made from the page's own code — a module script `trap.js` the test writes into SITE and
adds to the page — since an error thrown in a WebDriver script's own callbacks does not reach the page's
listeners in Firefox.

Usage: stopped_page.py APP_URL EMBED_URL SITE chromium|firefox
"""
import os
import sys

from embed_page import Driver

# The bindings' initSync() hands back the running instance's exports; freeing an address past the
# memory's end traps. The page (or the host page's element module) has loaded the bindings already.
TRAP_JS = """import("./agent-console.js").then((m) =>
  setTimeout(() => m.initSync().__wbindgen_free(0xFFFFFF00, 64, 1), 0));
"""
TRAP = ("const s = document.createElement('script'); s.type = 'module';"
        "s.src = 'trap.js?' + Math.random(); document.head.append(s);")

NOTICES = """const out = [...document.querySelectorAll('.ac-stopped')];
for (const h of document.querySelectorAll('[data-ac-host]')) out.push(...h.shadowRoot.querySelectorAll('.ac-stopped'));
return out.map(n => [n.getAttribute('role'), n.querySelector('strong')?.textContent, n.querySelector('pre')?.textContent,
  !!n.querySelector('a.ac-stopped-reload')])"""


def main():
    app, embed, site, browser = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
    with open(os.path.join(site, "trap.js"), "w", encoding="utf-8") as f:
        f.write(TRAP_JS)
    d = Driver(browser)
    try:
        d.cmd("POST", "/url", {"url": app})
        d.wait("the connection", "return document.querySelector('.ac-connection.ac-ok')")
        assert d.js(NOTICES) == [], "a notice before any fault"
        d.js(TRAP)
        notes = d.wait("the app's notice", f"const n = (() => {{ {NOTICES} }})(); return n.length ? n : null")
        assert len(notes) == 1, notes
        role, title, detail, reload = notes[0]
        assert role == "alert" and title == "agent-console stopped — reload" and reload, notes
        assert "RuntimeError" in detail, detail

        d.cmd("POST", "/url", {"url": embed})
        for wid in ("support", "ops"):
            d.wait(f"widget {wid}", f"return document.getElementById('{wid}').shadowRoot?.querySelector('.ac-root')"
                   f"?.dataset.connection === 'connected'")
        d.js(TRAP)
        notes = d.wait("both widgets' notices",
                       f"const n = (() => {{ {NOTICES} }})(); return n.length >= 2 ? n : null")
        assert len(notes) == 2 and all(n[1] == "agent-console stopped — reload" and "RuntimeError" in n[2]
                                       for n in notes), notes
        print(f"stopped page ({browser}): a trap out of the wasm said in the app ({detail!r}) "
              f"and in both widgets of the host page")
    finally:
        d.quit()
        os.remove(os.path.join(site, "trap.js"))


if __name__ == "__main__":
    main()
