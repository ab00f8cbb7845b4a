#!/usr/bin/env python3
"""Accessibility and screen sizes of the release build, measured in headless Chromium over WebDriver:
axe-core (npm, injected into the page) runs on every screen a user reaches — the start screen, a thread
(a reply and a pending interrupt), each tab, a node's breakpoints, the Assistants page, the drawer, a server-wide runs page — in the light and the
dark theme, and any violation of impact *serious* or *critical* fails the check, listed with the elements
it names. At 360 × 740, 768 × 1024 and 1280 × 800: the page never scrolls sideways; below 900 px the
conversation has at least 90 % of the width and the rail is a drawer; the interrupt's buttons are at
least 44 px high there.

With SHOT_DIR, a screenshot of the thread at each size and theme is written there (README's pictures).

Usage: a11y_page.py APP_URL LANGGRAPH_URL [AGENT_PROTOCOL_URL] [SHOT_DIR]
       (APP_URL: the served release build's page; axe from $AC_AXE or ~/.cache/agent-console)
"""
import os
import sys
import time
import urllib.parse

from embed_page import Driver

SIZES = [(1280, 800), (768, 1024), (360, 740)]
BAD = ("serious", "critical")

AXE_RUN = """
const done = arguments[arguments.length - 1];
axe.run(document, { resultTypes: ["violations"] })
  .then(r => done(r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => n.target.join(" ") + " — " + (n.failureSummary || "").split("\\n").slice(1, 2).join(""))
  }))))
  .catch(e => done([{ id: "axe-error", impact: "critical", help: String(e), nodes: [] }]));
"""


def axe_source():
    path = os.environ.get("AC_AXE") or os.path.expanduser(
        os.path.join(os.environ.get("AC_TOOLS", "~/.cache/agent-console"), "node_modules/axe-core/axe.min.js"))
    with open(path, encoding="utf-8") as f:
        return f.read()


class Page:
    def __init__(self, d, axe):
        self.d = d
        self.axe = axe
        self.failures = []
        self.checked = 0

    def open(self, url, theme):
        """Loads url with `theme` remembered and nothing else (a first visit's storage)."""
        origin = urllib.parse.urlsplit(url)
        self.d.cmd("POST", "/url", {"url": f"{origin.scheme}://{origin.netloc}/"})
        self.d.js("localStorage.clear(); localStorage.setItem('agent-console:theme', arguments[0]);", theme)
        self.d.cmd("POST", "/url", {"url": url})
        self.d.wait("the app", "return !!document.querySelector('.ac-root')")

    def check(self, screen):
        """Runs axe on the page as it is; a serious or critical violation is recorded as a failure."""
        if not self.d.js("return !!window.axe"):
            self.d.js(self.axe + "\nreturn true;")
        # Transitions (the drawer's slide, the actions' fade) ended: axe reads colours as shown.
        time.sleep(0.3)
        found = self.d.cmd("POST", "/execute/async", {"script": AXE_RUN, "args": []})
        bad = [v for v in found if v["impact"] in BAD]
        self.checked += 1
        minor = sorted({f"{v['id']} ({v['impact']})" for v in found if v["impact"] not in BAD})
        print(f"  axe: {screen}: {len(bad)} serious/critical of {len(found)} violations"
              + (f" — also {', '.join(minor)}" if minor else "")
              + "".join(f"\n      {v['impact']} {v['id']} ({v['help']}): {len(v['nodes'])} — {v['nodes'][:3]}"
                        for v in bad), flush=True)
        self.failures += [f"{screen}: {v['id']}" for v in bad]

    def size(self, w, h):
        """Sets the viewport (not the window) to w × h."""
        self.d.cmd("POST", "/window/rect", {"width": w, "height": h})
        iw, ih = self.d.js("return [innerWidth, innerHeight]")
        self.d.cmd("POST", "/window/rect", {"width": w + (w - iw), "height": h + (h - ih)})
        self.d.wait(f"a {w} px viewport", f"return innerWidth === {w}")

    def layout(self, w):
        """No sideways scrolling; below 900 px the conversation takes the width and the rail is a drawer."""
        sw, cw = self.d.js("const e = document.scrollingElement; return [e.scrollWidth, e.clientWidth]")
        assert sw <= cw, f"at {w} px the page scrolls sideways ({sw} > {cw})"
        main = self.d.js("return document.querySelector('.ac-main').getBoundingClientRect().width")
        toggle = self.d.js("return document.querySelector('.ac-drawer-toggle').offsetWidth")
        if w < 900:
            assert main >= 0.9 * w, f"at {w} px the conversation is {main} px wide"
            assert toggle > 0, f"at {w} px there is no drawer button"
        else:
            assert toggle == 0, f"at {w} px the rail is a drawer"


def thread_screens(p, app_url, server, theme, shots):
    q = urllib.parse.urlencode({"server": server, "dialect": "langgraph"})
    p.open(f"{app_url}?{q}", theme)
    p.d.wait("connected", "return !!document.querySelector('.ac-connection.ac-ok')")
    p.size(1280, 800)
    p.check(f"{theme} 1280: connected, no thread")
    # A reply, then a question the run waits on.
    for text, status in (("hello from the accessibility check", "success"), ("please approve", "interrupted")):
        p.d.js("""const t = document.querySelector('.ac-composer-input'); t.value = arguments[0];
                  t.dispatchEvent(new Event('input')); document.querySelector('.ac-send').click();""", text)
        p.d.wait(f"the run to be {status}",
                 f"return document.querySelector('.ac-run-status')?.dataset.status === '{status}'"
                 + (" && !!document.querySelector('.ac-interrupt-option')" if status == "interrupted" else ""))
    for w, h in SIZES:
        p.size(w, h)
        p.layout(w)
        if w < 900:
            heights = p.d.js("return [...document.querySelectorAll('.ac-interrupt button')].map(b => b.offsetHeight)")
            assert heights and min(heights) >= 44, f"at {w} px the interrupt's buttons are {heights} px high"
            meters = p.d.js("return document.querySelector('.ac-meters')?.getBoundingClientRect().height")
            assert meters and meters < 30, f"at {w} px the meters take {meters} px (one short line)"
        # A message's actions shown (they wait for hover or focus): axe reads their contrast too.
        p.d.js("document.querySelector('.ac-message[data-role=ai] .ac-copy-message').focus()")
        p.check(f"{theme} {w}: a thread with a reply and an interrupt")
        if shots:
            p.d.screenshot(os.path.join(shots, f"thread-{w}-{theme}.png"))
        if w < 900:
            p.d.js("document.querySelector('.ac-drawer-toggle').click()")
            p.d.wait("the drawer open", "return getComputedStyle(document.querySelector('.ac-rail')).visibility === 'visible'")
            p.check(f"{theme} {w}: the drawer open")
            p.d.js("document.querySelector('.ac-drawer-backdrop').click()")
            p.d.wait("the drawer closed", "return getComputedStyle(document.querySelector('.ac-rail')).visibility === 'hidden'")
    p.size(1280, 800)
    # The thread's ⋯ menu and its details open.
    p.d.js("document.querySelector('.ac-thread.ac-selected .ac-thread-menu-toggle').click()")
    p.d.wait("the thread's menu", "return document.activeElement?.getAttribute('role') === 'menuitem'")
    p.d.js("document.querySelector('.ac-thread-details').open = true")
    p.check(f"{theme} 1280: the thread's menu and details open")
    p.d.js("document.activeElement.dispatchEvent(new KeyboardEvent('keydown', {key: 'Escape', bubbles: true}))")
    p.d.js("document.querySelector('.ac-thread-details').open = false")
    # The connection form opened again from its line.
    assert p.d.js("return document.querySelector('.ac-servers-body').hidden"), "connected, the form is not folded"
    p.d.js("document.querySelector('.ac-connection-line').click()")
    p.d.wait("the form open", "return !document.querySelector('.ac-servers-body').hidden")
    p.check(f"{theme} 1280: the connection form opened")
    tabs = p.d.js("return [...document.querySelectorAll('.ac-tab')].map(t => t.textContent.trim())")
    for i, name in enumerate(tabs):
        if i == 0:
            continue
        p.d.js("document.querySelectorAll('.ac-tab')[arguments[0]].click()", i)
        p.d.wait(f"the {name} tab", "return document.querySelectorAll('.ac-tab')[arguments[0]]"
                 ".getAttribute('aria-selected') === 'true' && !document.querySelector('.ac-part-loading')"
                 " && document.querySelector('.ac-tab-body').textContent.trim().length > 0".replace("arguments[0]", str(i)),
                 timeout=15)
        time.sleep(0.5)
        p.check(f"{theme} 1280: the {name} tab")
    # The debugger: a node chosen on the Graph tab (its breakpoints), and the Assistants page.
    p.d.js("document.querySelector('.ac-tab[data-tab=graph]').click()")
    p.d.wait("the live graph", "return !!document.querySelector('.ac-graph-live')", timeout=15)
    p.d.js("document.querySelector('.ac-graph-live').dispatchEvent(new MouseEvent('click', {bubbles: true}))")
    p.d.wait("the chosen node", "return !!document.querySelector('.ac-node-detail')")
    p.d.js("document.querySelector('.ac-node-detail .ac-break-before').click()")
    p.d.wait("the debugger bar", "return !!document.querySelector('.ac-breakpoints-set')", timeout=15)
    p.check(f"{theme} 1280: a node's breakpoints on the Graph tab")
    p.d.js("document.querySelector('.ac-break-clear').click()")
    p.d.js("document.querySelector('.ac-screen-assistants').click()")
    p.d.wait("the Assistants page", "return !!document.querySelector('.ac-admin-version')", timeout=15)
    p.check(f"{theme} 1280: the Assistants page")
    # The Inbox watching the connected server, its first row focused with its replies.
    p.d.js("document.querySelector('.ac-screen-inbox').click()")
    p.d.wait("the Inbox", "return !!document.querySelector('.ac-inbox-server.ac-inbox-live')", timeout=20)
    time.sleep(0.3)
    p.check(f"{theme} 1280: the Inbox")
    p.d.js("document.querySelector('.ac-screen-thread').click()")


def main():
    app_url, server = sys.argv[1], sys.argv[2]
    ap = sys.argv[3] if len(sys.argv) > 3 and sys.argv[3] else None
    shots = sys.argv[4] if len(sys.argv) > 4 else None
    if shots:
        os.makedirs(shots, exist_ok=True)
    d = Driver("chromium")
    try:
        d.cmd("POST", "/timeouts", {"script": 60_000})
        p = Page(d, axe_source())
        for theme in ("light", "dark"):
            p.open(app_url, theme)
            p.d.wait("the start screen", "return !!document.querySelector('.ac-servers select')")
            p.d.wait("the connection's outcome",
                     "return !!document.querySelector('.ac-connection.ac-error, .ac-connection.ac-ok')", timeout=20)
            for w, h in SIZES:
                p.size(w, h)
                p.layout(w)
                if w < 900:
                    # The demo server this origin names is not here: the drawer opens on the form.
                    assert p.d.js("return getComputedStyle(document.querySelector('.ac-rail')).visibility") \
                        == "visible", f"at {w} px a failed connection hides the form"
                # The open drawer is modal (the pane behind it inert); beside the pane, the rail is not.
                p.d.wait(f"the pane inert at {w} px exactly while the drawer covers it",
                         f"return document.querySelector('.ac-main').inert === {'true' if w < 900 else 'false'}",
                         timeout=5)
                p.check(f"{theme} {w}: the start screen (nothing saved, no server here)")
            thread_screens(p, app_url, server, theme, shots)
            if ap:
                q = urllib.parse.urlencode({"server": ap, "dialect": "agent-protocol", "page": "runs"})
                p.open(f"{app_url}?{q}", theme)
                p.d.wait("the runs page", "return !!document.querySelector('.ac-connection.ac-ok') && "
                         "!!document.querySelector('.ac-runs-page')", timeout=30)
                time.sleep(0.5)
                p.size(1280, 800)
                p.check(f"{theme} 1280: the Agent Protocol server's runs page")
    finally:
        d.quit()
    if p.failures:
        print(f"axe-core: {len(p.failures)} serious or critical violations on {p.checked} screens:")
        for f in p.failures:
            print("  " + f)
        sys.exit(1)
    print(f"axe-core: 0 serious or critical violations on {p.checked} screens (light and dark; "
          f"{', '.join(f'{w}x{h}' for w, h in SIZES)}); no sideways scrolling; the drawer below 900 px")


if __name__ == "__main__":
    main()
