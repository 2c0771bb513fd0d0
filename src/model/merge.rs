//! The three-way merge of one pair: each side against its own face in the shadow, field by
//! field. Changed on one side → copy to the other; changed on both to different values → the
//! later edit wins and the loser is reported as a conflict; equal to the shadow → nothing
//! (which is also what suppresses the echo of our own writes). Pure: no I/O, no clock.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Debug;

use serde::Serialize;

use super::priority;
use super::rich::{CheckItem, Links, RichGates, SubIssueChange, merge_rich};
use super::state::{StateMap, normalise_percent};
use super::text::{escape_plain, to_plain};
use super::ticket::{Field, LinearFace, PlannerFace, Shadow};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Side {
    Planner,
    Linear,
}

/// What the merge needs besides the three faces.
pub struct MergeContext<'a> {
    pub states: &'a StateMap,
    /// Names of the plan's categories that can carry labels (named, not used for colour).
    pub plan_labels: &'a BTreeSet<String>,
    /// Whether the Planner edit is the later one (decides conflicts).
    pub planner_newer: bool,
    /// Linear mention (profile URL or `@name`) → email.
    pub mention: &'a dyn Fn(&str) -> Option<String>,
}

/// Changes to send to Linear; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct LinearPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub state_id: Option<String>,
    pub assignee: Option<Option<String>>,
    pub due: Option<Option<String>>,
    pub priority: Option<u8>,
    pub add_labels: BTreeSet<String>,
    pub remove_labels: BTreeSet<String>,
    /// Sub-issue id → change (checklist items toggled, renamed or removed in Planner).
    pub sub_issues: BTreeMap<String, SubIssueChange>,
    /// Link attachments to add (URL → title) and remove (by URL).
    pub add_links: Links,
    pub remove_links: BTreeSet<String>,
}

/// Changes to send to Planner; `None` leaves a field alone, `Some(None)` clears it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PlannerPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub bucket_id: Option<String>,
    pub percent: Option<u8>,
    pub assignee: Option<Option<String>>,
    pub due: Option<Option<String>>,
    pub priority: Option<u8>,
    pub add_labels: BTreeSet<String>,
    pub remove_labels: BTreeSet<String>,
    /// Re-title with this cycle prefix (`Some(None)`: remove the prefix).
    pub cycle: Option<Option<String>>,
    /// Sub-issue id → checklist item to add or update (`None`: remove the item).
    pub checklist: BTreeMap<String, Option<CheckItem>>,
    /// Comment lines to append below the separator, in order.
    pub append_comments: Vec<String>,
    /// References to add (URL → alias) and remove (by URL).
    pub add_links: Links,
    pub remove_links: BTreeSet<String>,
}

impl LinearPatch {
    pub fn is_empty(&self) -> bool {
        *self == LinearPatch::default()
    }
}

impl PlannerPatch {
    pub fn is_empty(&self) -> bool {
        *self == PlannerPatch::default()
    }

    /// Whether the change needs a task PATCH (the rest is in the task details).
    pub fn touches_task(&self) -> bool {
        self.title.is_some()
            || self.cycle.is_some()
            || self.bucket_id.is_some()
            || self.percent.is_some()
            || self.assignee.is_some()
            || self.due.is_some()
            || self.priority.is_some()
            || !self.add_labels.is_empty()
            || !self.remove_labels.is_empty()
    }
}

/// Both sides changed a field to different values.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Conflict {
    pub field: Field,
    pub planner_value: String,
    pub linear_value: String,
    pub winner: Side,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MergeResult {
    pub to_linear: LinearPatch,
    pub to_planner: PlannerPatch,
    pub conflicts: Vec<Conflict>,
    /// The shadow once both patches are applied.
    pub shadow: Shadow,
}

/// Which way one field goes.
enum Flow<P, L> {
    Keep,
    ToLinear(L),
    ToPlanner(P),
}

/// Decide one scalar field. `same` says whether a Planner and a Linear value mean the same.
#[allow(clippy::too_many_arguments)]
fn scalar<P: Clone + PartialEq + Debug, L: Clone + PartialEq + Debug>(
    field: Field,
    (base_p, now_p): (&P, &P),
    (base_l, now_l): (&L, &L),
    p2l: impl Fn(&P) -> L,
    l2p: impl Fn(&L) -> P,
    same: impl Fn(&P, &L) -> bool,
    planner_newer: bool,
    conflicts: &mut Vec<Conflict>,
) -> Flow<P, L> {
    let planner_wins = match (now_p != base_p, now_l != base_l) {
        (false, false) => return Flow::Keep,
        (true, false) => true,
        (false, true) => false,
        (true, true) if same(now_p, now_l) => return Flow::Keep,
        (true, true) => {
            conflicts.push(Conflict {
                field,
                planner_value: format!("{now_p:?}"),
                linear_value: format!("{now_l:?}"),
                winner: if planner_newer {
                    Side::Planner
                } else {
                    Side::Linear
                },
            });
            planner_newer
        }
    };
    match (planner_wins, same(now_p, now_l)) {
        (_, true) => Flow::Keep,
        (true, false) => Flow::ToLinear(p2l(now_p)),
        (false, false) => Flow::ToPlanner(l2p(now_l)),
    }
}

/// Merge one pair, every rich field both ways.
pub fn merge(
    base: &Shadow,
    planner: &PlannerFace,
    linear: &LinearFace,
    cx: &MergeContext<'_>,
) -> MergeResult {
    merge_gated(base, planner, linear, cx, &RichGates::BOTH)
}

/// Merge one pair, the rich fields within `gates` (the scalar fields are gated around the
/// merge, by `direction::merge_directed`).
pub fn merge_gated(
    base: &Shadow,
    planner: &PlannerFace,
    linear: &LinearFace,
    cx: &MergeContext<'_>,
    gates: &RichGates,
) -> MergeResult {
    let mut conflicts = Vec::new();
    let mut to_linear = LinearPatch::default();
    let mut to_planner = PlannerPatch::default();
    let (mut p, mut l) = (planner.clone(), linear.clone());
    let (bp, bl) = (&base.planner, &base.linear);
    let newer = cx.planner_newer;

    macro_rules! apply {
        ($flow:expr, $pf:ident, $lf:ident) => {
            match $flow {
                Flow::Keep => {}
                Flow::ToLinear(v) => {
                    l.$lf = v.clone();
                    to_linear.$lf = Some(v);
                }
                Flow::ToPlanner(v) => {
                    p.$pf = v.clone();
                    to_planner.$pf = Some(v);
                }
            }
        };
    }

    let ident = |s: &String| s.clone();
    let flow = scalar(
        Field::Title,
        (&bp.title, &planner.title),
        (&bl.title, &linear.title),
        ident,
        ident,
        |a, b| a == b,
        newer,
        &mut conflicts,
    );
    apply!(flow, title, title);

    let to_md = |s: &String| escape_plain(s);
    let to_txt = |s: &String| to_plain(s, cx.mention);
    let same_text = |a: &String, b: &String| escape_plain(a) == *b || to_plain(b, cx.mention) == *a;
    let flow = scalar(
        Field::Description,
        (&bp.description, &planner.description),
        (&bl.description, &linear.description),
        to_md,
        to_txt,
        same_text,
        newer,
        &mut conflicts,
    );
    apply!(flow, description, description);

    let flow = scalar(
        Field::Assignee,
        (&bp.assignee, &planner.assignee),
        (&bl.assignee, &linear.assignee),
        Clone::clone,
        Clone::clone,
        |a, b| a == b,
        newer,
        &mut conflicts,
    );
    apply!(flow, assignee, assignee);

    let flow = scalar(
        Field::Due,
        (&bp.due, &planner.due),
        (&bl.due, &linear.due),
        Clone::clone,
        Clone::clone,
        |a, b| a == b,
        newer,
        &mut conflicts,
    );
    apply!(flow, due, due);

    let flow = scalar(
        Field::Priority,
        (&bp.priority, &planner.priority),
        (&bl.priority, &linear.priority),
        |v| priority::to_linear(*v),
        |v| priority::to_planner(*v),
        |a, b| priority::to_linear(*a) == *b || priority::to_planner(*b) == *a,
        newer,
        &mut conflicts,
    );
    match flow {
        Flow::Keep => {}
        Flow::ToLinear(v) => {
            l.priority = v;
            to_linear.priority = Some(v);
        }
        Flow::ToPlanner(v) => {
            p.priority = v;
            to_planner.priority = Some(v);
        }
    }

    merge_state(
        base,
        planner,
        linear,
        cx,
        &mut conflicts,
        (&mut p, &mut l),
        (&mut to_planner, &mut to_linear),
    );
    merge_labels(
        base,
        planner,
        linear,
        cx.plan_labels,
        (&mut p, &mut l),
        (&mut to_planner, &mut to_linear),
    );

    merge_rich(
        base,
        (planner, linear),
        cx,
        gates,
        (&mut p, &mut l),
        (&mut to_planner, &mut to_linear),
    );

    MergeResult {
        to_linear,
        to_planner,
        conflicts,
        shadow: Shadow {
            planner: p,
            linear: l,
        },
    }
}

/// Bucket + percentComplete ↔ workflow state.
fn merge_state(
    base: &Shadow,
    planner: &PlannerFace,
    linear: &LinearFace,
    cx: &MergeContext<'_>,
    conflicts: &mut Vec<Conflict>,
    (p, l): (&mut PlannerFace, &mut LinearFace),
    (to_planner, to_linear): (&mut PlannerPatch, &mut LinearPatch),
) {
    let (bp, bl) = (&base.planner, &base.linear);
    let changed_p =
        (bp.bucket_id.as_str(), bp.percent) != (planner.bucket_id.as_str(), planner.percent);
    let changed_l = bl.state_id != linear.state_id;
    let wanted = cx
        .states
        .linear_state_for_planner(
            (&bp.bucket_id, bp.percent),
            (&planner.bucket_id, planner.percent),
            Some(&linear.state_id),
        )
        .map(|s| s.id.clone());
    let planner_wins = match (changed_p, changed_l) {
        (false, false) => return,
        (true, false) => true,
        (false, true) => false,
        (true, true) if wanted.as_deref() == Some(linear.state_id.as_str()) => return,
        (true, true) => {
            conflicts.push(Conflict {
                field: Field::State,
                planner_value: format!("bucket {} at {}%", planner.bucket_id, planner.percent),
                linear_value: linear.state_id.clone(),
                winner: if cx.planner_newer {
                    Side::Planner
                } else {
                    Side::Linear
                },
            });
            cx.planner_newer
        }
    };
    if planner_wins {
        let Some(state) = wanted.and_then(|id| cx.states.state(&id)) else {
            return;
        };
        if state.id != linear.state_id {
            l.state_id = state.id.clone();
            to_linear.state_id = Some(state.id.clone());
        }
        // The bucket decided the state: percentComplete follows it.
        let follows = state.kind.percent();
        if bp.bucket_id != planner.bucket_id && normalise_percent(planner.percent) != follows {
            p.percent = follows;
            to_planner.percent = Some(follows);
        }
    } else {
        let (bucket, percent) = cx.states.planner_for_state(&linear.state_id);
        if let Some(bucket) = bucket.filter(|b| *b != planner.bucket_id) {
            p.bucket_id = bucket.to_string();
            to_planner.bucket_id = Some(bucket.to_string());
        }
        if let Some(percent) = percent.filter(|pc| *pc != normalise_percent(planner.percent)) {
            p.percent = percent;
            to_planner.percent = Some(percent);
        }
    }
}

fn lower(set: &BTreeSet<String>) -> BTreeSet<String> {
    set.iter().map(|s| s.to_lowercase()).collect()
}

/// Labels ↔ categories as sets: additions and removals on each side are applied to the other,
/// one by one, so concurrent edits of different labels both survive. A label with no category
/// of that name cannot exist in Planner and is left out there.
fn merge_labels(
    base: &Shadow,
    planner: &PlannerFace,
    linear: &LinearFace,
    plan_labels: &BTreeSet<String>,
    (p, l): (&mut PlannerFace, &mut LinearFace),
    (to_planner, to_linear): (&mut PlannerPatch, &mut LinearPatch),
) {
    let (bp, bl) = (lower(&base.planner.labels), lower(&base.linear.labels));
    let (np, nl) = (lower(&planner.labels), lower(&linear.labels));
    let find =
        |set: &BTreeSet<String>, key: &str| set.iter().find(|s| s.to_lowercase() == key).cloned();
    for key in np.difference(&bp) {
        if !nl.contains(key)
            && let Some(name) = find(&planner.labels, key)
        {
            l.labels.insert(name.clone());
            to_linear.add_labels.insert(name);
        }
    }
    for key in bp.difference(&np) {
        if let Some(name) =
            find(&linear.labels, key).filter(|_| !nl.difference(&bl).any(|k| k == key))
        {
            l.labels.remove(&name);
            to_linear.remove_labels.insert(name);
        }
    }
    for key in nl.difference(&bl) {
        if !np.contains(key)
            && let Some(name) = find(plan_labels, key)
        {
            p.labels.insert(name.clone());
            to_planner.add_labels.insert(name);
        }
    }
    for key in bl.difference(&nl) {
        if let Some(name) =
            find(&planner.labels, key).filter(|_| !np.difference(&bp).any(|k| k == key))
        {
            p.labels.remove(&name);
            to_planner.remove_labels.insert(name);
        }
    }
}

/// The Linear face of a new issue for a Planner task that has none yet.
pub fn linear_from_planner(planner: &PlannerFace, cx: &MergeContext<'_>) -> LinearFace {
    let state = cx
        .states
        .state_for_bucket(&planner.bucket_id)
        .or_else(|| cx.states.state_for_percent(planner.percent))
        .map(|s| s.id.clone())
        .unwrap_or_default();
    LinearFace {
        title: planner.title.clone(),
        description: escape_plain(&planner.description),
        state_id: state,
        assignee: planner.assignee.clone(),
        due: planner.due.clone(),
        priority: priority::to_linear(planner.priority),
        labels: planner.labels.clone(),
        ..LinearFace::default()
    }
}

/// The Planner face of a new task for a Linear issue that has none yet. `fallback_bucket` is
/// used when the state has no bucket (an empty mapping).
pub fn planner_from_linear(
    linear: &LinearFace,
    fallback_bucket: &str,
    cx: &MergeContext<'_>,
) -> PlannerFace {
    let (bucket, percent) = cx.states.planner_for_state(&linear.state_id);
    let plan = lower(cx.plan_labels);
    PlannerFace {
        title: linear.title.clone(),
        description: to_plain(&linear.description, cx.mention),
        bucket_id: bucket.unwrap_or(fallback_bucket).to_string(),
        percent: percent.unwrap_or(0),
        assignee: linear.assignee.clone(),
        due: linear.due.clone(),
        priority: priority::to_planner(linear.priority),
        labels: linear
            .labels
            .iter()
            .filter(|n| plan.contains(&n.to_lowercase()))
            .cloned()
            .collect(),
        ..PlannerFace::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::state::tests::sample_map;

    fn no_mentions(_: &str) -> Option<String> {
        None
    }

    fn base() -> Shadow {
        let planner = PlannerFace {
            title: "Fix login".into(),
            description: "Steps *to* reproduce".into(),
            bucket_id: "b-todo".into(),
            percent: 0,
            assignee: Some("alice@acme.com".into()),
            due: Some("2026-12-01".into()),
            priority: 5,
            labels: ["Bug".to_string()].into(),
            ..PlannerFace::default()
        };
        let linear = LinearFace {
            title: "Fix login".into(),
            description: "Steps \\*to\\* reproduce".into(),
            state_id: "s-todo".into(),
            assignee: Some("alice@acme.com".into()),
            due: Some("2026-12-01".into()),
            priority: 0,
            labels: ["Bug".to_string()].into(),
            ..LinearFace::default()
        };
        Shadow { planner, linear }
    }

    fn run(base: &Shadow, p: &PlannerFace, l: &LinearFace, planner_newer: bool) -> MergeResult {
        let states = sample_map();
        let labels: BTreeSet<String> = ["Bug", "Feature", "Ops"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let cx = MergeContext {
            states: &states,
            plan_labels: &labels,
            planner_newer,
            mention: &no_mentions,
        };
        merge(base, p, l, &cx)
    }

    #[test]
    fn nothing_changed_means_nothing_to_do() {
        let b = base();
        let r = run(&b, &b.planner, &b.linear, true);
        assert!(r.to_linear.is_empty() && r.to_planner.is_empty() && r.conflicts.is_empty());
        assert_eq!(r.shadow, b);
    }

    #[test]
    fn each_field_flows_planner_to_linear() {
        let b = base();
        type Edit = fn(&mut PlannerFace);
        let table: Vec<(Edit, LinearPatch)> = vec![
            (
                |p| p.title = "Fix login page".into(),
                LinearPatch {
                    title: Some("Fix login page".into()),
                    ..Default::default()
                },
            ),
            (
                |p| p.description = "# lit".into(),
                LinearPatch {
                    description: Some("\\# lit".into()),
                    ..Default::default()
                },
            ),
            (
                |p| p.bucket_id = "b-doing".into(),
                LinearPatch {
                    state_id: Some("s-doing".into()),
                    ..Default::default()
                },
            ),
            (
                |p| p.percent = 100,
                LinearPatch {
                    state_id: Some("s-done".into()),
                    ..Default::default()
                },
            ),
            (
                |p| p.assignee = None,
                LinearPatch {
                    assignee: Some(None),
                    ..Default::default()
                },
            ),
            (
                |p| p.due = Some("2026-12-24".into()),
                LinearPatch {
                    due: Some(Some("2026-12-24".into())),
                    ..Default::default()
                },
            ),
            (
                |p| p.priority = 1,
                LinearPatch {
                    priority: Some(1),
                    ..Default::default()
                },
            ),
            (
                |p| p.priority = 9,
                LinearPatch {
                    priority: Some(4),
                    ..Default::default()
                },
            ),
            (
                |p| {
                    p.labels.insert("Ops".into());
                },
                LinearPatch {
                    add_labels: ["Ops".to_string()].into(),
                    ..Default::default()
                },
            ),
            (
                |p| p.labels.clear(),
                LinearPatch {
                    remove_labels: ["Bug".to_string()].into(),
                    ..Default::default()
                },
            ),
        ];
        for (edit, want) in table {
            let mut p = b.planner.clone();
            edit(&mut p);
            let r = run(&b, &p, &b.linear, true);
            assert_eq!(r.to_linear, want, "{p:?}");
            assert!(r.conflicts.is_empty());
            // Applying the patch and merging again is a no-op: no echo.
            let again = run(&r.shadow, &r.shadow.planner, &r.shadow.linear, true);
            assert!(
                again.to_linear.is_empty() && again.to_planner.is_empty(),
                "{p:?}"
            );
        }
    }

    #[test]
    fn each_field_flows_linear_to_planner() {
        let b = base();
        type Edit = fn(&mut LinearFace);
        let table: Vec<(Edit, PlannerPatch)> = vec![
            (
                |l| l.title = "New".into(),
                PlannerPatch {
                    title: Some("New".into()),
                    ..Default::default()
                },
            ),
            (
                |l| l.description = "**Bold** [doc](https://d.io)".into(),
                PlannerPatch {
                    description: Some("Bold doc (https://d.io)".into()),
                    ..Default::default()
                },
            ),
            (
                |l| l.state_id = "s-review".into(),
                PlannerPatch {
                    bucket_id: Some("b-doing".into()),
                    percent: Some(50),
                    ..Default::default()
                },
            ),
            (
                |l| l.state_id = "s-canceled".into(),
                PlannerPatch {
                    bucket_id: Some("b-done".into()),
                    percent: Some(100),
                    ..Default::default()
                },
            ),
            (
                |l| l.assignee = Some("bob@acme.com".into()),
                PlannerPatch {
                    assignee: Some(Some("bob@acme.com".into())),
                    ..Default::default()
                },
            ),
            (
                |l| l.due = None,
                PlannerPatch {
                    due: Some(None),
                    ..Default::default()
                },
            ),
            (
                |l| l.priority = 2,
                PlannerPatch {
                    priority: Some(3),
                    ..Default::default()
                },
            ),
            (
                |l| {
                    l.labels.insert("feature".into());
                },
                PlannerPatch {
                    add_labels: ["Feature".to_string()].into(),
                    ..Default::default()
                },
            ),
            (
                |l| {
                    l.labels.insert("NoSuchCategory".into());
                },
                PlannerPatch::default(),
            ),
        ];
        for (edit, want) in table {
            let mut l = b.linear.clone();
            edit(&mut l);
            let r = run(&b, &b.planner, &l, false);
            assert_eq!(r.to_planner, want, "{l:?}");
            let again = run(&r.shadow, &r.shadow.planner, &r.shadow.linear, false);
            assert!(
                again.to_linear.is_empty() && again.to_planner.is_empty(),
                "{l:?}"
            );
        }
    }

    #[test]
    fn bucket_decides_and_percent_follows() {
        let b = base();
        let mut p = b.planner.clone();
        p.bucket_id = "b-done".into();
        let r = run(&b, &p, &b.linear, true);
        assert_eq!(r.to_linear.state_id.as_deref(), Some("s-done"));
        assert_eq!(
            r.to_planner.percent,
            Some(100),
            "percent follows the bucket's state"
        );
    }

    #[test]
    fn different_fields_on_each_side_are_both_kept() {
        let b = base();
        let mut p = b.planner.clone();
        p.title = "Planner title".into();
        let mut l = b.linear.clone();
        l.due = Some("2027-01-15".into());
        let r = run(&b, &p, &l, true);
        assert_eq!(r.to_linear.title.as_deref(), Some("Planner title"));
        assert_eq!(r.to_planner.due, Some(Some("2027-01-15".into())));
        assert!(r.conflicts.is_empty());
    }

    #[test]
    fn same_field_on_both_sides_later_wins_and_is_reported() {
        let b = base();
        let mut p = b.planner.clone();
        p.title = "From Planner".into();
        let mut l = b.linear.clone();
        l.title = "From Linear".into();
        let r = run(&b, &p, &l, false);
        assert_eq!(r.to_planner.title.as_deref(), Some("From Linear"));
        assert!(r.to_linear.is_empty());
        assert_eq!(r.conflicts.len(), 1);
        assert_eq!(r.conflicts[0].winner, Side::Linear);
        assert_eq!(r.conflicts[0].planner_value, "\"From Planner\"");
        let r = run(&b, &p, &l, true);
        assert_eq!(r.to_linear.title.as_deref(), Some("From Planner"));
        assert_eq!(r.conflicts[0].winner, Side::Planner);
    }

    #[test]
    fn both_sides_to_the_same_value_is_no_conflict() {
        let b = base();
        let mut p = b.planner.clone();
        p.percent = 100;
        let mut l = b.linear.clone();
        l.state_id = "s-done".into();
        l.priority = 1;
        p.priority = 1;
        let r = run(&b, &p, &l, true);
        assert!(
            r.conflicts.is_empty() && r.to_linear.is_empty() && r.to_planner.is_empty(),
            "{r:?}"
        );
    }

    #[test]
    fn concurrent_label_edits_merge_per_label() {
        let b = base();
        let mut p = b.planner.clone();
        p.labels.insert("Ops".into());
        let mut l = b.linear.clone();
        l.labels.remove("Bug");
        let r = run(&b, &p, &l, true);
        assert_eq!(r.to_linear.add_labels, ["Ops".to_string()].into());
        assert_eq!(r.to_planner.remove_labels, ["Bug".to_string()].into());
        assert_eq!(r.shadow.planner.labels, ["Ops".to_string()].into());
        assert_eq!(r.shadow.linear.labels, ["Ops".to_string()].into());
    }

    #[test]
    fn linear_no_priority_does_not_flip_after_the_round_trip() {
        let b = base();
        // Linear has no priority (0), Planner holds the 5 we wrote: stable.
        let r = run(&b, &b.planner, &b.linear, true);
        assert!(r.to_planner.priority.is_none() && r.to_linear.priority.is_none());
    }

    #[test]
    fn creations_both_ways() {
        let states = sample_map();
        let labels: BTreeSet<String> = ["Bug"].iter().map(|s| s.to_string()).collect();
        let cx = MergeContext {
            states: &states,
            plan_labels: &labels,
            planner_newer: true,
            mention: &no_mentions,
        };
        let b = base();
        let l = linear_from_planner(&b.planner, &cx);
        assert_eq!(
            (l.state_id.as_str(), l.priority, l.description.as_str()),
            ("s-todo", 3, "Steps \\*to\\* reproduce")
        );
        let mut issue = b.linear.clone();
        issue.labels.insert("Unmapped".into());
        issue.state_id = "s-review".into();
        let p = planner_from_linear(&issue, "b-todo", &cx);
        assert_eq!(
            (p.bucket_id.as_str(), p.percent, p.priority),
            ("b-doing", 50, 5)
        );
        assert_eq!(p.labels, ["Bug".to_string()].into());
        assert_eq!(p.description, "Steps *to* reproduce");
    }
}
