//! The Schedules page against the real LangGraph server (`/info` says `flags.crons`): a bad schedule
//! is explained and refused before anything is sent; a good one is explained with its next times,
//! created, listed with what it sends, and deleted after a second click — on the server too.

use super::*;
use agent_console_core::http::{HttpRequest, Method};

async fn server_crons() -> Vec<serde_json::Value> {
    let list = api(HttpRequest::new(Method::Post, "/runs/crons/search", "test")
        .json(serde_json::json!({"limit": 100})))
    .await;
    list.as_array().cloned().unwrap_or_default()
}

#[wasm_bindgen_test]
async fn a_run_is_scheduled_explained_listed_and_deleted() {
    let root = mount(LANGGRAPH, None);
    connected(&root).await;
    click(&root, ".ac-screen-crons");
    wait_for("the Schedules page", 15_000, || {
        find(&root, ".ac-cron-form").is_some()
    })
    .await;
    let before = server_crons().await.len();

    set_text(&root, ".ac-cron-new-schedule", "61 * * * *");
    wait_for("the schedule's fault", 5_000, || {
        text(&root, ".ac-cron-explained").contains("The minute field \"61\"")
    })
    .await;
    let message = unique("New year's tide table");
    set_text(&root, ".ac-cron-message", &message);
    click(&root, ".ac-cron-create");
    wait_for("the refusal", 5_000, || {
        text(&root, ".ac-cron-error").contains("The minute field")
    })
    .await;
    assert_eq!(server_crons().await.len(), before, "nothing was sent");

    // Once a year: it never fires while the tests run.
    set_text(&root, ".ac-cron-new-schedule", "0 0 1 1 *");
    wait_for("the schedule in words", 5_000, || {
        text(&root, ".ac-cron-explained")
            .starts_with("Runs at 00:00 on day 1 of the month in January (UTC). Next: ")
    })
    .await;
    assert_eq!(
        text(&root, ".ac-cron-explained")
            .matches("-01-01 00:00 UTC")
            .count(),
        3
    );
    click(&root, ".ac-cron-create");
    wait_for("the page to say it is scheduled", 10_000, || {
        text(&root, ".ac-cron-said")
            .starts_with("Scheduled at 00:00 on day 1 of the month in January (UTC); next run ")
    })
    .await;
    let row = wait_row(&root, &message).await;
    let id = row.get_attribute("data-cron").unwrap();
    assert!(row
        .text_content()
        .unwrap()
        .contains("a new thread each run"));
    let listed = server_crons().await;
    let ours = listed
        .iter()
        .find(|c| c["cron_id"] == serde_json::json!(id))
        .expect("on the server");
    assert_eq!(ours["schedule"], serde_json::json!("0 0 1 1 *"));

    let del = format!(".ac-cron[data-cron='{id}'] .ac-cron-delete");
    click(&root, &del);
    wait_for("the confirmation", 5_000, || {
        text(&root, &del).contains("for good")
    })
    .await;
    assert!(
        server_crons()
            .await
            .iter()
            .any(|c| c["cron_id"] == serde_json::json!(id)),
        "one click deletes nothing"
    );
    click(&root, &del);
    wait_for("the deletion said", 10_000, || {
        text(&root, ".ac-cron-said").contains("Deleted the scheduled run")
    })
    .await;
    wait_for("the row gone", 10_000, || {
        find(&root, &format!(".ac-cron[data-cron='{id}']")).is_none()
    })
    .await;
    assert!(!server_crons()
        .await
        .iter()
        .any(|c| c["cron_id"] == serde_json::json!(id)));
}

async fn wait_row(root: &HtmlElement, message: &str) -> Element {
    wait_for("the scheduled run listed", 10_000, || {
        all_text(root, ".ac-cron .ac-cron-sends")
            .iter()
            .any(|t| t == message)
    })
    .await;
    let list = root.query_selector_all(".ac-cron").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.unchecked_into::<Element>())
        .find(|e| e.text_content().unwrap_or_default().contains(message))
        .unwrap()
}
