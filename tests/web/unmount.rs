//! Widgets mounted and unmounted as a single-page app does it: a message sent in the task that
//! creates the widget is not lost, and an unmounted widget leaves nothing behind — no fetch open, no
//! request after it went, no timer firing, no error, and memory that does not grow with the cycles.

use super::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::closure::Closure;

/// Mount-and-unmount cycles of the test (the issue's figure).
const CYCLES: usize = 100;
/// The cycle after which memory is taken as the baseline (the first few warm caches up).
const BASELINE_AFTER: usize = 10;

/// Watches the page's `fetch`, timers and console while the test runs, and puts them back after.
/// Fetches are counted only when they carry the `x-ac-probe` header (the widgets of this test set
/// it), so apps of earlier tests in the same page do not count. A fetch is open from its call until
/// its body is read whole, fails, or is cancelled — or its call fails.
const PROBE: &str = r#"
const w = window;
if (w.__acProbe) return;
const p = w.__acProbe = { open: 0, started: 0, timersFired: 0, watchTimers: false, errors: [],
  orig: { fetch: w.fetch, setTimeout: w.setTimeout, setInterval: w.setInterval, error: console.error } };
const tracked = new WeakMap();
const probed = (input, init) => {
  const h = (init && init.headers) || (input instanceof Request ? input.headers : null);
  try { return !!h && new Headers(h).has("x-ac-probe"); } catch { return false; }
};
w.fetch = function (input, init) {
  if (!probed(input, init)) return p.orig.fetch.call(w, input, init);
  p.started++; p.open++;
  let closed = false;
  const close = () => { if (!closed) { closed = true; p.open--; } };
  return p.orig.fetch.call(w, input, init).then((r) => {
    if (!r.body) close(); else tracked.set(r.body, close);
    return r;
  }, (e) => { close(); throw e; });
};
const getReader = ReadableStream.prototype.getReader;
ReadableStream.prototype.getReader = function (...args) {
  const reader = getReader.apply(this, args);
  const close = tracked.get(this);
  if (close) {
    const read = reader.read, cancel = reader.cancel;
    reader.read = function () {
      return read.call(this).then((x) => { if (x.done) close(); return x; }, (e) => { close(); throw e; });
    };
    reader.cancel = function (...a) { close(); return cancel.apply(this, a); };
  }
  return reader;
};
for (const m of ["arrayBuffer", "text", "json", "blob"]) {
  const f = Response.prototype[m];
  Response.prototype[m] = function () {
    const close = this.body && tracked.get(this.body);
    const out = f.call(this);
    return close ? out.finally(close) : out;
  };
}
const wrapTimer = (orig) => function (cb, ...rest) {
  if (typeof cb !== "function") return orig.call(w, cb, ...rest);
  return orig.call(w, function (...a) { if (p.watchTimers) p.timersFired++; return cb.apply(this, a); }, ...rest);
};
w.setTimeout = wrapTimer(p.orig.setTimeout);
w.setInterval = wrapTimer(p.orig.setInterval);
console.error = function (...a) { p.errors.push(a.map(String).join(" ")); return p.orig.error.apply(console, a); };
p.quiet = (ms) => new Promise((r) => p.orig.setTimeout.call(w, r, ms));
p.restore = () => {
  w.fetch = p.orig.fetch; w.setTimeout = p.orig.setTimeout; w.setInterval = p.orig.setInterval;
  console.error = p.orig.error; ReadableStream.prototype.getReader = getReader;
  delete w.__acProbe;
};
"#;

fn probe() -> JsValue {
    js_sys::Reflect::get(&js_sys::global(), &"__acProbe".into()).unwrap()
}

fn probe_num(key: &str) -> f64 {
    js_sys::Reflect::get(&probe(), &key.into())
        .unwrap()
        .as_f64()
        .unwrap_or(f64::NAN)
}

fn probe_errors() -> Vec<String> {
    let list = js_sys::Reflect::get(&probe(), &"errors".into()).unwrap();
    js_sys::Array::from(&list)
        .iter()
        .filter_map(|v| v.as_string())
        .collect()
}

async fn probe_quiet(ms: u32) {
    let f: js_sys::Function = js_sys::Reflect::get(&probe(), &"quiet".into())
        .unwrap()
        .unchecked_into();
    let p: js_sys::Promise = f.call1(&probe(), &ms.into()).unwrap().unchecked_into();
    JsFuture::from(p).await.unwrap();
}

/// The wasm instance's memory and (Chromium only) the JS heap, in bytes — the heap after a full
/// collection where the browser lets a page ask for one (Chromium with `--js-flags=--expose-gc`, which
/// webdriver.json gives the test runner), else `None`: a heap measured with garbage in it says nothing.
fn memory() -> (f64, Option<f64>) {
    let gc = js_sys::Reflect::get(&js_sys::global(), &"gc".into())
        .ok()
        .and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    let wasm = wasm_bindgen::memory()
        .unchecked_into::<js_sys::WebAssembly::Memory>()
        .buffer()
        .unchecked_into::<js_sys::ArrayBuffer>()
        .byte_length() as f64;
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).unwrap();
    let heap = gc
        .and_then(|gc| gc.call0(&JsValue::NULL).ok())
        .and_then(|_| js_sys::Reflect::get(&performance, &"memory".into()).ok())
        .filter(|m| !m.is_undefined())
        .and_then(|m| js_sys::Reflect::get(&m, &"usedJSHeapSize".into()).ok())
        .and_then(|v| v.as_f64());
    (wasm, heap)
}

/// A host element in the page for one widget.
fn host_element() -> HtmlElement {
    let doc = web_sys::window().unwrap().document().unwrap();
    let host: HtmlElement = doc.create_element("section").unwrap().unchecked_into();
    host.style().set_property("display", "block").unwrap();
    host.style().set_property("height", "320px").unwrap();
    doc.body().unwrap().append_child(&host).unwrap();
    host
}

fn options(server: &str) -> JsValue {
    js_sys::JSON::parse(
        &json!({ "server": server, "mode": "chat", "headers": { "x-ac-probe": "unmount" } })
            .to_string(),
    )
    .unwrap()
}

/// The widget's text of its newest reply, read in its shadow root.
fn reply_text(host: &HtmlElement) -> String {
    host.shadow_root()
        .and_then(|s| {
            s.query_selector(".ac-message[data-role='ai'] .ac-text")
                .ok()
                .flatten()
        })
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_widget_mounted_and_unmounted_a_hundred_times_loses_no_message_and_leaves_nothing_behind()
{
    js_sys::Function::new_no_args(PROBE)
        .call0(&JsValue::NULL)
        .unwrap();
    let tag = unique("unmount cycle");
    let mut threads = Vec::new();
    let mut baseline = None;
    for i in 0..CYCLES {
        let host = host_element();
        // Created, then sent to at once: before the widget has connected.
        let widget = agent_console::mount(&host, &options(LANGGRAPH)).expect("mount");
        let sent = widget.send(format!("{tag} #{i}"));
        wait_for("the reply to stream", 20_000, || {
            !reply_text(&host).is_empty()
        })
        .await;
        JsFuture::from(sent)
            .await
            .unwrap_or_else(|e| panic!("send of cycle {i} rejected: {e:?}"));
        let thread = widget.thread_id().expect("the widget's thread");
        let reply = reply_text(&host);
        // Removed while its run still streams.
        assert!(
            !reply.ends_with("at dawn."),
            "cycle {i}: the run had finished before the widget was removed: {reply:?}"
        );
        widget.unmount();
        host.remove();
        assert_eq!(
            widget.thread_id(),
            None,
            "an unmounted widget has no thread"
        );
        threads.push(thread);
        drop(widget);
        if i + 1 == BASELINE_AFTER {
            baseline = Some((memory(), live_bytes()));
        }
    }
    let removed_at = probe_num("started");
    wait_for("every fetch of the removed widgets to close", 5_000, || {
        probe_num("open") == 0.0
    })
    .await;
    // Nothing more: no request, no timer, for a while after the last widget went.
    js_sys::Reflect::set(&probe(), &"watchTimers".into(), &true.into()).unwrap();
    probe_quiet(1_500).await;
    js_sys::Reflect::set(&probe(), &"watchTimers".into(), &false.into()).unwrap();
    let (started, fired, errors) = (
        probe_num("started"),
        probe_num("timersFired"),
        probe_errors(),
    );
    let after = (memory(), live_bytes());
    js_sys::Function::new_no_args("window.__acProbe && window.__acProbe.restore()")
        .call0(&JsValue::NULL)
        .unwrap();

    assert_eq!(
        started, removed_at,
        "requests went out after the last widget was removed"
    );
    assert_eq!(fired, 0.0, "timers fired after the last widget was removed");
    assert!(errors.is_empty(), "console errors: {errors:?}");
    let ((wasm0, heap0), live0) = baseline.unwrap();
    let ((wasm1, heap1), live1) = after;
    web_sys::console::log_1(
        &format!(
            "unmount cycles: wasm memory {wasm0} -> {wasm1} B, JS heap {heap0:?} -> {heap1:?} B, \
             live wasm heap {live0} -> {live1} B (after cycle {BASELINE_AFTER} -> after cycle {CYCLES})"
        )
        .into(),
    );
    assert!(
        wasm1 <= wasm0 * 1.10,
        "wasm memory grew from {wasm0} to {wasm1} B over {} cycles",
        CYCLES - BASELINE_AFTER
    );
    if let (Some(h0), Some(h1)) = (heap0, heap1) {
        assert!(
            h1 <= h0 * 1.10,
            "the JS heap grew from {h0} to {h1} B over {} cycles",
            CYCLES - BASELINE_AFTER
        );
    }

    // Every message reached the server once, on its own thread.
    for (i, thread) in threads.iter().enumerate() {
        let state = api(requests::thread_state(thread)).await;
        let text = format!("{tag} #{i}");
        let sent = state["values"]["messages"]
            .as_array()
            .map(|m| {
                m.iter()
                    .filter(|m| m["type"] == "human" && m["content"] == text.as_str())
                    .count()
            })
            .unwrap_or(0);
        assert_eq!(
            sent, 1,
            "cycle {i}'s message on its thread {thread}: {state}"
        );
    }
}

/// Bytes the wasm instance's allocator holds now (counted by the test binary's allocator).
fn live_bytes() -> isize {
    LIVE.load(std::sync::atomic::Ordering::Relaxed)
}

static LIVE: std::sync::atomic::AtomicIsize = std::sync::atomic::AtomicIsize::new(0);

/// The system allocator, counting the bytes it holds: a leak of a few bytes a cycle shows in
/// [`live_bytes`] long before it grows the memory by a page.
struct Counting;

// SAFETY: every call goes to the system allocator unchanged; only a counter is kept beside it.
unsafe impl std::alloc::GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size() as isize, std::sync::atomic::Ordering::Relaxed);
        std::alloc::System.alloc(layout)
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: std::alloc::Layout) {
        LIVE.fetch_sub(layout.size() as isize, std::sync::atomic::Ordering::Relaxed);
        std::alloc::System.dealloc(ptr, layout)
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: std::alloc::Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(
            new as isize - layout.size() as isize,
            std::sync::atomic::Ordering::Relaxed,
        );
        std::alloc::System.realloc(ptr, layout, new)
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[wasm_bindgen_test]
async fn a_message_sent_before_a_failed_connect_is_refused_with_the_reason() {
    let host = host_element();
    let errors: Rc<RefCell<Vec<String>>> = Rc::default();
    let sink = errors.clone();
    let cb = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
        let m = js_sys::Reflect::get(&e.detail(), &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .unwrap_or_default();
        sink.borrow_mut().push(m);
    });
    host.add_event_listener_with_callback("error", cb.as_ref().unchecked_ref())
        .unwrap();
    cb.forget();
    // Port 9 (discard) is closed here: the connect fails.
    let widget = agent_console::mount(&host, &options("http://127.0.0.1:9")).expect("mount");
    let refused = JsFuture::from(widget.send("hello?".into()))
        .await
        .expect_err("a send before a failed connect must reject");
    let reason = js_sys::Reflect::get(&refused, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_default();
    assert!(reason.contains("127.0.0.1:9"), "{reason}");
    wait_for("the error event", 5_000, || !errors.borrow().is_empty()).await;
    assert!(
        errors.borrow()[0].contains("127.0.0.1:9"),
        "{:?}",
        errors.borrow()
    );
    widget.unmount();
    host.remove();
    // After unmount, a send is refused at once.
    let late = JsFuture::from(widget.send("too late".into())).await;
    assert!(late.is_err());
}

/// A job only its newest request may do (an agent search typed again): starting it again aborts the
/// task doing it, so an older answer that would come later never lands; other tasks run on.
#[wasm_bindgen_test]
async fn a_job_started_again_aborts_the_older_task_and_only_the_newest_lands() {
    let tasks = agent_console::platform::tasks::Tasks::new();
    let landed = Rc::new(RefCell::new(Vec::new()));
    let later = |name: &'static str, ms: i32| {
        let landed = landed.clone();
        async move {
            sleep(ms).await;
            landed.borrow_mut().push(name);
        }
    };
    tasks.spawn_latest("search", later("older, slow", 150));
    tasks.spawn(later("another job", 100));
    tasks.spawn_latest("search", later("newer, quick", 20));
    assert_eq!(tasks.running(), 2, "the older search was aborted at once");
    sleep(300).await;
    assert_eq!(*landed.borrow(), ["newer, quick", "another job"]);
    assert_eq!(tasks.running(), 0);
}
