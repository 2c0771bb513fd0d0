//! The request count shown beside a pass's progress bar: both clients' counters, read when
//! the bar redraws (the engine itself never sees requests or bars).

use crate::commands::connect::Ports;
use crate::ui::ProgressSink;

/// `sink`, also showing the requests sent to Graph and Linear so far.
pub fn with_requests(sink: ProgressSink, ports: &Ports) -> ProgressSink {
    let graph = ports.planner.client().clone();
    let linear = ports.linear.client().clone();
    sink.with_requests(move || {
        graph.stats().total() + linear.request_counts().values().sum::<u64>()
    })
}
