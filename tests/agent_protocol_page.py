#!/usr/bin/env python3
"""Drives the release build's app page against the Agent Protocol reference server (crates/devserver) in
headless Chromium over WebDriver, as a user would: the deep link names the server and dialect; the agents
are listed and one's capabilities and schemas shown; a message streams back; the Runs page filters by
status and opens a run.

Usage: agent_protocol_page.py PAGE_URL [SCREENSHOT.png]     (chromedriver on PATH or at $CHROMEDRIVER)
"""
import sys

from embed_page import Driver


def main():
    url = sys.argv[1]
    shot = sys.argv[2] if len(sys.argv) > 2 else None
    d = Driver()
    try:
        d.cmd("POST", "/url", {"url": url})
        status = d.wait("the connection", "return document.querySelector('.ac-connection.ac-ok')?.textContent")
        agents = d.wait("the agents", "const o = [...document.querySelectorAll('.ac-assistant-select option')]"
                        ".map(o => o.textContent); return o.length ? o : null")
        assert agents == ["Demo agent", "Summarizer"], agents
        d.js("const x = document.querySelector('.ac-assistant-details'); x.open = true;"
             "x.dispatchEvent(new Event('toggle'))")
        d.wait("the capabilities", "return document.querySelector("
               "'.ac-capability[data-capability=\"ap.io.streaming\"][data-on=\"true\"]')")
        schemas = d.js("return document.querySelectorAll('.ac-schema').length")
        assert schemas == 4, schemas
        d.js("const t = document.querySelector('.ac-composer-input'); t.value = 'hello release';"
             "t.dispatchEvent(new Event('input')); document.querySelector('.ac-send').click()")
        reply = d.wait("the reply", "const s = document.querySelector('.ac-run-status')?.dataset.status;"
                       "const m = [...document.querySelectorAll('.ac-message[data-role=\"ai\"] .ac-text')].pop();"
                       "return s === 'success' && m ? m.textContent : null")
        assert reply == "Echo: hello release", reply
        d.js("document.querySelector('.ac-screen-runs').click()")
        d.wait("the runs", "return document.querySelectorAll('.ac-server-runs .ac-run-row').length > 0")
        d.js("const s = document.querySelector('.ac-filter-status'); s.value = 'timeout';"
             "s.dispatchEvent(new Event('change')); document.querySelector('.ac-apply-filters').click()")
        d.wait("timeout runs only", "const r = [...document.querySelectorAll('.ac-server-runs .ac-run-row')];"
               "return r.length > 0 && r.every(x => x.dataset.status === 'timeout')")
        d.js("document.querySelector('.ac-server-runs .ac-run-row').click()")
        d.wait("the run's detail", "return document.querySelector('.ac-run-detail-card dd[data-field=\"status\"]')"
               "?.textContent === 'timeout'")
        if shot:
            d.screenshot(shot)
        print(f"agent protocol page: {status.strip()}; agents {agents}; capabilities and {schemas} schemas; "
              f"reply {reply!r}; runs filtered by status, detail opened")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
