//! Run insight: the meters of the run followed now (or last) — time to first token, tokens per
//! second with a sparkline, duration, streamed tokens, the usage the server reported, events, bytes,
//! reconnects — and the flight recorder's recordings, each offered as a file `stream-replay` reads.
//! What a stream did not carry is shown as absent (`—`), never estimated.

use crate::actions::insight::{offer_recording, recordings};
use crate::state::use_app_state;
use agent_console_core::meters::RunMeters;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

fn ms(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.1} s", v / 1000.0)
    } else {
        format!("{} ms", v.round())
    }
}

fn kb(bytes: u64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / (1024.0 * 1024.0))
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// The sparkline of tokens per 250 ms, as SVG bars (our own drawing: no chart library).
fn sparkline(m: &RunMeters) -> impl IntoView {
    let bars = m.sparkline();
    let n = bars.len().max(1) as f64;
    let w = 80.0;
    let bw = w / n;
    view! {
        <svg class="ac-sparkline" width="80" height="16" viewBox="0 0 80 16" role="img"
            aria-label="Tokens per quarter second">
            {bars.into_iter().enumerate().map(|(i, h)| {
                let bh = (h * 16.0).max(if h > 0.0 { 1.0 } else { 0.0 });
                view! { <rect x=format!("{:.2}", i as f64 * bw) y=format!("{:.2}", 16.0 - bh)
                    width=format!("{:.2}", bw.max(0.5)) height=format!("{bh:.2}") /> }
            }).collect_view()}
        </svg>
    }
}

/// The meters strip of the thread view; nothing before the first run here.
#[component]
pub fn RunMetersStrip() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    move || {
        session.meters_tick.track();
        let reconnects = session.reconnects.get();
        let m = session.meters.with_value(Clone::clone)?;
        let now = js_sys::Date::now();
        let usage = m.usage().map(|u| {
            let part = |v: Option<u64>| v.map(|v| v.to_string()).unwrap_or_else(|| "—".into());
            format!(
                "{} in · {} out · {} total",
                part(u.prompt),
                part(u.completion),
                part(u.total)
            )
        });
        Some(view! {
            <div class="ac-meters" role="status" aria-label="Run meters">
                <span class="ac-meter" data-meter="ttft" title="Time to first token">
                    "first token " <b>{m.ttft_ms().map(ms).unwrap_or_else(|| "—".into())}</b>
                </span>
                <span class="ac-meter" data-meter="rate" title="Tokens per second">
                    <b>{m.tokens_per_s().map(|r| format!("{r:.1}")).unwrap_or_else(|| "—".into())}</b>" tok/s "
                    {sparkline(&m)}
                </span>
                <span class="ac-meter" data-meter="duration">{ms(m.duration_ms(now))}</span>
                <span class="ac-meter" data-meter="tokens" data-value=m.tokens.to_string()>
                    <b>{m.tokens.to_string()}</b>" tokens streamed"
                </span>
                <span class="ac-meter" data-meter="usage" title="Token usage the server reported">
                    {usage.unwrap_or_else(|| "usage —".into())}
                </span>
                <span class="ac-meter" data-meter="events">{format!("{} events", m.events)}</span>
                <span class="ac-meter" data-meter="bytes">{kb(m.bytes)}</span>
                <span class="ac-meter" data-meter="reconnects">{format!("{reconnects} reconnects")}</span>
            </div>
        })
    }
}

/// The flight recorder's recordings, newest first, each with *Download* (the exchange form
/// `stream-replay` reads; credentials redacted).
#[component]
pub fn Recordings() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="ac-recordings" aria-label="Recordings">
            <h2>"Recordings"</h2>
            <p class="ac-hint ac-recordings-redacted">"Secrets are left out of recordings: headers that can carry a credential, \
                body fields named like api_key, *_key, token, password or authorization, and this server's own header values \
                — what you typed and the agent's replies are kept."</p>
            {move || {
                state.recordings.track();
                let (list, dropped, limit) = recordings(state);
                view! {
                    {(dropped > 0).then(|| view! { <p class="ac-hint ac-recordings-dropped">
                        {format!("{dropped} older recording(s) were let go: the recorder keeps {} of streams.", kb(limit as u64))}
                    </p> })}
                    {list.is_empty().then(|| view! { <p class="ac-empty">"No run recorded yet."</p> })}
                    <ul class="ac-recording-list">
                        {list.into_iter().map(|r| {
                            let index = r.index;
                            let download = move |ev: leptos::ev::MouseEvent| {
                                let Some(a) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::HtmlAnchorElement>().ok()) else { return };
                                offer_recording(state, index, &a);
                            };
                            view! {
                                <li class="ac-recording" data-label=r.label.clone()>
                                    <span class="ac-mono">{r.label.clone()}</span>
                                    {format!(" · {} · {} connection(s) ", kb(r.bytes as u64), r.connections)}
                                    <a class="ac-recording-download" href="#" on:click=download>"Download"</a>
                                </li>
                            }
                        }).collect_view()}
                    </ul>
                }
            }}
        </section>
    }
}
