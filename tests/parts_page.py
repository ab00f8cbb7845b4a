#!/usr/bin/env python3
"""Drives the split release build (scripts/split.sh) in a headless browser over WebDriver, as a user
would, in Chromium and Firefox:

- the first load fetches the first module and the parts' loader, and no part (nor does a run);
- each tab beyond Messages (State, Runs, Timeline, Events) is fetched the first time it is opened and
  shows its content; opened again, it is not fetched again;
- a part whose file the server does not send says so in place (`.ac-part-error`, role=alert) with
  *Retry*; once the file is there again, *Retry* loads it and the tab shows its content.

The server serves SITE from disk: the failed load is made by moving the part's file away, and undone
by moving it back.

Usage: parts_page.py PAGE_URL SITE chromium|firefox
"""
import os
import sys

from embed_page import Driver

TABS = [
    ("state", ".ac-state-tab", "split_tab_state.wasm"),
    ("runs", ".ac-runs-tab", "split_tab_runs.wasm"),
    ("timeline", ".ac-timeline-tab", "split_tab_timeline.wasm"),
    ("events", ".ac-events-tab", "split_tab_events.wasm"),
]

FETCHED = """return performance.getEntriesByType('resource').map(e => e.name.split('/').pop())
  .filter(n => n.endsWith('.wasm') || n.endsWith('.js'))"""


def open_tab(d, tab):
    d.js(f"document.querySelector('.ac-tab[data-tab=\"{tab}\"]').click()")


def main():
    url, site, browser = sys.argv[1], sys.argv[2], sys.argv[3]
    d = Driver(browser)
    try:
        d.cmd("POST", "/url", {"url": url})
        d.wait("the connection", "return document.querySelector('.ac-connection.ac-ok')?.textContent")
        first = d.js(FETCHED)
        # A run, so that every tab has something to show.
        d.js("const t = document.querySelector('.ac-composer-input'); t.value = 'parts check';"
             "t.dispatchEvent(new Event('input')); document.querySelector('.ac-send').click()")
        d.wait("the run's end", "return document.querySelector('.ac-run-status')?.dataset.status === 'success'")
        assert "agent-console_bg.wasm" in first and "__wasm_split.js" in first, first
        assert not any(n.startswith("split_") for n in first), f"a part in the first load: {first}"

        assert not any(n.startswith("split_") for n in d.js(FETCHED)), "a part fetched by a run"
        # A part the server does not send: said in place, with Retry; sent again, Retry loads it.
        tab, sel, part = TABS[-1]
        path = os.path.join(site, part)
        os.rename(path, path + ".away")
        try:
            open_tab(d, tab)
            said = d.wait("the failed part said", "const e = document.querySelector('.ac-part-error');"
                          "return e && e.getAttribute('role') === 'alert' ? e.textContent : null")
            assert "could not be loaded" in said and "retry" in said.lower(), said
        finally:
            os.rename(path + ".away", path)
        d.js("document.querySelector('.ac-part-retry').click()")
        d.wait(f"the {tab} tab after Retry", f"return document.querySelector('{sel}')")
        assert d.js("return document.querySelector('.ac-part-error')") is None

        for tab, sel, part in TABS[:-1]:
            open_tab(d, tab)
            d.wait(f"the {tab} tab", f"return document.querySelector('{sel}')")
            assert part in d.js(FETCHED), f"{part} not fetched for the {tab} tab"
        # Back to Messages and to State again: shown without fetching it again.
        open_tab(d, "messages")
        d.wait("the messages", "return document.querySelector('.ac-message')")
        open_tab(d, "state")
        d.wait("the state tab again", "return document.querySelector('.ac-state-tab')")
        fetched = d.js(FETCHED)
        assert fetched.count("split_tab_state.wasm") == 1, fetched
        parts = sorted(n for n in set(fetched) if n.endswith(".wasm") and n != "agent-console_bg.wasm")
        print(f"parts page ({browser}): first load {sorted(set(first))}; every tab's part fetched once "
              f"when opened ({', '.join(parts)}); a part not sent said so with Retry, and Retry loaded it")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
