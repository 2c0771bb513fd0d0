//! The sync controls of one mapping: conflict policy, per-field directions, the filter, and
//! whether failures are surfaced on the Linear issue. Stored with the mapping as JSON; every
//! part defaults to today's behaviour (later edit wins, every field both ways, everything
//! synced, nothing written on the item).

use serde::{Deserialize, Serialize};

use super::direction::FieldDirections;
use super::filter::Filter;

/// Who wins when both sides changed the same field to different values.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ConflictPolicy {
    /// The later edit wins (Planner edits are dated midway between two reads).
    #[default]
    Latest,
    PlannerWins,
    LinearWins,
}

impl ConflictPolicy {
    pub fn as_str(self) -> &'static str {
        match self {
            ConflictPolicy::Latest => "latest",
            ConflictPolicy::PlannerWins => "planner-wins",
            ConflictPolicy::LinearWins => "linear-wins",
        }
    }

    pub fn parse(text: &str) -> Result<ConflictPolicy, String> {
        match text.trim() {
            "latest" => Ok(ConflictPolicy::Latest),
            "planner-wins" => Ok(ConflictPolicy::PlannerWins),
            "linear-wins" => Ok(ConflictPolicy::LinearWins),
            other => Err(format!(
                "unknown conflict policy `{other}`; use latest, planner-wins or linear-wins"
            )),
        }
    }

    /// Whether Planner's value wins a conflict, given whether its edit is the later one.
    /// This is the merge's `planner_newer`.
    pub fn planner_wins(self, planner_newer: bool) -> bool {
        match self {
            ConflictPolicy::Latest => planner_newer,
            ConflictPolicy::PlannerWins => true,
            ConflictPolicy::LinearWins => false,
        }
    }
}

/// Everything a mapping lets an admin control.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyncControl {
    #[serde(default)]
    pub conflict: ConflictPolicy,
    #[serde(default, flatten)]
    pub fields: FieldDirections,
    #[serde(default)]
    pub filter: Filter,
    /// Comment on the Linear issue when its change is dead-lettered, and when it recovers.
    #[serde(default)]
    pub surface_errors: bool,
}

impl SyncControl {
    /// The stored form.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| "{}".into())
    }

    /// Parse the stored form; unknown keys are ignored so an older binary can read it.
    pub fn parse(text: &str) -> Result<SyncControl, serde_json::Error> {
        serde_json::from_str(text)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::model::direction::{Direction, SyncField, merge_directed};
    use crate::model::merge::{MergeContext, MergeResult, Side};
    use crate::model::state::tests::sample_map;
    use crate::model::ticket::{LinearFace, PlannerFace, Shadow};

    fn no_mentions(_: &str) -> Option<String> {
        None
    }

    fn base() -> Shadow {
        Shadow {
            planner: PlannerFace {
                title: "Fix login".into(),
                description: "Steps".into(),
                bucket_id: "b-todo".into(),
                percent: 0,
                assignee: None,
                due: None,
                priority: 5,
                labels: ["Bug".to_string()].into(),
                ..PlannerFace::default()
            },
            linear: LinearFace {
                title: "Fix login".into(),
                description: "Steps".into(),
                state_id: "s-todo".into(),
                assignee: None,
                due: None,
                priority: 3,
                labels: ["Bug".to_string()].into(),
                ..LinearFace::default()
            },
        }
    }

    fn run(
        control: &SyncControl,
        b: &Shadow,
        p: &PlannerFace,
        l: &LinearFace,
        planner_newer: bool,
    ) -> MergeResult {
        let states = sample_map();
        let labels: BTreeSet<String> = ["Bug", "Ops"].iter().map(|s| s.to_string()).collect();
        let cx = MergeContext {
            states: &states,
            plan_labels: &labels,
            planner_newer: control.conflict.planner_wins(planner_newer),
            mention: &no_mentions,
        };
        merge_directed(&control.fields, b, p, l, &cx)
    }

    #[test]
    fn conflict_policy_decides_the_winner() {
        let b = base();
        let mut p = b.planner.clone();
        p.title = "P".into();
        let mut l = b.linear.clone();
        l.title = "L".into();
        // (policy, Planner edit is later, winner)
        let table = [
            (ConflictPolicy::Latest, true, Side::Planner),
            (ConflictPolicy::Latest, false, Side::Linear),
            (ConflictPolicy::PlannerWins, false, Side::Planner),
            (ConflictPolicy::PlannerWins, true, Side::Planner),
            (ConflictPolicy::LinearWins, true, Side::Linear),
            (ConflictPolicy::LinearWins, false, Side::Linear),
        ];
        for (policy, newer, winner) in table {
            let control = SyncControl {
                conflict: policy,
                ..SyncControl::default()
            };
            let r = run(&control, &b, &p, &l, newer);
            assert_eq!(r.conflicts.len(), 1, "{policy:?}");
            assert_eq!(r.conflicts[0].winner, winner, "{policy:?} {newer}");
            assert_eq!(
                (
                    r.conflicts[0].planner_value.as_str(),
                    r.conflicts[0].linear_value.as_str()
                ),
                ("\"P\"", "\"L\""),
                "both values are kept"
            );
            let title = match winner {
                Side::Planner => r.to_linear.title.clone(),
                Side::Linear => r.to_planner.title.clone(),
            };
            assert_eq!(
                title.as_deref(),
                Some(if winner == Side::Planner { "P" } else { "L" })
            );
        }
    }

    fn directed(field: SyncField, d: Direction, enforce: bool) -> SyncControl {
        let mut control = SyncControl::default();
        control.fields.set(field, d);
        if enforce {
            control.fields.enforce.insert(field);
        }
        control
    }

    /// Edit `field` on one side of the base: (planner face, linear face).
    fn edit(field: SyncField, on: Side) -> (PlannerFace, LinearFace) {
        let b = base();
        let (mut p, mut l) = (b.planner, b.linear);
        match (field, on) {
            (SyncField::Title, Side::Planner) => p.title = "New".into(),
            (SyncField::Title, Side::Linear) => l.title = "New".into(),
            (SyncField::State, Side::Planner) => p.bucket_id = "b-doing".into(),
            (SyncField::State, Side::Linear) => l.state_id = "s-doing".into(),
            (SyncField::Labels, Side::Planner) => {
                p.labels.insert("Ops".into());
            }
            (SyncField::Labels, Side::Linear) => {
                l.labels.insert("Ops".into());
            }
            _ => unreachable!(),
        }
        (p, l)
    }

    #[test]
    fn one_way_fields_write_one_side_and_absorb_the_other() {
        let b = base();
        for field in [SyncField::Title, SyncField::State, SyncField::Labels] {
            for d in [
                Direction::Both,
                Direction::ToLinear,
                Direction::ToPlanner,
                Direction::Off,
            ] {
                let control = directed(field, d, false);
                for on in [Side::Planner, Side::Linear] {
                    let (p, l) = edit(field, on);
                    let r = run(&control, &b, &p, &l, true);
                    let flows = match on {
                        Side::Planner => d.writes(Side::Linear),
                        Side::Linear => d.writes(Side::Planner),
                    };
                    let wrote_l = !r.to_linear.is_empty();
                    let wrote_p = !r.to_planner.is_empty();
                    match on {
                        Side::Planner => assert_eq!(wrote_l, flows, "{field:?} {d:?} {on:?}"),
                        Side::Linear => assert_eq!(wrote_p, flows, "{field:?} {d:?} {on:?}"),
                    }
                    if !d.writes(Side::Planner) {
                        assert!(r.to_planner.is_empty(), "{field:?} {d:?} {on:?}: {r:?}");
                    }
                    if !d.writes(Side::Linear) {
                        assert!(r.to_linear.is_empty(), "{field:?} {d:?} {on:?}: {r:?}");
                    }
                    // The shadow is what each side holds now: the next pass sees nothing.
                    let again = run(
                        &control,
                        &r.shadow,
                        &r.shadow.planner,
                        &r.shadow.linear,
                        true,
                    );
                    assert!(
                        again.to_linear.is_empty() && again.to_planner.is_empty(),
                        "{field:?} {d:?} {on:?}"
                    );
                    // Switching back to both replays nothing that was ignored.
                    let both = SyncControl::default();
                    let back = run(&both, &r.shadow, &r.shadow.planner, &r.shadow.linear, true);
                    assert!(
                        back.to_linear.is_empty() && back.to_planner.is_empty(),
                        "{field:?} {d:?} {on:?}: {back:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn enforced_fields_revert_the_read_only_side() {
        let b = base();
        let control = directed(SyncField::Title, Direction::ToLinear, true);
        let (p, l) = edit(SyncField::Title, Side::Linear);
        let r = run(&control, &b, &p, &l, false);
        assert_eq!(r.to_linear.title.as_deref(), Some("Fix login"));
        assert!(r.to_planner.is_empty());
        let control = directed(SyncField::State, Direction::ToPlanner, true);
        let (p, l) = edit(SyncField::State, Side::Planner);
        let r = run(&control, &b, &p, &l, true);
        assert_eq!(r.to_planner.bucket_id.as_deref(), Some("b-todo"));
        assert!(r.to_linear.is_empty());
        let control = directed(SyncField::Labels, Direction::ToLinear, true);
        let (p, l) = edit(SyncField::Labels, Side::Linear);
        let r = run(&control, &b, &p, &l, true);
        assert_eq!(r.to_linear.remove_labels, ["Ops".to_string()].into());
        // Converged: enforcing again changes nothing.
        let mut l2 = l.clone();
        l2.labels.remove("Ops");
        let again = run(&control, &r.shadow, &p, &l2, true);
        assert!(again.to_linear.is_empty(), "{again:?}");
    }

    #[test]
    fn stored_form_round_trips_and_defaults() {
        assert_eq!(SyncControl::parse("{}").unwrap(), SyncControl::default());
        let mut c = directed(SyncField::Comments, Direction::Off, false);
        c.conflict = ConflictPolicy::LinearWins;
        c.surface_errors = true;
        assert_eq!(SyncControl::parse(&c.to_text()).unwrap(), c);
        assert!(!c.fields.allows(SyncField::Comments, Side::Linear));
        assert!(c.fields.allows(SyncField::Title, Side::Planner));
    }
}
