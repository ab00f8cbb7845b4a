//! sessionStorage: the id of a run being followed survives a page reload, so reopening the thread joins it.
//! Only run ids are stored here — never credentials (those only when the user asks to remember them).

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn run_key(server: &str, thread_id: &str) -> String {
    format!("agent-console:run:{server}|{thread_id}")
}

pub fn remember_run(server: &str, thread_id: &str, run_id: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(&run_key(server, thread_id), run_id);
    }
}

pub fn remembered_run(server: &str, thread_id: &str) -> Option<String> {
    storage()?.get_item(&run_key(server, thread_id)).ok()?
}

pub fn forget_run(server: &str, thread_id: &str) {
    if let Some(s) = storage() {
        let _ = s.remove_item(&run_key(server, thread_id));
    }
}
