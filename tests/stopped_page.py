#!/usr/bin/env python3
"""A real wasm trap in the release build says "agent-console stopped — reload" in every mount point
(widget/stopped.js, plain JS: after a trap the wasm cannot say it), in Chromium and Firefox:

- the app page: a trap thrown out of the wasm in a timer (the module's own `__wbindgen_free` given an
  address past its memory: "memory access out of bounds") → the page's notice, with the error;
- the example host page: the same in its wasm → the notice in both widgets' shadow roots.

Usage: stopped_page.py APP_URL EMBED_URL chromium|firefox
"""
import sys

from embed_page import Driver

# The bindings' initSync() hands back the running instance's exports; freeing an address past the
# memory's end traps.
TRAP_APP = "setTimeout(() => window.wasmBindings.initSync().__wbindgen_free(0xFFFFFF00, 64, 1), 0)"
TRAP_WIDGET = ("import(new URL('agent-console.js', document.baseURI).href).then(m => "
               "setTimeout(() => m.initSync().__wbindgen_free(0xFFFFFF00, 64, 1), 0))")

NOTICES = """const out = [...document.querySelectorAll('.ac-stopped')];
for (const h of document.querySelectorAll('[data-ac-host]')) out.push(...h.shadowRoot.querySelectorAll('.ac-stopped'));
return out.map(n => [n.getAttribute('role'), n.querySelector('strong')?.textContent, n.querySelector('pre')?.textContent,
  !!n.querySelector('a.ac-stopped-reload')])"""


def main():
    app, embed, browser = sys.argv[1], sys.argv[2], sys.argv[3]
    d = Driver(browser)
    try:
        d.cmd("POST", "/url", {"url": app})
        d.wait("the connection", "return document.querySelector('.ac-connection.ac-ok')")
        assert d.js(NOTICES) == [], "a notice before any fault"
        d.js(TRAP_APP)
        notes = d.wait("the app's notice", f"const n = (() => {{ {NOTICES} }})(); return n.length ? n : null")
        assert len(notes) == 1, notes
        role, title, detail, reload = notes[0]
        assert role == "alert" and title == "agent-console stopped — reload" and reload, notes
        assert "RuntimeError" in detail, detail

        d.cmd("POST", "/url", {"url": embed})
        for wid in ("support", "ops"):
            d.wait(f"widget {wid}", f"return document.getElementById('{wid}').shadowRoot?.querySelector('.ac-root')"
                   f"?.dataset.connection === 'connected'")
        d.js(TRAP_WIDGET)
        notes = d.wait("both widgets' notices",
                       f"const n = (() => {{ {NOTICES} }})(); return n.length >= 2 ? n : null")
        assert len(notes) == 2 and all(n[1] == "agent-console stopped — reload" and "RuntimeError" in n[2]
                                       for n in notes), notes
        print(f"stopped page ({browser}): a trap out of the wasm said in the app ({detail!r}) "
              f"and in both widgets of the host page")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
