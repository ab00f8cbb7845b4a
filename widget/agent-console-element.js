// <agent-console> — agent-console as a custom element. A host page needs two lines:
//
//   <script type="module" src="https://your.host/agent-console/agent-console-element.js"></script>
//   <agent-console server="https://agents.example.com" assistant="agent" mode="chat"></agent-console>
//
// Attributes: server, dialect, assistant, thread, folder, mode (chat | full), theme (light | dark | auto).
// Secrets are properties only (never attributes, never written into the DOM):
//   el.apiKey = "…"; el.bearerToken = "…"; el.headers = { "X-Tenant": "acme" };
// Methods: el.send(text), el.cancel() (both return promises that settle once the wasm is ready).
// Events (CustomEvent, bubbling, composed): run-started, token, run-finished, interrupt, error.
// Or, from code: import { mount } from ".../agent-console-element.js"; const w = await mount(div, options)
// (options: the attributes and secrets above, and requestTimeoutMs / streamSilenceMs as numbers).
//
// This module loads the same wasm as the app (agent-console.js + agent-console_bg.wasm next to it).

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

class AgentConsoleElement extends HTMLElement {
  static observedAttributes = ATTRIBUTES;
  #secrets = {};
  #widget = null;
  #starting = null;

  // Write-only: reading a secret back gives undefined.
  set apiKey(v) { this.#setSecret("apiKey", v); }
  get apiKey() { return undefined; }
  set bearerToken(v) { this.#setSecret("bearerToken", v); }
  get bearerToken() { return undefined; }
  set headers(v) { this.#setSecret("headers", v); }
  get headers() { return undefined; }

  get threadId() { return this.#widget ? this.#widget.threadId : this.getAttribute("thread"); }

  connectedCallback() {
    // A secret set on the element before this module defined it is an own property: move it here.
    for (const s of SECRETS) {
      if (Object.prototype.hasOwnProperty.call(this, s)) { const v = this[s]; delete this[s]; this[s] = v; }
    }
    this.#start();
  }

  attributeChangedCallback() { this.#apply(); }

  async send(text) { (await this.#start()).send(String(text)); }

  async cancel() { (await this.#start()).cancel(); }

  #options() {
    const o = {};
    for (const a of ATTRIBUTES) { const v = this.getAttribute(a); if (v !== null) o[a] = v; }
    for (const s of SECRETS) if (this.#secrets[s] !== undefined) o[s] = this.#secrets[s];
    return o;
  }

  #setSecret(name, value) {
    this.#secrets[name] = value;
    this.#apply();
  }

  #start() {
    if (!this.#starting) {
      this.#starting = wasm.then((m) => {
        try {
          this.#widget = m.mount(this, this.#options());
        } catch (e) {
          this.#report(e);
          throw e;
        }
        return this.#widget;
      });
    }
    return this.#starting;
  }

  #apply() {
    if (!this.#widget) return; // mounting reads the options then
    try { this.#widget.update(this.#options()); } catch (e) { this.#report(e); }
  }

  #report(e) {
    const message = e && e.message ? e.message : String(e);
    this.dispatchEvent(new CustomEvent("error", { detail: { message }, bubbles: true, composed: true }));
  }
}

if (!customElements.get("agent-console")) customElements.define("agent-console", AgentConsoleElement);
