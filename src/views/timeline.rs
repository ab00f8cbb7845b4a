//! The Timeline tab: each run of the thread this tab saw, drawn as SVG by our code — the graph's
//! nodes as bars on a time axis (subgraphs nested under their node, tool calls as bars of their
//! own), interrupts, errors and reconnects as markers. Hover or focus a bar for its node, start,
//! duration and what it wrote. The run followed now is drawn live; past runs from their recordings.

use crate::actions::insight::{recordings, timeline_of, RecordingRow};
use crate::state::use_app_state;
use agent_console_core::timeline::{Bar, BarKind, MarkerKind, Timeline};
use leptos::prelude::*;

const LABEL_W: f64 = 170.0;
const CHART_W: f64 = 600.0;
const ROW_H: f64 = 22.0;
const AXIS_H: f64 = 20.0;
const MARKER_H: f64 = 14.0;

fn ms(v: f64) -> String {
    if v >= 10_000.0 {
        format!("{:.1} s", v / 1000.0)
    } else {
        format!("{} ms", v.round())
    }
}

/// What a bar is, in words (its hover title, its focus detail, its accessible name).
fn describe(b: &Bar, span: f64) -> String {
    let kind = match b.kind {
        BarKind::Node => "node",
        BarKind::Tool => "tool call",
    };
    let start = if b.start_reported {
        format!("start {}", ms(b.start_ms))
    } else {
        format!(
            "start not reported (drawn from the step before, {})",
            ms(b.start_ms)
        )
    };
    let took = match b.end_ms {
        Some(e) => ms(e - b.start_ms),
        None => format!("no end reported ({} so far)", ms(span - b.start_ms)),
    };
    let mut s = format!("{} — {kind} · {start} · {took}", b.name);
    if !b.wrote.is_empty() {
        let what = if b.kind == BarKind::Tool {
            "args"
        } else {
            "wrote"
        };
        s.push_str(&format!(" · {what} {}", b.wrote.join(", ")));
    }
    if let Some(e) = &b.error {
        s.push_str(&format!(" · error: {e}"));
    }
    s
}

fn marker_word(k: MarkerKind) -> &'static str {
    match k {
        MarkerKind::Interrupt => "interrupt",
        MarkerKind::Error => "error",
        MarkerKind::Reconnect => "reconnect",
    }
}

/// The timeline drawn: a lane of markers, a row per bar, a time axis.
fn chart(tl: &Timeline, detail: RwSignal<Option<String>>) -> impl IntoView {
    let now = js_sys::Date::now();
    let span = tl.span_ms(now).max(1.0);
    let rows = tl.rows();
    let height = MARKER_H + rows.len() as f64 * ROW_H + AXIS_H;
    let x = move |t: f64| LABEL_W + (t / span).clamp(0.0, 1.0) * CHART_W;
    let bars = rows
        .iter()
        .enumerate()
        .map(|(row, &i)| {
            let b = tl.bars[i].clone();
            let depth = b.depth(&tl.bars);
            let y = MARKER_H + row as f64 * ROW_H;
            let x0 = x(b.start_ms);
            let x1 = x(b.end_ms.unwrap_or(span));
            let text = describe(&b, span);
            let label = format!("{}{}", if b.kind == BarKind::Tool { "⚙ " } else { "" }, b.name);
            let (t1, t2, name) = (text.clone(), text.clone(), text.clone());
            view! {
                <g class="ac-tl-bar" tabindex="0" role="listitem" aria-label=name
                    data-name=b.name.clone() data-depth=depth.to_string()
                    data-kind=if b.kind == BarKind::Tool { "tool" } else { "node" }
                    data-start-reported=b.start_reported.to_string()
                    class:ac-tl-tool=b.kind == BarKind::Tool
                    class:ac-tl-inferred=!b.start_reported
                    class:ac-tl-open=b.end_ms.is_none()
                    class:ac-tl-failed=b.error.is_some()
                    on:focus=move |_| detail.set(Some(t1.clone()))
                    on:mouseenter=move |_| detail.set(Some(t2.clone()))>
                    <title>{text}</title>
                    <text class="ac-tl-label" x=format!("{:.1}", 4.0 + depth as f64 * 14.0) y=format!("{:.1}", y + 15.0)>{label}</text>
                    <rect x=format!("{x0:.1}") y=format!("{:.1}", y + 4.0)
                        width=format!("{:.1}", (x1 - x0).max(2.0)) height="14" rx="3" />
                </g>
            }
        })
        .collect_view();
    let markers = tl
        .markers
        .iter()
        .map(|m| {
            let mx = x(m.at_ms);
            let text = format!("{} at {}: {}", marker_word(m.kind), ms(m.at_ms), m.text);
            let (t1, t2, name) = (text.clone(), text.clone(), text.clone());
            view! {
                <g class="ac-tl-marker" tabindex="0" role="listitem" aria-label=name
                    data-kind=marker_word(m.kind)
                    on:focus=move |_| detail.set(Some(t1.clone()))
                    on:mouseenter=move |_| detail.set(Some(t2.clone()))>
                    <title>{text}</title>
                    <line x1=format!("{mx:.1}") x2=format!("{mx:.1}") y1="2" y2=format!("{:.1}", height - AXIS_H) />
                    <circle cx=format!("{mx:.1}") cy="7" r="5" />
                </g>
            }
        })
        .collect_view();
    let ticks = (0..=4)
        .map(|k| {
            let t = span * f64::from(k) / 4.0;
            let tx = x(t);
            let anchor = match k {
                0 => "start",
                4 => "end",
                _ => "middle",
            };
            view! {
                <line class="ac-tl-grid" x1=format!("{tx:.1}") x2=format!("{tx:.1}") y1="0" y2=format!("{:.1}", height - AXIS_H) />
                <text class="ac-tl-tick" x=format!("{tx:.1}") y=format!("{:.1}", height - 6.0) text-anchor=anchor>{ms(t)}</text>
            }
        })
        .collect_view();
    view! {
        <svg class="ac-timeline" role="list" aria-label="Run timeline"
            viewBox=format!("0 0 {} {height:.1}", LABEL_W + CHART_W + 8.0)
            width="100%" height=format!("{height:.1}") preserveAspectRatio="xMinYMin meet">
            {ticks}
            {bars}
            {markers}
        </svg>
    }
}

#[component]
pub fn TimelineTab() -> impl IntoView {
    let state = use_app_state();
    let session = state.session;
    let chosen: RwSignal<Option<u64>> = RwSignal::new(None);
    let detail: RwSignal<Option<String>> = RwSignal::new(None);
    // This thread's recorded runs, newest first.
    let runs = move || -> Vec<RecordingRow> {
        state.recordings.track();
        let thread = state.selected.get();
        recordings(state)
            .0
            .into_iter()
            .filter(|r| thread.as_deref() == Some(r.thread_id.as_str()))
            .collect()
    };
    view! {
        <div class="ac-timeline-tab">
            {move || {
                let list = runs();
                if list.is_empty() {
                    return view! { <p class="ac-empty">"No run of this thread seen here yet: a run started or joined in this tab is drawn as it streams."</p> }.into_any();
                }
                let seq = chosen.get().filter(|s| list.iter().any(|r| r.seq == *s)).unwrap_or(list[0].seq);
                view! {
                    <label class="ac-timeline-pick">"Run "
                        <select class="ac-timeline-run" on:change=move |ev| {
                            chosen.set(event_target_value(&ev).parse().ok());
                            detail.set(None);
                        }>
                            {list.into_iter().enumerate().map(|(i, r)| view! {
                                <option value=r.seq.to_string() selected=r.seq == seq>
                                    {format!("{}{}", r.label, if i == 0 { " (newest)" } else { "" })}
                                </option>
                            }).collect_view()}
                        </select>
                    </label>
                    {move || {
                        session.meters_tick.track();
                        let Some(tl) = timeline_of(state, seq) else {
                            return view! { <p class="ac-empty">"This run's recording was let go (the recorder is bounded)."</p> }.into_any();
                        };
                        let inferred = tl.bars.iter().any(|b| !b.start_reported && b.kind == BarKind::Node);
                        view! {
                            {tl.bars.is_empty().then(|| view! { <p class="ac-hint ac-timeline-none">
                                "The stream carried no node or tool events: this server sends none, or the run asked for no updates, tasks or debug stream mode."
                            </p> })}
                            {chart(&tl, detail)}
                            <p class="ac-timeline-detail" aria-live="polite">
                                {move || detail.get().unwrap_or_else(|| "Hover or focus a bar for its node, start, duration and what it wrote.".into())}
                            </p>
                            {inferred.then(|| view! { <p class="ac-hint ac-timeline-inferred">
                                "Dashed: the stream said when the node ended, not when it began (updates), so it is drawn from the step before. The tasks stream mode reports starts."
                            </p> })}
                        }.into_any()
                    }}
                }.into_any()
            }}
        </div>
    }
}
