#!/usr/bin/env python3
"""Drives the split release build (scripts/split.sh) in a headless browser over WebDriver, as a user
would, in Chromium and Firefox:

- the first load fetches the first module, the parts' loader and the connected server's dialect (its
  part, `split_dialect_langgraph.wasm`, and the chunks it needs), and no other part; the other
  dialects' parts are never fetched;
- once the first screen is up and the browser idle, the parts are fetched (preloaded), each once,
  well after the first load ended;
- a part whose file the server does not send (moved away before the page loaded): its preload fails
  without a word; opened, it says so in place (`.ac-part-error`, role=alert) with *Retry*; once the
  file is there again, *Retry* loads it and the tab shows its content;
- every other lazily loaded screen of a LangGraph server — the State, Runs, Timeline and Graph tabs and the
  assistant's details (its graph) — shows its content when opened, without fetching its part again.
  (The server-wide runs pages are driven by yandex_page.py and agent_protocol_page.py on this build.)
- a dialect whose part the server does not send: connecting says so in place; sent again, Connect
  connects.

The server serves SITE from disk: the failed load is made by moving the part's file away, and undone
by moving it back.

Usage: parts_page.py PAGE_URL SITE chromium|firefox
"""
import os
import sys
import time

from embed_page import Driver

# (tab, what shows its content, its part's file)
TABS = [
    ("state", ".ac-state-tab", "split_tab_state.wasm"),
    ("runs", ".ac-runs-tab", "split_tab_runs.wasm"),
    ("timeline", ".ac-timeline-tab", "split_tab_timeline.wasm"),
    ("graph", ".ac-graph-tab", "split_debugger.wasm"),
]
FAILING = ("events", ".ac-events-tab", "split_tab_events.wasm")
ASSISTANT = "split_assistant_insides.wasm"
RUNS_PAGE = "split_page_runs.wasm"
GEN_UI = "split_gen_ui.wasm"
# The server's own objects' pages (#40), each a part of its own.
PAGES = ["split_page_assistants.wasm", "split_page_store.wasm", "split_page_crons.wasm", "split_page_inbox.wasm"]
PRELOADED = [p for _, _, p in TABS] + [FAILING[2], ASSISTANT, RUNS_PAGE, GEN_UI] + PAGES
DIALECT = "split_dialect_langgraph.wasm"
OTHER_DIALECTS = ["split_dialect_agent_protocol.wasm", "split_dialect_yandex.wasm", "split_dialect_responses.wasm", "split_dialect_a2a.wasm"]

FETCHED = """return performance.getEntriesByType('resource').map(e => e.name.split('/').pop())
  .filter(n => n.endsWith('.wasm') || n.endsWith('.js'))"""

# When each part's fetch started, and when the first module's ended (ms since the page's start).
TIMES = """const r = performance.getEntriesByType('resource');
  const first = r.find(e => e.name.endsWith('/agent-console_bg.wasm'));
  return {first: first ? first.responseEnd : null,
          parts: r.filter(e => /split_(?!dialect_)[a-z_]+\\.wasm$/.test(e.name))
                  .map(e => [e.name.split('/').pop(), e.startTime])}"""


def open_tab(d, tab):
    d.js(f"document.querySelector('.ac-tab[data-tab=\"{tab}\"]').click()")


def main():
    url, site, browser = sys.argv[1], sys.argv[2], sys.argv[3]
    tab, sel, part = FAILING
    path = os.path.join(site, part)
    os.rename(path, path + ".away")
    d = Driver(browser)
    try:
        d.cmd("POST", "/url", {"url": url})
        d.wait("the connection", "return document.querySelector('.ac-connection.ac-ok')?.textContent")
        first = d.js(FETCHED)
        assert "agent-console_bg.wasm" in first and "__wasm_split.js" in first, first
        assert DIALECT in first, f"the connected dialect's part not in the first load: {first}"
        assert not any(n.startswith("split_") and n != DIALECT for n in first), f"a part in the first load: {first}"
        # Preloaded when idle: every part asked for (the failing one too), well after the first load.
        started = time.time()
        while not all(p in d.js(FETCHED) for p in PRELOADED):
            assert time.time() - started < 30, f"not every part preloaded: {d.js(FETCHED)}"
            time.sleep(0.1)
        times = d.js(TIMES)
        late = [(n, round(t - times["first"])) for n, t in times["parts"]]
        assert all(gap >= 1000 for _, gap in late), f"a part fetched with the first load: {late}"
        assert d.js("return document.querySelector('.ac-part-error')") is None, \
            "a preload that failed said something nobody asked for"

        # The part the server did not send: said in place when opened, with Retry; sent again, Retry loads it.
        open_tab(d, tab)
        said = d.wait("the failed part said", "const e = document.querySelector('.ac-part-error');"
                      "return e && e.getAttribute('role') === 'alert' ? e.textContent : null")
        assert "could not be loaded" in said and "retry" in said.lower(), said
        os.rename(path + ".away", path)
        d.js("document.querySelector('.ac-part-retry').click()")
        d.wait(f"the {tab} tab after Retry", f"return document.querySelector('{sel}')")
        assert d.js("return document.querySelector('.ac-part-error')") is None

        # A run, so that every tab has something to show; then each preloaded screen, at once.
        # (The demo graph's progress path: the agent's components, a part of their own, show too.)
        d.js("const t = document.querySelector('.ac-composer-input'); t.value = 'parts check with progress';"
             "t.dispatchEvent(new Event('input')); document.querySelector('.ac-send').click()")
        d.wait("the run's end", "return document.querySelector('.ac-run-status')?.dataset.status === 'success'")
        for tab_name, tab_sel, _ in TABS:
            open_tab(d, tab_name)
            d.wait(f"the {tab_name} tab", f"return document.querySelector('{tab_sel}')")
        d.js("const x = document.querySelector('.ac-assistant-details'); x.open = true;"
             "x.dispatchEvent(new Event('toggle'))")
        d.wait("the assistant's graph", "return document.querySelector('.ac-assistant-details svg.ac-graph')")
        # Back to Messages and to State again: shown without fetching anything again.
        open_tab(d, "messages")
        d.wait("the messages", "return document.querySelector('.ac-message')")
        d.wait("the agent's progress card", "return [...document.querySelectorAll('.ac-ui-card .ac-ui-props td')]"
               ".some(td => td.textContent === 'Charting the tides')")
        open_tab(d, "state")
        d.wait("the state tab again", "return document.querySelector('.ac-state-tab')")
        fetched = d.js(FETCHED)
        again = {p: fetched.count(p) for p in PRELOADED if p != part and fetched.count(p) != 1}
        assert not again, f"a preloaded part fetched again: {again}"
        assert fetched.count(part) == 3, f"the failed part: preload, open, Retry: {fetched.count(part)}"
        assert fetched.count(DIALECT) == 1 and not any(p in fetched for p in OTHER_DIALECTS), \
            f"dialect parts fetched: {[p for p in fetched if p.startswith('split_dialect_')]}"
        dialect_checked = dialect_part_fails(d, url, site)
        print(f"parts page ({browser}): first load {sorted(set(first))}; parts preloaded when idle "
              f"({min(g for _, g in late)}–{max(g for _, g in late)} ms after the first module): "
              f"{', '.join(sorted(PRELOADED))}; the State, Runs and Timeline tabs, the assistant's graph and the agent's components "
              f"shown without a second fetch; a part not sent said so only when opened, with Retry, and Retry loaded it; "
              f"{dialect_checked}")
    finally:
        if os.path.exists(path + ".away"):
            os.rename(path + ".away", path)
        d.quit()


def dialect_part_fails(d, url, site):
    """The page opened for an Agent Protocol server while that dialect's part is not sent: connecting
    says so in place; with the file back, Connect fetches it and connects."""
    name = OTHER_DIALECTS[0]
    path = os.path.join(site, name)
    os.rename(path, path + ".away")
    try:
        d.cmd("POST", "/url", {"url": url.replace("dialect=langgraph", "dialect=agent-protocol")})
        said = d.wait("the dialect's part said", "const e = document.querySelector('.ac-connection.ac-error');"
                      "return e && e.getAttribute('role') === 'alert' ? e.textContent : null")
        assert "could not be loaded" in said and "Agent Protocol" in said, said
    finally:
        os.rename(path + ".away", path)
    d.js("document.querySelector('.ac-connect-button').click()")
    d.wait("connected after the part came back", "return document.querySelector('.ac-connection.ac-ok')")
    fetched = d.js(FETCHED)
    assert name in fetched and DIALECT not in fetched, fetched
    return f"a dialect's part not sent said so in place (“{said.strip()[:60]}…”), and Connect fetched it and connected"


if __name__ == "__main__":
    main()
