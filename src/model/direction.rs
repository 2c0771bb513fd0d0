//! Per-field direction: which way each synced field may flow (`both`, `to-linear`,
//! `to-planner`, `off`), and whether a one-way field is enforced (a change on the read-only
//! side is reverted) or only ignored.
//!
//! [`FieldDirections::allows`] is the one check every field calls before writing a side; the
//! scalar fields of the faces are handled here around the merge by [`merge_directed`], so the
//! merge itself stays a plain three-way merge.
//!
//! The shadow stays coherent: an ignored change is absorbed into the shadow (the shadow's face
//! of the read-only side takes the value read), so it is not seen again on the next pass and a
//! later switch back to `both` starts from today's values instead of replaying old edits.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::merge::{
    LinearPatch, MergeContext, MergeResult, PlannerPatch, Side, merge, merge_gated,
};
use super::rich::{Gate, RichGates};
use super::ticket::{LinearFace, PlannerFace, Shadow};

/// A field whose direction can be set. The last four are carried by the rich-field sync:
/// checklist and links are gated inside the merge ([`FieldDirections::rich_gates`]), comments
/// there too, attachments (the file mirror) in `engine::files`. Comments and attachments only
/// ever flow Linear → Planner, so for them `to-linear` stops them like `off`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncField {
    Title,
    Description,
    State,
    Assignee,
    Due,
    Priority,
    Labels,
    Checklist,
    Links,
    Comments,
    Attachments,
}

impl SyncField {
    pub const ALL: [SyncField; 11] = [
        SyncField::Title,
        SyncField::Description,
        SyncField::State,
        SyncField::Assignee,
        SyncField::Due,
        SyncField::Priority,
        SyncField::Labels,
        SyncField::Checklist,
        SyncField::Links,
        SyncField::Comments,
        SyncField::Attachments,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SyncField::Title => "title",
            SyncField::Description => "description",
            SyncField::State => "state",
            SyncField::Assignee => "assignee",
            SyncField::Due => "due",
            SyncField::Priority => "priority",
            SyncField::Labels => "labels",
            SyncField::Checklist => "checklist",
            SyncField::Links => "links",
            SyncField::Comments => "comments",
            SyncField::Attachments => "attachments",
        }
    }

    pub fn parse(text: &str) -> Result<SyncField, String> {
        SyncField::ALL
            .into_iter()
            .find(|f| f.as_str() == text.trim().to_lowercase())
            .ok_or_else(|| {
                let names: Vec<&str> = SyncField::ALL.iter().map(|f| f.as_str()).collect();
                format!("unknown field `{text}`; fields are: {}", names.join(", "))
            })
    }
}

/// Which way one field flows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Direction {
    #[default]
    Both,
    ToLinear,
    ToPlanner,
    Off,
}

impl Direction {
    pub fn as_str(self) -> &'static str {
        match self {
            Direction::Both => "both",
            Direction::ToLinear => "to-linear",
            Direction::ToPlanner => "to-planner",
            Direction::Off => "off",
        }
    }

    pub fn parse(text: &str) -> Result<Direction, String> {
        match text.trim() {
            "both" => Ok(Direction::Both),
            "to-linear" => Ok(Direction::ToLinear),
            "to-planner" => Ok(Direction::ToPlanner),
            "off" => Ok(Direction::Off),
            other => Err(format!(
                "unknown direction `{other}`; use both, to-linear, to-planner or off"
            )),
        }
    }

    /// Whether this direction writes `side`.
    pub fn writes(self, side: Side) -> bool {
        matches!(
            (self, side),
            (Direction::Both, _)
                | (Direction::ToLinear, Side::Linear)
                | (Direction::ToPlanner, Side::Planner)
        )
    }
}

/// The direction of every field (absent: `both`) and the one-way fields that are enforced.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldDirections {
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub directions: BTreeMap<SyncField, Direction>,
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub enforce: BTreeSet<SyncField>,
}

impl FieldDirections {
    pub fn get(&self, field: SyncField) -> Direction {
        self.directions.get(&field).copied().unwrap_or_default()
    }

    /// Set one field; `both` is stored as the absence of a setting.
    pub fn set(&mut self, field: SyncField, direction: Direction) {
        match direction {
            Direction::Both => self.directions.remove(&field),
            other => self.directions.insert(field, other),
        };
    }

    /// Whether `field` may be written on `side`. The single check for every field.
    pub fn allows(&self, field: SyncField, side: Side) -> bool {
        self.get(field).writes(side)
    }

    /// Whether a change of `field` made on `side` is taken into account (copied, or reverted
    /// when enforced). `false`: the change is ignored and absorbed into the shadow.
    pub fn reads(&self, field: SyncField, side: Side) -> bool {
        let other = match side {
            Side::Planner => Side::Linear,
            Side::Linear => Side::Planner,
        };
        self.allows(field, other)
    }

    /// Whether a one-way `field` reverts changes made on its read-only side.
    pub fn enforced(&self, field: SyncField) -> bool {
        self.enforce.contains(&field)
            && matches!(self.get(field), Direction::ToLinear | Direction::ToPlanner)
    }

    pub fn is_default(&self) -> bool {
        self.directions.is_empty() && self.enforce.is_empty()
    }

    /// `field`'s direction as the per-entry merges of the rich fields take it.
    pub fn gate(&self, field: SyncField) -> Gate {
        Gate {
            to_linear: self.allows(field, Side::Linear),
            to_planner: self.allows(field, Side::Planner),
            enforce: self.enforced(field),
        }
    }

    pub fn rich_gates(&self) -> RichGates {
        RichGates {
            checklist: self.gate(SyncField::Checklist),
            links: self.gate(SyncField::Links),
            comments: self.gate(SyncField::Comments),
        }
    }
}

/// Whether `--enforce` means something for `field`: comments and attachments only flow
/// Linear → Planner and Planner's copies are never read back, so there is nothing to put back.
pub fn can_enforce(field: SyncField) -> bool {
    !matches!(field, SyncField::Comments | SyncField::Attachments)
}

/// The scalar fields of the faces, as this module handles them.
const FACE_FIELDS: [SyncField; 7] = [
    SyncField::Title,
    SyncField::Description,
    SyncField::State,
    SyncField::Assignee,
    SyncField::Due,
    SyncField::Priority,
    SyncField::Labels,
];

/// `to`'s value of `field` becomes `from`'s.
fn copy_planner(field: SyncField, from: &PlannerFace, to: &mut PlannerFace) {
    match field {
        SyncField::Title => to.title = from.title.clone(),
        SyncField::Description => to.description = from.description.clone(),
        SyncField::State => (to.bucket_id, to.percent) = (from.bucket_id.clone(), from.percent),
        SyncField::Assignee => to.assignee = from.assignee.clone(),
        SyncField::Due => to.due = from.due.clone(),
        SyncField::Priority => to.priority = from.priority,
        SyncField::Labels => to.labels = from.labels.clone(),
        _ => {}
    }
}

fn copy_linear(field: SyncField, from: &LinearFace, to: &mut LinearFace) {
    match field {
        SyncField::Title => to.title = from.title.clone(),
        SyncField::Description => to.description = from.description.clone(),
        SyncField::State => to.state_id = from.state_id.clone(),
        SyncField::Assignee => to.assignee = from.assignee.clone(),
        SyncField::Due => to.due = from.due.clone(),
        SyncField::Priority => to.priority = from.priority,
        SyncField::Labels => to.labels = from.labels.clone(),
        _ => {}
    }
}

/// A value of `field` different from `now`'s: a base that makes the field look changed.
fn perturb_planner(field: SyncField, now: &PlannerFace, base: &mut PlannerFace) {
    let other = |v: &Option<String>| match v {
        Some(_) => None,
        None => Some("\u{0}".to_string()),
    };
    match field {
        SyncField::Title => base.title = format!("{}\u{0}", now.title),
        SyncField::Description => base.description = format!("{}\u{0}", now.description),
        SyncField::State => base.bucket_id = format!("{}\u{0}", now.bucket_id),
        SyncField::Assignee => base.assignee = other(&now.assignee),
        SyncField::Due => base.due = other(&now.due),
        SyncField::Priority => base.priority = (now.priority + 1) % 11,
        _ => {}
    }
}

fn perturb_linear(field: SyncField, now: &LinearFace, base: &mut LinearFace) {
    let other = |v: &Option<String>| match v {
        Some(_) => None,
        None => Some("\u{0}".to_string()),
    };
    match field {
        SyncField::Title => base.title = format!("{}\u{0}", now.title),
        SyncField::Description => base.description = format!("{}\u{0}", now.description),
        SyncField::State => base.state_id = format!("{}\u{0}", now.state_id),
        SyncField::Assignee => base.assignee = other(&now.assignee),
        SyncField::Due => base.due = other(&now.due),
        SyncField::Priority => base.priority = (now.priority + 1) % 5,
        _ => {}
    }
}

fn clear_to_planner(field: SyncField, p: &mut PlannerPatch) {
    match field {
        SyncField::Title => p.title = None,
        SyncField::Description => p.description = None,
        SyncField::State => (p.bucket_id, p.percent) = (None, None),
        SyncField::Assignee => p.assignee = None,
        SyncField::Due => p.due = None,
        SyncField::Priority => p.priority = None,
        SyncField::Labels => {
            p.add_labels.clear();
            p.remove_labels.clear();
        }
        _ => {}
    }
}

fn clear_to_linear(field: SyncField, p: &mut LinearPatch) {
    match field {
        SyncField::Title => p.title = None,
        SyncField::Description => p.description = None,
        SyncField::State => p.state_id = None,
        SyncField::Assignee => p.assignee = None,
        SyncField::Due => p.due = None,
        SyncField::Priority => p.priority = None,
        SyncField::Labels => {
            p.add_labels.clear();
            p.remove_labels.clear();
        }
        _ => {}
    }
}

fn writes_planner(field: SyncField, p: &PlannerPatch) -> bool {
    let mut cleared = p.clone();
    clear_to_planner(field, &mut cleared);
    cleared != *p
}

fn writes_linear(field: SyncField, p: &LinearPatch) -> bool {
    let mut cleared = p.clone();
    clear_to_linear(field, &mut cleared);
    cleared != *p
}

fn lower(set: &BTreeSet<String>) -> BTreeSet<String> {
    set.iter().map(|s| s.to_lowercase()).collect()
}

/// Labels of `now` with a patch applied (case-insensitive removals).
fn patched_labels(
    now: &BTreeSet<String>,
    add: &BTreeSet<String>,
    remove: &BTreeSet<String>,
) -> BTreeSet<String> {
    let gone = lower(remove);
    now.iter()
        .filter(|l| !gone.contains(&l.to_lowercase()))
        .chain(add.iter())
        .cloned()
        .collect()
}

/// Merge one pair under the mapping's field directions.
///
/// Before the merge, a change the direction ignores is hidden (its face takes the base value);
/// an enforced field is made to look changed on its source side and unchanged on the other, so
/// the merge copies the source value whenever the two differ. After the merge, writes to a side
/// a field may not write are dropped, and the shadow takes the values read for every ignored
/// side, so the ignored change is absorbed rather than seen again.
pub fn merge_directed(
    dirs: &FieldDirections,
    base: &Shadow,
    planner: &PlannerFace,
    linear: &LinearFace,
    cx: &MergeContext<'_>,
) -> MergeResult {
    if dirs.is_default() {
        return merge(base, planner, linear, cx);
    }
    let (mut b, mut p, mut l) = (base.clone(), planner.clone(), linear.clone());
    for field in FACE_FIELDS {
        let (read_p, read_l) = (
            dirs.reads(field, Side::Planner),
            dirs.reads(field, Side::Linear),
        );
        if !read_p {
            copy_planner(field, &base.planner, &mut p);
        }
        if !read_l {
            copy_linear(field, &base.linear, &mut l);
        }
        if dirs.enforced(field) {
            if read_p {
                // Planner is the source: Linear as read is the base, Planner looks changed.
                copy_linear(field, linear, &mut b.linear);
                copy_linear(field, linear, &mut l);
                perturb_planner(field, planner, &mut b.planner);
                if field == SyncField::Labels {
                    let keep = lower(&planner.labels);
                    let cats = lower(cx.plan_labels);
                    b.planner.labels = linear
                        .labels
                        .iter()
                        .filter(|n| {
                            keep.contains(&n.to_lowercase()) || cats.contains(&n.to_lowercase())
                        })
                        .cloned()
                        .collect();
                }
            } else {
                copy_planner(field, planner, &mut b.planner);
                copy_planner(field, planner, &mut p);
                perturb_linear(field, linear, &mut b.linear);
                if field == SyncField::Labels {
                    b.linear.labels = planner.labels.clone();
                }
            }
        }
    }
    let mut result = merge_gated(&b, &p, &l, cx, &dirs.rich_gates());
    for field in FACE_FIELDS {
        if !dirs.allows(field, Side::Planner) {
            clear_to_planner(field, &mut result.to_planner);
        }
        if !dirs.allows(field, Side::Linear) {
            clear_to_linear(field, &mut result.to_linear);
        }
        // The shadow holds what each side has once the patches are applied.
        if !writes_planner(field, &result.to_planner) {
            copy_planner(field, planner, &mut result.shadow.planner);
        } else if field == SyncField::Labels {
            let t = &result.to_planner;
            result.shadow.planner.labels =
                patched_labels(&planner.labels, &t.add_labels, &t.remove_labels);
        }
        if !writes_linear(field, &result.to_linear) {
            copy_linear(field, linear, &mut result.shadow.linear);
        } else if field == SyncField::Labels {
            let t = &result.to_linear;
            result.shadow.linear.labels =
                patched_labels(&linear.labels, &t.add_labels, &t.remove_labels);
        }
    }
    result
}

/// The Linear face of an issue the bridge creates for a Planner task, with every field whose
/// direction does not write Linear left empty (not sent: Linear then applies its defaults, e.g.
/// the team's default state). The title is the exception: `issueCreate` refuses an issue
/// without one, so it is always written (and a one-way title then ignores or reverts later
/// changes as usual). The caller stores this face in the shadow, so what was not written is
/// a divergence the shadow absorbed, not a change.
pub fn new_linear_face(dirs: &FieldDirections, mut face: LinearFace) -> LinearFace {
    for field in FACE_FIELDS {
        if field != SyncField::Title && !dirs.allows(field, Side::Linear) {
            copy_linear(field, &LinearFace::default(), &mut face);
        }
    }
    face
}

/// The Planner face of a task the bridge creates for a Linear issue, as [`new_linear_face`]:
/// fields that do not write Planner are left out (no bucket, 0 %, Planner's default priority
/// 5, no categories); the title is always written, Planner refuses a task without one.
pub fn new_planner_face(dirs: &FieldDirections, mut face: PlannerFace) -> PlannerFace {
    let empty = PlannerFace {
        priority: crate::model::priority::to_planner(0),
        ..PlannerFace::default()
    };
    for field in FACE_FIELDS {
        if field != SyncField::Title && !dirs.allows(field, Side::Planner) {
            copy_planner(field, &empty, &mut face);
        }
    }
    face
}

/// The base to merge against again after Planner refused the write of `result` (a 412) once
/// its Linear half was written. For each face field sent to Linear, both faces of the base take
/// the value now on both sides (Planner's as `planner` read it, Linear's as written): our own
/// write is then no Linear edit, and a Planner edit made meanwhile is a change of Planner alone
/// that goes to Linear, instead of a conflict the stale value could win. Every other field
/// keeps `base`, so what was meant for Planner is still sent there.
pub fn base_after_linear_write(
    base: &Shadow,
    planner: &PlannerFace,
    result: &MergeResult,
) -> Shadow {
    let mut next = base.clone();
    for field in FACE_FIELDS {
        if writes_linear(field, &result.to_linear) {
            copy_planner(field, planner, &mut next.planner);
            copy_linear(field, &result.shadow.linear, &mut next.linear);
        }
    }
    next
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn creates_leave_out_the_fields_that_do_not_flow_there() {
        let mut dirs = FieldDirections::default();
        dirs.set(SyncField::Description, Direction::ToLinear);
        dirs.set(SyncField::Labels, Direction::Off);
        dirs.set(SyncField::Title, Direction::Off);
        let labels: BTreeSet<String> = ["Bug".to_string()].into();
        let lf = LinearFace {
            title: "T".into(),
            description: "D".into(),
            state_id: "s".into(),
            labels: labels.clone(),
            priority: 2,
            ..LinearFace::default()
        };
        let made = new_linear_face(&dirs, lf.clone());
        assert_eq!((made.title.as_str(), made.description.as_str()), ("T", "D"));
        assert!(made.labels.is_empty());
        assert_eq!((made.state_id.as_str(), made.priority), ("s", 2));
        let pf = PlannerFace {
            title: "T".into(),
            description: "D".into(),
            bucket_id: "b".into(),
            percent: 50,
            labels,
            priority: 1,
            ..PlannerFace::default()
        };
        let made = new_planner_face(&dirs, pf);
        assert_eq!(made.title, "T", "a title is always written");
        assert_eq!(made.description, "");
        assert!(made.labels.is_empty());
        assert_eq!(
            (made.bucket_id.as_str(), made.percent, made.priority),
            ("b", 50, 1)
        );
        dirs.set(SyncField::State, Direction::ToLinear);
        dirs.set(SyncField::Priority, Direction::Off);
        let made = new_planner_face(&dirs, made);
        assert_eq!(
            (made.bucket_id.as_str(), made.percent, made.priority),
            ("", 0, 5)
        );
    }

    #[test]
    fn a_planner_edit_after_our_linear_write_is_no_conflict() {
        let mut base = Shadow::default();
        base.planner.title = "T0".into();
        base.linear.title = "T0".into();
        base.linear.due = Some("2027-02-01".into());
        let mut planner = base.planner.clone();
        planner.title = "A".into();
        let mut result = MergeResult {
            to_linear: LinearPatch::default(),
            to_planner: PlannerPatch::default(),
            conflicts: Vec::new(),
            shadow: base.clone(),
        };
        result.shadow.planner.title = "A".into();
        result.shadow.linear.title = "A".into();
        result.shadow.planner.due = Some("2027-02-01".into());
        result.to_linear.title = Some("A".into());
        result.to_planner.due = Some(Some("2027-02-01".into()));
        let next = base_after_linear_write(&base, &planner, &result);
        assert_eq!(
            (next.planner.title.as_str(), next.linear.title.as_str()),
            ("A", "A")
        );
        // The due date was not written to Planner: it is still a Linear change.
        assert_eq!(next.planner.due, None);
        assert_eq!(next.linear.due.as_deref(), Some("2027-02-01"));
    }
}
