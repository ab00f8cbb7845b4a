//! What one app remembers of the thread-centric protocol on the servers it spoke to: which
//! subscription path each server answered on, the last `seq` seen on each thread, the next command id.
//! Per app (two widgets on a page never share it), gone with the app.

use std::collections::HashMap;

#[derive(Debug, Default)]
pub struct ProtocolMemory {
    /// The last `seq` seen on each thread (by base URL and thread id).
    last_seq: HashMap<(String, String), u64>,
    /// The subscription path each server answered on (by base URL).
    chosen: HashMap<String, &'static str>,
    /// The last command id given (the protocol correlates answers by them).
    last_id: u64,
}

impl ProtocolMemory {
    pub fn path(&self, base_url: &str) -> Option<&'static str> {
        self.chosen.get(base_url).copied()
    }

    pub fn choose(&mut self, base_url: &str, path: &'static str) {
        self.chosen.insert(base_url.to_owned(), path);
    }

    pub fn last_seq(&self, base_url: &str, thread_id: &str) -> Option<u64> {
        self.last_seq
            .get(&(base_url.to_owned(), thread_id.to_owned()))
            .copied()
    }

    /// Keeps the highest `seq` seen on the thread.
    pub fn saw_seq(&mut self, base_url: &str, thread_id: &str, seq: u64) {
        let e = self
            .last_seq
            .entry((base_url.to_owned(), thread_id.to_owned()))
            .or_insert(seq);
        *e = (*e).max(seq);
    }

    pub fn next_command_id(&mut self) -> u64 {
        self.last_id += 1;
        self.last_id
    }
}
