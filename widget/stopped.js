// The net under the net: a fault the wasm cannot report itself — a trap (`RuntimeError`: memory
// access out of bounds, unreachable) or a stack overflow (`RangeError`) thrown out of wasm — leaves
// the instance dead, and every app and widget on the page shares it. This module, plain JS that needs
// no wasm, says so in every mount point the app marked (`data-ac-mount`, in the page and in each
// widget's shadow root, its host marked `data-ac-host`): "agent-console stopped — reload", the error
// as text, and a reload link — the same notice a Rust panic shows. Imported by the app page and by
// the widget's element module.

const seen = new WeakSet();

/** Whether `err` is a fault thrown out of a wasm instance. */
function isWasmFault(err) {
  if (!err || typeof err !== "object") return false;
  if (typeof WebAssembly !== "undefined" && err instanceof WebAssembly.RuntimeError) return true;
  return err instanceof RangeError && /wasm/i.test(String(err.stack || ""));
}

function mountPoints() {
  const out = [...document.querySelectorAll("[data-ac-mount]")];
  for (const host of document.querySelectorAll("[data-ac-host]")) {
    if (host.shadowRoot) out.push(...host.shadowRoot.querySelectorAll("[data-ac-mount]"));
  }
  return out;
}

/** Shows the notice in every mount point that has none (text nodes only). */
export function showStopped(message) {
  for (const root of mountPoints()) {
    if (root.querySelector(":scope > .ac-stopped")) continue;
    const note = document.createElement("div");
    note.className = "ac-stopped";
    note.setAttribute("role", "alert");
    const title = document.createElement("strong");
    title.textContent = "agent-console stopped — reload";
    const detail = document.createElement("pre");
    detail.textContent = message;
    const reload = document.createElement("a");
    reload.className = "ac-stopped-reload";
    reload.href = location.href;
    reload.textContent = "Reload";
    note.append(title, detail, reload);
    root.insertBefore(note, root.firstChild);
  }
}

function onFault(err) {
  if (!isWasmFault(err) || seen.has(err)) return;
  seen.add(err);
  showStopped(`${err.name}: ${err.message}`);
}

if (!globalThis.__agentConsoleStopped) {
  globalThis.__agentConsoleStopped = true;
  addEventListener("error", (e) => onFault(e.error));
  addEventListener("unhandledrejection", (e) => onFault(e.reason));
}
