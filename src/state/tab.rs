//! The thread view's tabs, and their names in the address bar.

/// The thread view's tabs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Messages,
    State,
    Runs,
    Timeline,
    Events,
    /// The graph, live, with the debugger's breakpoints.
    Graph,
}

impl Tab {
    pub const ALL: [Tab; 6] = [
        Tab::Messages,
        Tab::State,
        Tab::Runs,
        Tab::Timeline,
        Tab::Events,
        Tab::Graph,
    ];

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|t| t.as_str() == s)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Tab::Messages => "messages",
            Tab::State => "state",
            Tab::Runs => "runs",
            Tab::Timeline => "timeline",
            Tab::Events => "events",
            Tab::Graph => "graph",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Tab::Messages => "Messages",
            Tab::State => "State",
            Tab::Runs => "Runs",
            Tab::Timeline => "Timeline",
            Tab::Events => "Events",
            Tab::Graph => "Graph",
        }
    }
}
