#!/usr/bin/env python3
"""Drives the built example host page (dist/embed.html: hostile CSS, two <agent-console> elements) in
headless Chromium through chromedriver's WebDriver protocol (standard library only):

- both custom elements mount and connect to the real LangGraph demo server;
- a run sent with `element.send()` streams in the first widget while the second stays idle;
- the page's own component for the agent's UI messages is made in the widget's shadow root and follows
  its props; the page's tool answers the run's tool request;
- the host heard run-started, throttled token events with growing text, and run-finished (success) —
  from the first widget only;
- the API keys the page set as properties appear nowhere in the DOM, attributes or shadow roots;
- the host's CSS does not reach inside: computed styles inside the widget are the widget's own;
- with AC_ONLY_DIALECT=langgraph (a build for that dialect alone), a widget asked for Yandex says in
  its own shadow root that the build does not speak it, and emits an `error` event;
- an element created, appended and sent to in one task sends its message once connected (its
  promise resolves); removed while its run streams, it unmounts (its elements go, no more events);
  appended again, it mounts anew and connects;
- secrets set for one server are forgotten (an `error` event says so) when `server` moves to
  another origin.

Usage: embed_page.py PAGE_URL [SCREENSHOT.png]     (chromedriver on PATH or at $CHROMEDRIVER)
"""
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


class Driver:
    def __init__(self, browser="chromium"):
        """Headless Chromium through $CHROMEDRIVER, or Firefox (`browser="firefox"`) through $GECKODRIVER."""
        self.port = free_port()
        firefox = browser == "firefox"
        exe = os.environ.get("GECKODRIVER", "geckodriver") if firefox \
            else os.environ.get("CHROMEDRIVER", "chromedriver")
        self.proc = subprocess.Popen([exe, f"--port={self.port}"], stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        for _ in range(100):
            try:
                self._call("GET", "/status")
                break
            except OSError:
                time.sleep(0.1)
        if firefox:
            caps = {"capabilities": {"alwaysMatch": {"browserName": "firefox", "moz:firefoxOptions": {
                "args": ["-headless", "--width=1280", "--height=900"]}}}}
        else:
            caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900",
                "--disable-background-networking", "--disable-component-update", "--no-first-run"]}}}}
        self.session = self._call("POST", "/session", caps)["sessionId"]

    def _call(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.loads(r.read())["value"]

    def cmd(self, method, path, body=None):
        return self._call(method, f"/session/{self.session}{path}", body)

    def js(self, script, *args):
        return self.cmd("POST", "/execute/sync", {"script": script, "args": list(args)})

    def wait(self, what, script, timeout=30):
        end = time.time() + timeout
        while time.time() < end:
            v = self.js(script)
            if v:
                return v
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}")

    def screenshot(self, path):
        png = self.cmd("GET", "/screenshot")
        with open(path, "wb") as f:
            f.write(base64.b64decode(png))

    def quit(self):
        try:
            self.cmd("DELETE", "")
        finally:
            self.proc.terminate()


STYLE_PROBE = """
const root = document.getElementById(arguments[0]).shadowRoot;
const out = {};
for (const [sel, props] of Object.entries(arguments[1])) {
  const el = root.querySelector(sel);
  if (!el) { out[sel] = null; continue; }
  const cs = getComputedStyle(el);
  out[sel] = Object.fromEntries(props.map((p) => [p, cs.getPropertyValue(p)]));
}
return out;
"""


def main():
    url = sys.argv[1]
    shot = sys.argv[2] if len(sys.argv) > 2 else None
    d = Driver()
    try:
        d.cmd("POST", "/url", {"url": url})
        for wid in ("support", "ops"):
            d.wait(f"widget {wid} to connect",
                   f"return document.getElementById('{wid}').shadowRoot?.querySelector('.ac-root')"
                   f"?.dataset.connection === 'connected'")
        # The whole build's mode="full" widget has the rail; the chat-only build (dist/chat/) shows
        # the chat alone whatever the page asks.
        chat_build = os.environ.get("AC_CHAT_BUILD") == "1"
        rails = d.js("return document.getElementById('ops').shadowRoot.querySelectorAll('.ac-rail').length")
        assert rails == (0 if chat_build else 1), f"rails in the mode=full widget: {rails} (chat build: {chat_build})"
        # The host's CSS is live on the page (so the checks below could fail)...
        host = d.js("const cs = getComputedStyle(document.querySelector('h1'));"
                    "return [cs.textTransform, cs.letterSpacing, cs.fontFamily];")
        assert host[0] == "uppercase" and host[1] == "3px", host
        # ...and stops at the shadow boundary.
        probe = {".ac-root": ["font-family", "font-size", "letter-spacing", "text-transform", "line-height"],
                 ".ac-composer-input": ["font-family", "text-transform", "border-top-style", "font-size"],
                 ".ac-send": ["background-color", "border-top-style", "font-size", "padding-top"]}
        styles = d.js(STYLE_PROBE, "support", probe)
        root = styles[".ac-root"]
        assert "Comic" not in root["font-family"] and "system-ui" in root["font-family"], root
        assert root["font-size"] == "14px" and root["letter-spacing"] == "normal", root
        assert root["text-transform"] == "none", root
        assert styles[".ac-composer-input"]["border-top-style"] == "solid", styles
        assert styles[".ac-send"]["background-color"] == "rgb(36, 95, 204)", styles
        assert styles[".ac-send"]["font-size"] == "14px", styles
        # The host themes the second widget through custom properties (accent) and the theme attribute.
        ops = d.js(STYLE_PROBE, "ops", {".ac-send": ["background-color"], ".ac-root": ["background-color"]})
        assert ops[".ac-send"]["background-color"] == "rgb(217, 72, 15)", ops
        assert ops[".ac-root"]["background-color"] == "rgb(21, 24, 30)", ops

        d.js("document.getElementById('support').send('long story')")
        d.wait("the run to finish in the first widget",
               "return window.hostEvents.some(e => e.widget === 'support' && e.type === 'run-finished')",
               timeout=60)
        events = d.js("return window.hostEvents")
        mine = [e for e in events if e["widget"] == "support"]
        kinds = [e["type"] for e in mine]
        assert kinds[0] == "run-started" and kinds[-1] == "run-finished", kinds
        tokens = [e["detail"]["text"] for e in mine if e["type"] == "token"]
        assert len(tokens) >= 3, f"expected several throttled token events, got {len(tokens)}"
        assert all(b.startswith(a) and len(b) > len(a) for a, b in zip(tokens, tokens[1:])), tokens
        expected = "Long answer: " + " ".join(f"w{i}" for i in range(120)) + " end."
        assert tokens[-1] == expected, tokens[-1][-80:]
        finished = mine[-1]["detail"]
        assert finished["status"] == "success" and finished["threadId"] and finished["runId"], finished
        assert not [e for e in events if e["widget"] == "ops"], "the idle widget must not emit events"
        shown = d.js("return document.getElementById('support').shadowRoot"
                     ".querySelector('.ac-message[data-role=ai] .ac-text').textContent")
        assert shown == expected, shown[-80:]
        assert d.js("return document.getElementById('ops').shadowRoot"
                    ".querySelectorAll('.ac-messages .ac-message').length") == 0

        # Secrets: nowhere in the page's markup, the elements' attributes or the shadow roots.
        markup = d.js("return document.documentElement.outerHTML + [...document.querySelectorAll("
                      "'agent-console')].map(e => e.shadowRoot.innerHTML + [...e.attributes]"
                      ".map(a => a.value).join(' ')).join(' ')")
        # (The page's own script builds the keys; the whole key must not appear.)
        for wid in ("support", "ops"):
            assert f"demo-key-{wid}-never-in-the-dom" not in markup, "an API key leaked into the DOM"
        assert "X-Tenant" in markup  # the page's script is in the markup: the check reads the right text
        assert d.js("return document.getElementById('support').apiKey") is None
        # Generative UI: the page's <demo-progress> made in the widget's shadow root and merged to the
        # last step; the page's get_location tool answering the run's tool request.
        d.js("document.getElementById('support').send('progress check')")
        d.wait("the page's progress component at its last step",
               "const p = document.getElementById('support').shadowRoot.querySelector('demo-progress');"
               "return !!p && p.textContent.includes('Charting the tides: 3 of 3')", timeout=60)
        d.js("document.getElementById('support').send('my location')")
        said = d.wait("the page's tool answering the agent",
                      "const t = [...document.getElementById('support').shadowRoot"
                      ".querySelectorAll('.ac-message[data-role=ai] .ac-text')].map(e => e.textContent);"
                      "return t.includes('You are in Bodo.') && t", timeout=60)
        assert "You are in Bodo." in said, said
        only = os.environ.get("AC_ONLY_DIALECT")
        if only:
            assert only == "langgraph", "the check below asks a LangGraph-only build for Yandex"
            d.js("const el = document.createElement('agent-console'); el.id = 'other';"
                 "el.setAttribute('dialect', 'yandex'); el.setAttribute('folder', 'b1gdemo');"
                 "el.setAttribute('server', 'http://127.0.0.1:9/');"
                 "el.addEventListener('error', (e) => window.hostEvents.push({widget: 'other', type: 'error', detail: e.detail}));"
                 "document.body.append(el);")
            said = d.wait("the Yandex widget to say the build does not speak Yandex",
                          "const t = document.getElementById('other').shadowRoot?.textContent || '';"
                          "return t.includes('does not speak Yandex') && t")
            assert 'cargo feature "yandex"' in said, said[:400]
            d.wait("the Yandex widget's error event",
                   "return window.hostEvents.some(e => e.widget === 'other' && e.type === 'error')")
        # Created, appended and sent to in one task; removed while its run streams; appended again.
        server = d.js("return document.getElementById('support').getAttribute('server')")
        d.js("const el = document.createElement('agent-console'); el.id = 'quick';"
             "el.setAttribute('server', arguments[0]); el.setAttribute('mode', 'chat');"
             "for (const t of ['run-started', 'token', 'run-finished', 'error'])"
             "  el.addEventListener(t, (e) => window.hostEvents.push({widget: 'quick', type: t, detail: e.detail}));"
             "document.body.append(el);"
             "window.quickSent = null; el.send('long story').then(() => window.quickSent = 'sent', (e) => window.quickSent = 'rejected: ' + e.message);",
             server)
        d.wait("the quick widget's reply to stream",
               "return (document.getElementById('quick').shadowRoot?.querySelector('.ac-message[data-role=ai] .ac-text')?.textContent || '').length > 20",
               timeout=60)
        assert d.js("return window.quickSent") == "sent", d.js("return window.quickSent")
        d.js("window.quickEl0 = document.getElementById('quick'); window.quickEl0.remove()")
        d.wait("the removed widget's elements to go",
               "return !window.quickEl0.shadowRoot.querySelector('.ac-widget')")
        removed_at = d.js("return window.hostEvents.filter(e => e.widget === 'quick').length")
        time.sleep(1.5)  # a stream left running would emit tokens within this time (one per 100 ms)
        after = d.js("return window.hostEvents.filter(e => e.widget === 'quick').length")
        assert after == removed_at, f"the removed widget went on emitting: {removed_at} -> {after} events"
        quick_started = [e for e in d.js("return window.hostEvents") if e["widget"] == "quick"]
        assert [e["type"] for e in quick_started].count("run-started") == 1, quick_started[:3]
        assert not any(e["type"] == "run-finished" for e in quick_started), "it was removed mid-run"
        d.js("window.quickEl = document.createElement('agent-console'); window.quickEl.id = 'quick2';"
             "window.quickEl.setAttribute('server', arguments[0]); document.body.append(window.quickEl);"
             "window.quickEl.remove(); document.body.append(window.quickEl);", server)
        d.wait("the element appended again to connect",
               "return document.getElementById('quick2').shadowRoot?.querySelector('.ac-root')?.dataset.connection === 'connected'")
        widgets = d.js("return document.getElementById('quick2').shadowRoot.querySelectorAll('.ac-widget').length")
        assert widgets == 1, f"widgets in the re-attached element: {widgets}"
        # Secrets belong to the origin they were first sent to.
        d.js("const el = document.getElementById('quick2');"
             "el.addEventListener('error', (e) => window.hostEvents.push({widget: 'quick2', type: 'error', detail: e.detail}));"
             "el.apiKey = 'guard-key'; el.setAttribute('server', 'http://127.0.0.2:9/');")
        said = d.wait("the error saying the secrets were forgotten",
                      "const e = window.hostEvents.find(e => e.widget === 'quick2' && e.type === 'error'"
                      " && e.detail.message.includes('forgotten')); return e && e.detail.message")
        assert "another origin" in said, said
        d.js("document.getElementById('quick2').remove()")
        if shot:
            d.screenshot(shot)
        build = ('chat-only build' if chat_build else 'whole build') + (f", {only} alone" if only else "")
        print(f"embed page ({build}): 2 widgets connected; {len(tokens)} token events; run {finished['status']}; "
              f"idle widget silent; the page's progress component and get_location tool worked; no key in the DOM; host CSS kept out"
              + ("; a Yandex widget told the build does not speak it" if only else "")
              + "; a widget sent to in the task that made it, removed mid-run, fell silent; re-attached, it"
              " connected; its secrets forgotten when its server moved to another origin")
    finally:
        d.quit()


if __name__ == "__main__":
    main()
