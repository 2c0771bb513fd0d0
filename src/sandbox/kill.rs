//! Kill points: SIGKILL a client process right before or right after its K-th write request.
//!
//! Crash safety is only provable by crashing at every write of a workload: between "the service
//! changed" and "the database recorded it" (after), and between "the intent was recorded" and
//! "the service saw the write" (before). The test spawns the binary, arms the switch with the
//! child's pid and K, and the sandbox does the killing at the exact request, so no timing
//! guesswork is involved. A write is a non-GET Graph request (the token endpoint and `$batch`
//! envelopes excepted; `$batch` write items count one each) or a Linear GraphQL mutation.
//!
//! Armed, the middleware buffers Linear bodies to tell mutations from queries; disarmed (the
//! default) it costs one mutex check per request.

use std::sync::{Arc, Mutex, MutexGuard};

use serde::Serialize;

/// When, relative to handling the K-th write, the process is killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KillWhen {
    /// The request is never handled: the service does not see the write.
    Before,
    /// The write is applied, then the process dies before it reads the answer.
    After,
}

#[derive(Debug, Default)]
struct State {
    armed: Option<Armed>,
    /// Writes seen since the switch was last armed.
    writes: u64,
    /// What each of them was (`PATCH /v1.0/planner/tasks/…`, `mutation IssueUpdate`).
    log: Vec<String>,
    fired: bool,
}

#[derive(Debug, Clone, Copy)]
struct Armed {
    pid: u32,
    k: u64,
    when: KillWhen,
}

/// The shared kill switch (cheap to clone; lives in [`crate::sandbox::Faults`]).
#[derive(Debug, Clone, Default)]
pub struct KillSwitch {
    inner: Arc<Mutex<State>>,
}

impl KillSwitch {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Kill `pid` at its `k`-th write (1-based) from now on. `k = u64::MAX` only counts.
    pub fn arm(&self, pid: u32, k: u64, when: KillWhen) {
        let mut st = self.lock();
        *st = State {
            armed: Some(Armed { pid, k, when }),
            writes: 0,
            log: Vec::new(),
            fired: false,
        };
    }

    /// Stop counting and killing (the counters keep their last values).
    pub fn disarm(&self) {
        self.lock().armed = None;
    }

    pub fn is_armed(&self) -> bool {
        self.lock().armed.is_some()
    }

    /// Writes seen since the last [`KillSwitch::arm`].
    pub fn writes_seen(&self) -> u64 {
        self.lock().writes
    }

    /// The writes seen since the last [`KillSwitch::arm`], in arrival order.
    pub fn write_log(&self) -> Vec<String> {
        self.lock().log.clone()
    }

    /// Whether the process was killed since the last [`KillSwitch::arm`].
    pub fn fired(&self) -> bool {
        self.lock().fired
    }

    /// Count one write; the pid and moment to kill when this is the K-th. Disarms on firing.
    pub fn on_write(&self, what: &str) -> Option<(u32, KillWhen)> {
        let mut st = self.lock();
        let armed = st.armed?;
        st.writes += 1;
        st.log.push(what.to_owned());
        if st.writes != armed.k {
            return None;
        }
        st.armed = None;
        st.fired = true;
        Some((armed.pid, armed.when))
    }
}

/// SIGKILL `pid` and return once the signal is sent. Through `kill(1)`: the sandbox is test
/// machinery and this keeps `unsafe` and a libc dependency out of the crate.
pub async fn kill(pid: u32) {
    let _ = tokio::task::spawn_blocking(move || {
        std::process::Command::new("kill")
            .args(["-KILL", &pid.to_string()])
            .status()
    })
    .await;
}

/// Count `req` if it is a write (buffering a Linear body to look at it) and say whether to
/// kill, and when. The request is handed back whole.
pub async fn check(
    switch: &KillSwitch,
    method: &str,
    path: &str,
    req: axum::extract::Request,
) -> (axum::extract::Request, Option<(u32, KillWhen)>) {
    if !switch.is_armed() {
        return (req, None);
    }
    if !path.starts_with("/linear/graphql") {
        let hit = is_graph_write(method, path)
            .then(|| switch.on_write(&format!("{method} {path}")))
            .flatten();
        return (req, hit);
    }
    let (parts, body) = req.into_parts();
    // Linear bodies are small; an unreadable one is left for the handler to refuse.
    let bytes = axum::body::to_bytes(body, 8 * 1024 * 1024)
        .await
        .unwrap_or_default();
    let hit = linear_mutation(&bytes).and_then(|name| switch.on_write(&format!("mutation {name}")));
    let req = axum::extract::Request::from_parts(parts, axum::body::Body::from(bytes));
    (req, hit)
}

/// Whether a Linear GraphQL body is a mutation (its document starts with `mutation`).
pub fn is_linear_mutation(body: &[u8]) -> bool {
    linear_mutation(body).is_some()
}

/// The operation name of a Linear mutation body (`?` when unnamed); `None` for anything else.
fn linear_mutation(body: &[u8]) -> Option<String> {
    let value = serde_json::from_slice::<serde_json::Value>(body).ok()?;
    let query = value
        .get("query")
        .and_then(|q| q.as_str())
        .unwrap_or_default();
    let mut rest = query.trim_start();
    // Skip leading `# comment` lines.
    while let Some(after) = rest.strip_prefix('#') {
        rest = after.split_once('\n').map_or("", |(_, r)| r).trim_start();
    }
    let name = rest.strip_prefix("mutation")?;
    let name: String = name
        .trim_start()
        .chars()
        .take_while(|c| c.is_alphanumeric() || *c == '_')
        .collect();
    Some(if name.is_empty() { "?".into() } else { name })
}

/// Whether a Graph request (method, path) is a write that counts for the kill switch.
pub fn is_graph_write(method: &str, path: &str) -> bool {
    !method.eq_ignore_ascii_case("GET")
        && !path.starts_with("/linear")
        && !path.starts_with("/login")
        && !path.ends_with("/$batch")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fires_once_at_the_kth_write() {
        let k = KillSwitch::default();
        assert_eq!(k.on_write("a"), None, "disarmed: not even counted");
        k.arm(42, 2, KillWhen::After);
        assert_eq!(k.on_write("b"), None);
        assert_eq!(k.on_write("c"), Some((42, KillWhen::After)));
        assert_eq!(k.on_write("d"), None);
        assert_eq!(k.write_log(), ["b", "c"]);
        assert!(k.fired());
        assert_eq!(k.writes_seen(), 2);
    }

    #[test]
    fn mutations_and_writes_are_recognised() {
        assert!(is_linear_mutation(
            br#"{"query":"mutation IssueUpdate($id: String!) { x }"}"#
        ));
        assert!(is_linear_mutation(
            br##"{"query":"# gen\n  mutation { x }"}"##
        ));
        assert!(!is_linear_mutation(br#"{"query":"query Issues { x }"}"#));
        assert!(!is_linear_mutation(b"not json"));
        assert!(is_graph_write("PATCH", "/v1.0/planner/tasks/t1"));
        assert!(!is_graph_write("GET", "/v1.0/planner/tasks/t1"));
        assert!(!is_graph_write("POST", "/login/t/oauth2/v2.0/token"));
        assert!(!is_graph_write("POST", "/v1.0/$batch"));
        assert!(!is_graph_write("POST", "/linear/graphql"));
    }
}
