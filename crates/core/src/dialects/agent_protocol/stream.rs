//! Agent Protocol streams: run streams (`POST /runs/stream`, `GET /runs/{id}/stream`) use the stream-mode
//! event names LangGraph uses (`values`, `messages`, `updates`, `custom`, `metadata`, `error`, `end`);
//! thread streams use the thread-centric protocol's envelopes. The adapter tells them apart per event.

/// Agent Protocol run streams use LangGraph's stream-mode event names and message shapes (a LangGraph
/// server is the reference implementation), and both detect the thread-centric envelope per event, so the
/// adapter is the same one; the name documents which dialect a caller meant.
pub type AgentProtocolStream = crate::dialects::langgraph::stream::LangGraphStream;

#[cfg(test)]
mod tests {
    use crate::domain::{Role, RunStatus};
    use crate::event::EventKey;
    use crate::pipeline::replay;
    use crate::Dialect;

    #[test]
    fn run_stream_with_spec_shaped_messages() {
        // Agent Protocol messages are {role, content, id}; a run stream sends them under `messages`.
        let body = concat!(
            "id: 1\nevent: metadata\ndata: {\"run_id\":\"r1\"}\n\n",
            "id: 2\nevent: messages\ndata: [{\"role\":\"assistant\",\"content\":\"Hi there\",\"id\":\"m1\"}]\n\n",
            "id: 3\nevent: values\ndata: {\"messages\":[{\"role\":\"user\",\"content\":\"hi\",\"id\":\"u1\"},{\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"Hi there\"}],\"id\":\"m1\"}]}\n\n",
            "id: 4\nevent: end\ndata: null\n\n",
        );
        let (_, v) = replay(Dialect::AgentProtocol, body.as_bytes());
        assert_eq!(v.run_id.as_deref(), Some("r1"));
        assert_eq!(v.messages.len(), 2);
        assert_eq!(v.messages[0].role, Role::Human);
        assert_eq!(v.messages[1].plain_text(), "Hi there");
        assert_eq!(v.status, Some(RunStatus::Success));
        assert_eq!(v.last_key, Some(EventKey::SseId("4".into())));
    }

    #[test]
    fn unknown_event_names_are_kept_not_fatal() {
        let (_, v) = replay(
            Dialect::AgentProtocol,
            b"event: message\ndata: {}\n\nevent: values\ndata: {\"x\":1}\n\n",
        );
        assert_eq!(v.unknown.len(), 1);
        assert_eq!(v.values.value()["x"], 1);
    }

    #[test]
    fn malformed_json_is_reported_and_the_stream_goes_on() {
        let (_, v) = replay(
            Dialect::AgentProtocol,
            b"event: values\ndata: {oops\n\nevent: values\ndata: {\"ok\":true}\n\n",
        );
        assert_eq!(v.warnings.len(), 1);
        assert!(v.warnings[0].contains("values"));
        assert_eq!(v.values.value()["ok"], true);
    }
}
