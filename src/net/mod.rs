//! What both HTTP clients (`graph/`, `linear/`) share: the retry verdict and the token bucket.
//! Nothing here sends a request; the clients call these to decide and to wait.

pub mod alert_hook;
pub mod retry;
pub mod throttle;
