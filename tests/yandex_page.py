#!/usr/bin/env python3
"""Drives the release build's app page against the Yandex stand-in (crates/devserver) in headless Chromium
over WebDriver, as a user would: the deep link names the server, dialect and folder; without a key the
first connection is refused with "check your API key"; typing the demo key and pressing Connect connects;
"Runs in folder" shows the folder's runs; Next pages by token and Previous comes back; a row opens its detail with the usage
value above 2^53 exact. The key is never in the DOM.

Usage: yandex_page.py PAGE_URL [SCREENSHOT.png]     (chromedriver on PATH or at $CHROMEDRIVER)
"""
import sys

from embed_page import Driver

KEY = "demo-api-key"


def main():
    url = sys.argv[1]
    shot = sys.argv[2] if len(sys.argv) > 2 else None
    d = Driver()
    try:
        d.cmd("POST", "/url", {"url": url})
        refused = d.wait("the refusal without a key",
                         "return document.querySelector('.ac-connection.ac-error')?.textContent")
        assert "check your API key" in refused, refused
        d.js("const k = document.querySelector('.ac-api-key'); k.value = arguments[0];"
             "k.dispatchEvent(new Event('input')); document.querySelector('.ac-connect-button').click();", KEY)
        status = d.wait("the connection", "return document.querySelector('.ac-connection.ac-ok')?.textContent")
        d.js("document.querySelector('.ac-screen-runs').click()")
        d.wait("the first page of runs", "return document.querySelectorAll('.ac-folder-runs .ac-run-row').length > 0")
        first = d.js("return [...document.querySelectorAll('.ac-run-row')].map(r => r.dataset.runId)")
        d.js("document.querySelector('.ac-next-page').click()")
        d.wait("page 2", "return document.querySelector('.ac-page-number').textContent === 'Page 2'")
        second = d.js("return [...document.querySelectorAll('.ac-run-row')].map(r => r.dataset.runId)")
        assert second and not set(first) & set(second), (first, second)
        # Back to page 1 (the way back is the stack of tokens), the same runs as before.
        d.js("document.querySelector('.ac-prev-page').click()")
        d.wait("page 1 again", "return !document.querySelector('.ac-loading')"
               " && document.querySelector('.ac-page-number').textContent === 'Page 1'")
        again = d.js("return [...document.querySelectorAll('.ac-run-row')].map(r => r.dataset.runId)")
        assert again == first, (first, again)
        # Page on to the run with the huge usage value and open it.
        for _ in range(100):
            row = d.js("return [...document.querySelectorAll('.ac-run-row')].find(r => r.querySelector("
                       "'[data-field=\"usage.totalTokens\"]').textContent === '9007199254740993')?.dataset.runId")
            if row:
                break
            page = d.js("return document.querySelector('.ac-page-number').textContent")
            assert not d.js("return document.querySelector('.ac-next-page').disabled"), "no more pages"
            d.js("document.querySelector('.ac-next-page').click()")
            # Next is disabled while a page loads: wait for the load to be over, then for a new page
            # (or the end of the list).
            d.wait("the next page", "return !document.querySelector('.ac-loading') && ("
                   f"document.querySelector('.ac-page-number').textContent !== '{page}'"
                   " || document.querySelector('.ac-next-page').disabled)")
        assert row, "the run with usage above 2^53"
        d.js(f"document.querySelector('.ac-run-row[data-run-id=\"{row}\"]').click()")
        total = d.wait("the run's detail", "return document.querySelector("
                       "'.ac-run-detail-card dd[data-field=\"usage.totalTokens\"]')?.textContent")
        assert total == "9007199254740993", total
        # (The connect form's hint names the stand-in's demo key in words; the rest of the page must not.)
        markup = d.js("const h = document.querySelector('.ac-hint');"
                      "return document.documentElement.outerHTML.replace(h ? h.outerHTML : '', '')")
        assert KEY not in markup, "the key leaked into the DOM"
        assert d.js("return document.querySelector('.ac-api-key').getAttribute('value')") is None
        if shot:
            d.screenshot(shot)
        print(f"yandex page: 401 named, then {status.strip()}; runs paged by token forward and back; "
              f"detail shows usage {total}; no key in the DOM")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
