//! Plan capacity: Planner refuses new tasks once a plan holds `graph.plan_task_limit` of them.
//! When a plan reaches `capacity_alert_ratio` × the limit one alert is raised (once), and it
//! is cleared when the count drops below again.
//!
//! Counting costs a listing, so it is done from what a pass already has: bootstrap's full
//! listing gives the count for free. A sync pass only lists the plan's tasks when the mapping's
//! live links (one per synced task, so about the plan's size) reach the threshold, or while the
//! alert is open (to see it clear) — an idle pass far below the limit makes no extra request.

use crate::engine::EngineError;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, PlannerPort};
use crate::store::mappings::Mapping;
use crate::store::{Store, alerts, links};

/// The alert's condition name (one per mapping).
pub const CONDITION: &str = "capacity";

/// The task count at which the alert is raised: `ratio × limit`, rounded up, at least 1.
pub fn threshold(limit: u32, ratio: f64) -> usize {
    let at = (f64::from(limit) * ratio).ceil();
    if at.is_finite() && at >= 1.0 {
        at as usize
    } else {
        1
    }
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Raise or clear the capacity alert of `mapping`. `known`: the plan's task count when the
    /// pass has it (bootstrap). Returns the alert message when it was newly raised.
    pub(crate) async fn check_capacity(
        &self,
        store: &Store,
        mapping: &Mapping,
        known: Option<usize>,
    ) -> Result<Option<String>, EngineError> {
        if self.options.dry_run {
            return Ok(None);
        }
        let limit = self.config.graph.plan_task_limit;
        let at = threshold(limit, self.config.graph.capacity_alert_ratio);
        let count = match known {
            Some(n) => n,
            None => {
                let open = alerts::open(store.conn(), Some(mapping.id))?
                    .iter()
                    .any(|a| a.condition == CONDITION);
                let linked = usize::try_from(links::count_live(store.conn(), mapping.id)?)
                    .unwrap_or(usize::MAX);
                if !open && linked < at {
                    return Ok(None);
                }
                self.planner.task_count(&mapping.planner_plan_id).await?
            }
        };
        let now = self.now();
        if count >= at {
            let message = format!(
                "plan {} holds {count} of at most {limit} tasks (alert at {at}); archive or move \
                 completed tasks before Planner refuses new ones",
                mapping.planner_plan_id
            );
            let raised = alerts::raise(store.conn(), Some(mapping.id), CONDITION, &message, &now)?;
            Ok(raised.then_some(message))
        } else {
            alerts::clear(store.conn(), Some(mapping.id), CONDITION, &now)?;
            Ok(None)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::threshold;

    #[test]
    fn thresholds() {
        assert_eq!(threshold(9000, 0.9), 8100);
        assert_eq!(threshold(10, 0.95), 10);
        assert_eq!(threshold(10, 0.0), 1);
        assert_eq!(threshold(0, 0.9), 1);
    }
}
