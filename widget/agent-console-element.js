// <agent-console> — agent-console as a custom element. A host page needs two lines:
//
//   <script type="module" src="https://your.host/agent-console/agent-console-element.js"></script>
//   <agent-console server="https://agents.example.com" assistant="agent" mode="chat"></agent-console>
//
// Attributes: server, dialect, assistant, thread, folder, mode (chat | full), theme (light | dark | auto).
// Secrets are properties only (never attributes, never written into the DOM):
//   el.apiKey = "…"; el.bearerToken = "…"; el.headers = { "X-Tenant": "acme" };
// Components for the agent's UI messages (generative UI), a property: el.components = { weather:
// "weather-card" } — a UI name → the tag of a custom element the page defines; the widget creates it
// under the message, sets its `props` property (again on each update) and acts on its bubbling
// `ui-action` event ({ detail: { message: "text" } } sends a message, { detail: { resume: value } }
// answers the question the run waits on). Other names show as a built-in card of their props.
// Tools the page lends the agent, a property: el.tools = { get_location: async (args) => result } —
// when a run stops on a tool request naming one (a LangGraph interrupt whose value is
// { type: "tool", tool_call: { id, name, args } }), the widget calls it and resumes the run with its
// result, or with { error: message } if it throws.
// Methods: el.send(text) — called at any time, even in the task that created the element: it waits
// for the widget to connect, then sends; its promise rejects if connecting fails — and el.cancel().
// Events (CustomEvent, bubbling, composed): run-started, token, run-finished, interrupt, error.
// Removing the element unmounts its widget (streams aborted, timers and listeners gone, no more
// events); putting it back mounts a new one. Moving it within the page keeps it.
// Secrets belong to the server's origin they were first used with: when the `server` attribute
// moves to another origin they are forgotten (an `error` event says so) and must be set again.
// Or, from code: import { mount } from ".../agent-console-element.js"; const w = await mount(div, options)
// (options: the attributes and secrets above, and requestTimeoutMs / streamSilenceMs as numbers);
// w.unmount() removes it.
//
// This module loads the same wasm as the app (agent-console.js + agent-console_bg.wasm next to it,
// with stopped.js and, in the split build, the parts and __wasm_split.js).

import "./stopped.js"; // a trap or stack overflow in the wasm still says "stopped" in every widget

globalThis.__agentConsoleWidget = true;
const wasm = import("./agent-console.js").then(async (m) => {
  await m.default();
  return m;
});

const ATTRIBUTES = ["server", "dialect", "assistant", "thread", "folder", "mode", "theme"];
const SECRETS = ["apiKey", "bearerToken", "headers"];

/** Mounts a widget in `element` (its shadow root); resolves to the widget (send, cancel, update). */
export async function mount(element, options = {}) {
  const m = await wasm;
  return m.mount(element, options);
}

/** The origin of a server as given (relative to the page), or null when it is not a URL. */
function originOf(server) {
  try { return new URL(server, document.baseURI).origin; } catch { return null; }
}

class AgentConsoleElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #secrets = {};
  // The origin the secrets were first sent to: they go to it alone.
  #secretsOrigin = null;
  #widget = null;
  #starting = null;
  // The unmount of a widget this element had, still under way: a new mount waits for it.
  #stopping = Promise.resolve();
  // Removed from the page: methods refuse until it is put back.
  #removed = false;

  // Write-only: reading a secret back gives undefined.
  set apiKey(v) { this.#setSecret("apiKey", v); }
  get apiKey() { return undefined; }
  set bearerToken(v) { this.#setSecret("bearerToken", v); }
  get bearerToken() { return undefined; }
  set headers(v) { this.#setSecret("headers", v); }
  get headers() { return undefined; }

  // Not secrets: readable back.
  #components = undefined;
  set components(v) { this.#components = v; this.#apply(); }
  get components() { return this.#components; }
  #tools = undefined;
  set tools(v) { this.#tools = v; this.#apply(); }
  get tools() { return this.#tools; }

  get threadId() { return this.#widget ? this.#widget.threadId : this.getAttribute("thread"); }

  connectedCallback() {
    this.#removed = false;
    // A property set on the element before this module defined it is an own property: move it here.
    for (const s of [...SECRETS, "components", "tools"]) {
      if (Object.prototype.hasOwnProperty.call(this, s)) { const v = this[s]; delete this[s]; this[s] = v; }
    }
    this.#start();
  }

  disconnectedCallback() {
    // A move within the page reconnects before this microtask runs: the widget stays.
    queueMicrotask(() => { if (!this.isConnected) this.#stop(); });
  }

  attributeChangedCallback(name) {
    if (name === "server") this.#guardSecrets();
    this.#apply();
  }

  async send(text) { return (await this.#live()).send(String(text)); }

  async cancel() { (await this.#live()).cancel(); }

  // The widget, mounting it if needed — unless the element was removed from the page (a widget
  // started on a detached element would never be unmounted).
  #live() {
    if (this.#removed) return Promise.reject(new Error("the element is not in the page"));
    return this.#start();
  }

  #options() {
    const o = {};
    for (const a of ATTRIBUTES) { const v = this.getAttribute(a); if (v !== null) o[a] = v; }
    if (this.#components !== undefined) o.components = this.#components;
    if (this.#tools !== undefined) o.tools = this.#tools;
    const secrets = SECRETS.filter((s) => this.#secrets[s] !== undefined);
    if (secrets.length > 0 && o.server) {
      this.#secretsOrigin ??= originOf(o.server);
      for (const s of secrets) o[s] = this.#secrets[s];
    }
    return o;
  }

  #setSecret(name, value) {
    this.#secrets[name] = value;
    // Set (again) for the server named now.
    this.#secretsOrigin = null;
    this.#apply();
  }

  // The server moved to another origin: the secrets given for the one before are not sent there.
  #guardSecrets() {
    if (this.#secretsOrigin === null) return;
    const now = originOf(this.getAttribute("server") ?? "");
    if (now === this.#secretsOrigin) return;
    this.#secrets = {};
    this.#secretsOrigin = null;
    this.#report(new Error(
      "The widget's server moved to another origin: its API key, token and headers were forgotten; set them again for this server."));
  }

  #start() {
    if (!this.#starting) {
      this.#starting = Promise.all([wasm, this.#stopping]).then(([m]) => {
        try {
          this.#widget = m.mount(this, this.#options());
        } catch (e) {
          this.#starting = null;
          this.#report(e);
          throw e;
        }
        return this.#widget;
      });
    }
    return this.#starting;
  }

  // Unmounts the widget (the element left the page); connecting the element again mounts anew.
  #stop() {
    this.#removed = true;
    const starting = this.#starting;
    if (!starting) return;
    this.#starting = null;
    this.#stopping = starting.then((w) => {
      w.unmount();
      if (this.#widget === w) this.#widget = null;
      w.free();
    }, () => {});
  }

  #apply() {
    if (!this.#widget || this.#widget.unmounted) return; // mounting reads the options then
    try { this.#widget.update(this.#options()); } catch (e) { this.#report(e); }
  }

  #report(e) {
    const message = e && e.message ? e.message : String(e);
    this.dispatchEvent(new CustomEvent("error", { detail: { message }, bubbles: true, composed: true }));
  }
}

if (!customElements.get("agent-console")) customElements.define("agent-console", AgentConsoleElement);
