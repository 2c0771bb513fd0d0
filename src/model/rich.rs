//! The rich fields of a pair: checklist ↔ sub-issues, the cycle title prefix, the Linear
//! comments appended to the Planner description, and links (Planner references ↔ Linear link
//! attachments). Each field has exactly one function here that decides which way it flows, so
//! a per-field direction setting can gate it in one place. Pure: no I/O, no clock.
//!
//! Checklists and links are merged per entry against the shadow, like labels: an entry added
//! or removed on one side is added or removed on the other; a field of an entry changed on
//! both sides goes to the later edit. The cycle only flows Linear → Planner (Planner has no
//! cycles; an edited prefix is put back). Comments only flow Linear → Planner, each once.
//!
//! Each merge takes a [`Gate`]: the field's direction. A change made on a side whose changes
//! do not flow is ignored, and because the faces merged start as what each side holds, the
//! shadow absorbs it: it is not seen again, and switching the direction back replays nothing.
//! A side is therefore "changed" only against its own face of the shadow (an entry one side
//! holds and the other never had in the shadow is nobody's change).

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::merge::{LinearPatch, MergeContext, PlannerPatch};
use super::text::to_plain;
use super::ticket::{LinearFace, PlannerFace, Shadow};

/// A checklist item / sub-issue as both faces compare it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckItem {
    pub title: String,
    /// Planner `isChecked`; Linear: the sub-issue is completed or canceled.
    pub done: bool,
}

/// Sub-issue id → item. Both faces key their checklist by the Linear sub-issue id (the
/// Planner item key is translated through the item links kept in SQLite).
pub type Checklist = BTreeMap<String, CheckItem>;

/// URL → alias (Planner) or title (Linear).
pub type Links = BTreeMap<String, String>;

/// A Linear comment as it is appended to the Planner description.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinearComment {
    pub id: String,
    /// RFC 3339.
    pub created_at: String,
    pub author_name: String,
    pub author_email: String,
    /// Markdown.
    pub body: String,
}

/// What to do to one sub-issue.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SubIssueChange {
    pub title: Option<String>,
    /// `true`: to the team's completed state; `false`: back to its previous open state.
    pub done: Option<bool>,
    /// The item was removed in Planner: cancel the sub-issue (nothing is deleted) and stop
    /// mirroring it.
    pub detach: bool,
}

/// The checklist's writes: Planner upserts/removals and sub-issue changes, keyed by sub-issue.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ChecklistFlow {
    pub to_planner: BTreeMap<String, Option<CheckItem>>,
    pub to_linear: BTreeMap<String, SubIssueChange>,
}

/// Which way a rich field may flow: the mapping's direction for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Gate {
    /// Planner's changes are copied to Linear.
    pub to_linear: bool,
    /// Linear's changes are copied to Planner.
    pub to_planner: bool,
    /// A one-way field puts back what its read-only side edited or removed. What a human adds
    /// on the read-only side is left alone: the bridge never deletes what it did not create.
    pub enforce: bool,
}

impl Gate {
    pub const BOTH: Gate = Gate {
        to_linear: true,
        to_planner: true,
        enforce: false,
    };

    /// Planner is made to hold what Linear holds.
    fn enforces_planner(self) -> bool {
        self.enforce && self.to_planner && !self.to_linear
    }

    /// Linear is made to hold what Planner holds.
    fn enforces_linear(self) -> bool {
        self.enforce && self.to_linear && !self.to_planner
    }
}

/// The gates of the rich fields that flow per entry (the cycle always flows to Planner).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RichGates {
    pub checklist: Gate,
    pub links: Gate,
    /// Only `to_planner` matters: comments flow Linear → Planner or not at all.
    pub comments: Gate,
}

impl RichGates {
    pub const BOTH: RichGates = RichGates {
        checklist: Gate::BOTH,
        links: Gate::BOTH,
        comments: Gate::BOTH,
    };
}

/// One field of an entry: which side's value both should hold, or `None` to leave both.
fn pick<T: PartialEq + Clone>(
    base: (Option<&T>, Option<&T>),
    now: (&T, &T),
    planner_newer: bool,
    gate: Gate,
) -> Option<T> {
    let (np, nl) = now;
    if np == nl {
        return None;
    }
    if gate.enforces_planner() {
        return Some(nl.clone());
    }
    if gate.enforces_linear() {
        return Some(np.clone());
    }
    let (bp, bl) = base;
    let changed_p = gate.to_linear && bp.is_none_or(|b| b != np);
    let changed_l = gate.to_planner && bl.is_none_or(|b| b != nl);
    match (changed_p, changed_l) {
        (true, false) => Some(np.clone()),
        (false, true) => Some(nl.clone()),
        // Both new (no shadow entry): Linear is where sub-issues live; else the later edit.
        (true, true) if bp.is_none() && bl.is_none() => Some(nl.clone()),
        (true, true) => Some(if planner_newer {
            np.clone()
        } else {
            nl.clone()
        }),
        (false, false) => None,
    }
}

/// Checklist ↔ sub-issues, per item, within `gate`. `p`/`l` start as the current faces and
/// end as they are once the flow is applied. An item linked in Planner whose sub-issue is not
/// mirrored (beyond the limit) and was never synced is left alone.
pub fn merge_checklist(
    base: (&Checklist, &Checklist),
    now: (&Checklist, &Checklist),
    planner_newer: bool,
    gate: Gate,
    (p, l): (&mut Checklist, &mut Checklist),
) -> ChecklistFlow {
    let mut flow = ChecklistFlow::default();
    let ids: BTreeSet<&String> = base
        .0
        .keys()
        .chain(base.1.keys())
        .chain(now.0.keys())
        .chain(now.1.keys())
        .collect();
    for id in ids {
        let (bp, bl) = (base.0.get(id), base.1.get(id));
        match (now.0.get(id), now.1.get(id)) {
            (Some(np), Some(nl)) => {
                let title = pick(
                    (bp.map(|i| &i.title), bl.map(|i| &i.title)),
                    (&np.title, &nl.title),
                    planner_newer,
                    gate,
                );
                let done = pick(
                    (bp.map(|i| &i.done), bl.map(|i| &i.done)),
                    (&np.done, &nl.done),
                    planner_newer,
                    gate,
                );
                // Each side keeps its own value of what is not chosen (a divergence absorbed
                // while the field was one-way stays as it is).
                let (mut mp, mut ml) = (np.clone(), nl.clone());
                if let Some(t) = &title {
                    (mp.title, ml.title) = (t.clone(), t.clone());
                }
                if let Some(d) = done {
                    (mp.done, ml.done) = (d, d);
                }
                if mp != *np && gate.to_planner {
                    flow.to_planner.insert(id.clone(), Some(mp.clone()));
                    p.insert(id.clone(), mp);
                }
                let change = SubIssueChange {
                    title: title.filter(|t| *t != nl.title),
                    done: done.filter(|d| *d != nl.done),
                    detach: false,
                };
                if change != SubIssueChange::default() && gate.to_linear {
                    flow.to_linear.insert(id.clone(), change);
                    l.insert(id.clone(), ml);
                }
            }
            // Removed in Planner: cancel the sub-issue (unless Planner's changes do not flow).
            (None, Some(_)) if bp.is_some() && gate.to_linear => {
                let change = SubIssueChange {
                    detach: true,
                    ..SubIssueChange::default()
                };
                flow.to_linear.insert(id.clone(), change);
                l.remove(id);
            }
            // New in Linear (or put back where Planner must mirror Linear).
            (None, Some(nl))
                if gate.to_planner
                    && ((bp.is_none() && bl.is_none()) || gate.enforces_planner()) =>
            {
                flow.to_planner.insert(id.clone(), Some(nl.clone()));
                p.insert(id.clone(), nl.clone());
            }
            // Removed in Linear (the sub-issue was deleted or left the mirrored ones).
            (Some(_), None) if bl.is_some() && gate.to_planner => {
                flow.to_planner.insert(id.clone(), None);
                p.remove(id);
            }
            _ => {}
        }
    }
    flow
}

/// The cycle prefix: Linear's cycle always wins (Planner never changes a Linear cycle).
/// `Some(cycle)`: re-title the task with this cycle (`None`: no prefix).
pub fn merge_cycle(planner: &Option<String>, linear: &Option<String>) -> Option<Option<String>> {
    (planner != linear).then(|| linear.clone())
}

/// Comments not appended yet, oldest first, as the lines to append; `appended` gains their ids.
/// Comment edits are ignored (an id is appended once).
pub fn merge_comments(
    appended: &mut BTreeSet<String>,
    linear: &[LinearComment],
    mention: &dyn Fn(&str) -> Option<String>,
) -> Vec<String> {
    let mut fresh: Vec<&LinearComment> = linear
        .iter()
        .filter(|c| !appended.contains(&c.id))
        .collect();
    fresh.sort_by(|a, b| (&a.created_at, &a.id).cmp(&(&b.created_at, &b.id)));
    fresh
        .into_iter()
        .map(|c| {
            appended.insert(c.id.clone());
            comment_line(c, mention)
        })
        .collect()
}

/// `[2026-11-24 14:03 UTC] Name <email>: text` — markdown stripped, one line.
pub fn comment_line(c: &LinearComment, mention: &dyn Fn(&str) -> Option<String>) -> String {
    let when = match (c.created_at.get(..10), c.created_at.get(11..16)) {
        (Some(day), Some(time)) => format!("{day} {time} UTC"),
        _ => c.created_at.clone(),
    };
    let text = to_plain(&c.body, mention);
    let text: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let who = match (c.author_name.is_empty(), c.author_email.is_empty()) {
        (false, false) => format!("{} <{}>", c.author_name, c.author_email),
        (false, true) => c.author_name.clone(),
        (true, false) => format!("<{}>", c.author_email),
        (true, true) => "Someone".to_string(),
    };
    format!("[{when}] {who}: {}", text.join(" "))
}

/// The links' writes: URL → alias/title to add, URLs to remove, on each side.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct LinkFlow {
    pub planner_add: Links,
    pub planner_remove: BTreeSet<String>,
    pub linear_add: Links,
    pub linear_remove: BTreeSet<String>,
}

/// Links as sets keyed by URL, within `gate`: additions and removals on one side go to the
/// other; an entry added on one side and removed on the other stays (nothing is lost).
pub fn merge_links(
    base: (&Links, &Links),
    now: (&Links, &Links),
    gate: Gate,
    (p, l): (&mut Links, &mut Links),
) -> LinkFlow {
    let mut flow = LinkFlow::default();
    let (bp, bl) = base;
    let (np, nl) = now;
    if gate.to_linear {
        let to = (&mut flow.linear_add, &mut flow.linear_remove);
        flow_one_way((bp, np), (bl, nl), gate.enforces_linear(), l, to);
    }
    if gate.to_planner {
        let to = (&mut flow.planner_add, &mut flow.planner_remove);
        flow_one_way((bl, nl), (bp, np), gate.enforces_planner(), p, to);
    }
    flow
}

/// One direction of [`merge_links`]: what the `from` side added since its base goes to the
/// other side unless it is there already (every `from` entry when `enforce`), and what it
/// removed is removed there if that side still holds it unchanged since the base (never when
/// `enforce`: the read-only side keeps what the writing side has).
fn flow_one_way(
    (base_from, now_from): (&Links, &Links),
    (base_to, now_to): (&Links, &Links),
    enforce: bool,
    target: &mut Links,
    (add, remove): (&mut Links, &mut BTreeSet<String>),
) {
    let added = now_from
        .iter()
        .filter(|(u, _)| enforce || !base_from.contains_key(*u));
    for (url, text) in added {
        if !now_to.contains_key(url) {
            add.insert(url.clone(), text.clone());
            target.insert(url.clone(), text.clone());
        }
    }
    for url in base_from.keys().filter(|u| !now_from.contains_key(*u)) {
        if now_to.contains_key(url) && base_to.contains_key(url) && !enforce {
            remove.insert(url.clone());
            target.remove(url);
        }
    }
}

/// Every rich field of one pair, each decided by its own function above within its gate.
/// `p`/`l` are the faces being merged (they end as the shadow); the writes land in the two
/// patches.
pub fn merge_rich(
    base: &Shadow,
    (planner, linear): (&PlannerFace, &LinearFace),
    cx: &MergeContext<'_>,
    gates: &RichGates,
    (p, l): (&mut PlannerFace, &mut LinearFace),
    (to_planner, to_linear): (&mut PlannerPatch, &mut LinearPatch),
) {
    // Cycle: Linear → Planner only.
    if let Some(cycle) = merge_cycle(&planner.cycle, &linear.cycle) {
        p.cycle.clone_from(&cycle);
        to_planner.cycle = Some(cycle);
    }
    // Checklist ↔ sub-issues.
    let flow = merge_checklist(
        (&base.planner.checklist, &base.linear.checklist),
        (&planner.checklist, &linear.checklist),
        cx.planner_newer,
        gates.checklist,
        (&mut p.checklist, &mut l.checklist),
    );
    to_planner.checklist = flow.to_planner;
    to_linear.sub_issues = flow.to_linear;
    // Comments: Linear → Planner only, each once. Stopped, they are taken as appended, so
    // turning them on again appends only the comments made from then on.
    if gates.comments.to_planner {
        to_planner.append_comments = merge_comments(&mut p.comments, &linear.comments, cx.mention);
    } else {
        p.comments
            .extend(linear.comments.iter().map(|c| c.id.clone()));
    }
    // Links ↔ references.
    let flow = merge_links(
        (&base.planner.links, &base.linear.links),
        (&planner.links, &linear.links),
        gates.links,
        (&mut p.links, &mut l.links),
    );
    (to_planner.add_links, to_planner.remove_links) = (flow.planner_add, flow.planner_remove);
    (to_linear.add_links, to_linear.remove_links) = (flow.linear_add, flow.linear_remove);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(title: &str, done: bool) -> CheckItem {
        CheckItem {
            title: title.into(),
            done,
        }
    }

    fn list(items: &[(&str, &str, bool)]) -> Checklist {
        items
            .iter()
            .map(|(id, t, d)| (id.to_string(), item(t, *d)))
            .collect()
    }

    fn run(
        base: &Checklist,
        p: &Checklist,
        l: &Checklist,
        newer: bool,
    ) -> (ChecklistFlow, Checklist, Checklist) {
        let (mut pp, mut ll) = (p.clone(), l.clone());
        let flow = merge_checklist((base, base), (p, l), newer, Gate::BOTH, (&mut pp, &mut ll));
        (flow, pp, ll)
    }

    #[test]
    fn checklist_flows_per_item_both_ways() {
        let base = list(&[("a", "One", false), ("b", "Two", false)]);
        // Planner: toggle a, rename b. Linear: a new sub-issue c.
        let p = list(&[("a", "One", true), ("b", "Zwei", false)]);
        let l = list(&[
            ("a", "One", false),
            ("b", "Two", false),
            ("c", "Three", true),
        ]);
        let (flow, pp, ll) = run(&base, &p, &l, true);
        assert_eq!(
            flow.to_linear,
            BTreeMap::from([
                (
                    "a".to_string(),
                    SubIssueChange {
                        done: Some(true),
                        ..Default::default()
                    }
                ),
                (
                    "b".to_string(),
                    SubIssueChange {
                        title: Some("Zwei".into()),
                        ..Default::default()
                    }
                ),
            ])
        );
        assert_eq!(
            flow.to_planner,
            BTreeMap::from([("c".to_string(), Some(item("Three", true)))])
        );
        assert_eq!(pp, ll, "both faces agree afterwards");
        // Applying it again is a no-op: no echo.
        let (again, _, _) = run(&pp, &pp, &ll, true);
        assert_eq!(again, ChecklistFlow::default());
    }

    #[test]
    fn removals_flow_both_ways() {
        let base = list(&[("a", "One", false), ("b", "Two", false)]);
        let p = list(&[("b", "Two", false)]);
        let l = list(&[("a", "One", false)]);
        let (flow, pp, ll) = run(&base, &p, &l, true);
        assert_eq!(
            flow.to_linear.get("a").map(|c| c.detach),
            Some(true),
            "removed in Planner → detach"
        );
        assert_eq!(flow.to_planner.get("b"), Some(&None), "removed in Linear");
        assert!(pp.is_empty() && ll.is_empty());
    }

    #[test]
    fn both_sides_edit_the_same_item_the_later_wins() {
        let base = list(&[("a", "One", false)]);
        let p = list(&[("a", "From Planner", false)]);
        let l = list(&[("a", "From Linear", true)]);
        let (flow, pp, ll) = run(&base, &p, &l, false);
        assert_eq!(
            flow.to_planner.get("a"),
            Some(&Some(item("From Linear", true)))
        );
        assert!(flow.to_linear.is_empty());
        assert_eq!(pp, ll);
        let (flow, _, _) = run(&base, &p, &l, true);
        assert_eq!(flow.to_linear["a"].title.as_deref(), Some("From Planner"));
        assert_eq!(flow.to_planner["a"], Some(item("From Planner", true)));
    }

    #[test]
    fn an_unmirrored_planner_item_is_left_alone() {
        let (flow, pp, _) = run(
            &Checklist::new(),
            &list(&[("x", "X", false)]),
            &list(&[]),
            true,
        );
        assert_eq!(flow, ChecklistFlow::default());
        assert_eq!(pp.len(), 1);
    }

    #[test]
    fn cycle_only_flows_from_linear() {
        let s = |v: &str| Some(v.to_string());
        assert_eq!(merge_cycle(&s("Sprint 23"), &s("Sprint 23")), None);
        assert_eq!(
            merge_cycle(&s("Edited"), &s("Sprint 23")),
            Some(s("Sprint 23"))
        );
        assert_eq!(merge_cycle(&s("Sprint 23"), &None), Some(None));
        assert_eq!(merge_cycle(&None, &s("Cycle 4")), Some(s("Cycle 4")));
    }

    #[test]
    fn comments_are_appended_once_oldest_first() {
        let c = |id: &str, at: &str, body: &str| LinearComment {
            id: id.into(),
            created_at: at.into(),
            author_name: "Ann Lee".into(),
            author_email: "ann@acme.com".into(),
            body: body.into(),
        };
        let comments = vec![
            c("2", "2026-11-24T15:00:00.000Z", "Second"),
            c(
                "1",
                "2026-11-24T14:03:59.120Z",
                "I can **reproduce**\n\nnow, @bob",
            ),
        ];
        let mention = |m: &str| (m == "@bob").then(|| "bob@acme.com".to_string());
        let mut appended = BTreeSet::new();
        let lines = merge_comments(&mut appended, &comments, &mention);
        assert_eq!(
            lines,
            vec![
                "[2026-11-24 14:03 UTC] Ann Lee <ann@acme.com>: I can reproduce now, @bob@acme.com",
                "[2026-11-24 15:00 UTC] Ann Lee <ann@acme.com>: Second",
            ]
        );
        assert!(merge_comments(&mut appended, &comments, &mention).is_empty());
    }

    /// The four directions as gates: (to_linear, to_planner).
    const DIRECTIONS: [(bool, bool); 4] =
        [(true, true), (true, false), (false, true), (false, false)];

    #[test]
    fn checklist_gates_decide_what_flows_and_absorb_the_rest() {
        let base = list(&[("a", "One", false), ("b", "Two", false)]);
        // (change, Planner now, Linear now, a Planner change, a Linear change)
        let cases = [
            (
                "planner toggles a",
                list(&[("a", "One", true), ("b", "Two", false)]),
                base.clone(),
                true,
            ),
            (
                "planner renames b",
                list(&[("a", "One", false), ("b", "Zwei", false)]),
                base.clone(),
                true,
            ),
            (
                "planner removes b",
                list(&[("a", "One", false)]),
                base.clone(),
                true,
            ),
            (
                "linear toggles a",
                base.clone(),
                list(&[("a", "One", true), ("b", "Two", false)]),
                false,
            ),
            (
                "linear adds c",
                base.clone(),
                list(&[("a", "One", false), ("b", "Two", false), ("c", "C", false)]),
                false,
            ),
            (
                "linear removes b",
                base.clone(),
                list(&[("a", "One", false)]),
                false,
            ),
        ];
        for (to_linear, to_planner) in DIRECTIONS {
            let gate = Gate {
                to_linear,
                to_planner,
                enforce: false,
            };
            for (what, p, l, on_planner) in &cases {
                let (mut pp, mut ll) = (p.clone(), l.clone());
                let flow = merge_checklist((&base, &base), (p, l), true, gate, (&mut pp, &mut ll));
                let flows = if *on_planner { to_linear } else { to_planner };
                assert_eq!(
                    !flow.to_linear.is_empty(),
                    *on_planner && flows,
                    "{what} {gate:?}"
                );
                assert_eq!(
                    !flow.to_planner.is_empty(),
                    !*on_planner && flows,
                    "{what} {gate:?}"
                );
                assert_eq!(
                    pp == ll,
                    flows,
                    "{what} {gate:?}: converged only when it flowed"
                );
                // The shadow absorbed what did not flow: the next pass, in this direction or
                // back to both, writes nothing.
                for next in [gate, Gate::BOTH] {
                    let (mut p2, mut l2) = (pp.clone(), ll.clone());
                    let again =
                        merge_checklist((&pp, &ll), (&pp, &ll), true, next, (&mut p2, &mut l2));
                    assert_eq!(
                        again,
                        ChecklistFlow::default(),
                        "{what} {gate:?} then {next:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn an_enforced_checklist_puts_back_edits_of_the_read_only_side() {
        let base = list(&[("a", "One", false), ("b", "Two", false)]);
        let mirror = Gate {
            to_linear: false,
            to_planner: true,
            enforce: true,
        };
        let p = list(&[("a", "Uno", true)]);
        let (mut pp, mut ll) = (p.clone(), base.clone());
        let flow = merge_checklist(
            (&base, &base),
            (&p, &base),
            true,
            mirror,
            (&mut pp, &mut ll),
        );
        assert_eq!(flow.to_planner.get("a"), Some(&Some(item("One", false))));
        assert_eq!(
            flow.to_planner.get("b"),
            Some(&Some(item("Two", false))),
            "put back"
        );
        assert!(flow.to_linear.is_empty());
        assert_eq!(pp, ll);
        let source = Gate {
            to_linear: true,
            to_planner: false,
            enforce: true,
        };
        let l = list(&[("a", "One", true), ("b", "Zwei", false)]);
        let (mut pp, mut ll) = (base.clone(), l.clone());
        let flow = merge_checklist(
            (&base, &base),
            (&base, &l),
            false,
            source,
            (&mut pp, &mut ll),
        );
        assert_eq!(flow.to_linear["a"].done, Some(false));
        assert_eq!(flow.to_linear["b"].title.as_deref(), Some("Two"));
        assert!(flow.to_planner.is_empty());
    }

    #[test]
    fn link_gates_decide_what_flows_and_absorb_the_rest() {
        let links = |items: &[&str]| -> Links {
            items
                .iter()
                .map(|u| (u.to_string(), String::new()))
                .collect()
        };
        let base = links(&["https://a", "https://b"]);
        let cases = [
            (
                "planner adds",
                links(&["https://a", "https://b", "https://p"]),
                base.clone(),
                true,
            ),
            ("planner removes", links(&["https://a"]), base.clone(), true),
            (
                "linear adds",
                base.clone(),
                links(&["https://a", "https://b", "https://l"]),
                false,
            ),
            ("linear removes", base.clone(), links(&["https://b"]), false),
        ];
        for (to_linear, to_planner) in DIRECTIONS {
            let gate = Gate {
                to_linear,
                to_planner,
                enforce: false,
            };
            for (what, p, l, on_planner) in &cases {
                let (mut pp, mut ll) = (p.clone(), l.clone());
                let flow = merge_links((&base, &base), (p, l), gate, (&mut pp, &mut ll));
                let flows = if *on_planner { to_linear } else { to_planner };
                let wrote_l = !flow.linear_add.is_empty() || !flow.linear_remove.is_empty();
                let wrote_p = !flow.planner_add.is_empty() || !flow.planner_remove.is_empty();
                assert_eq!(
                    (wrote_l, wrote_p),
                    (*on_planner && flows, !*on_planner && flows),
                    "{what} {gate:?}"
                );
                for next in [gate, Gate::BOTH] {
                    let (mut p2, mut l2) = (pp.clone(), ll.clone());
                    let again = merge_links((&pp, &ll), (&pp, &ll), next, (&mut p2, &mut l2));
                    assert_eq!(again, LinkFlow::default(), "{what} {gate:?} then {next:?}");
                }
            }
        }
        // Enforced towards Planner: a link removed there is put back; one added there stays.
        let mirror = Gate {
            to_linear: false,
            to_planner: true,
            enforce: true,
        };
        let p = links(&["https://a", "https://p"]);
        let (mut pp, mut ll) = (p.clone(), base.clone());
        let flow = merge_links((&base, &base), (&p, &base), mirror, (&mut pp, &mut ll));
        assert_eq!(flow.planner_add, links(&["https://b"]));
        assert!(flow.planner_remove.is_empty() && flow.linear_add.is_empty());
    }

    #[test]
    fn links_are_sets_keyed_by_url() {
        let links = |items: &[&str]| -> Links {
            items
                .iter()
                .map(|u| (u.to_string(), format!("t {u}")))
                .collect()
        };
        let base = links(&["https://a", "https://b"]);
        let p = links(&["https://a", "https://c"]); // removed b, added c
        let l = links(&["https://a", "https://b", "https://d"]); // added d
        let (mut pp, mut ll) = (p.clone(), l.clone());
        let flow = merge_links((&base, &base), (&p, &l), Gate::BOTH, (&mut pp, &mut ll));
        assert_eq!(flow.linear_add, links(&["https://c"]));
        assert_eq!(
            flow.linear_remove,
            BTreeSet::from(["https://b".to_string()])
        );
        assert_eq!(flow.planner_add, links(&["https://d"]));
        assert!(flow.planner_remove.is_empty());
        assert_eq!(pp, ll);
        let (mut p2, mut l2) = (pp.clone(), ll.clone());
        let again = merge_links((&pp, &ll), (&pp, &ll), Gate::BOTH, (&mut p2, &mut l2));
        assert_eq!(again, LinkFlow::default());
    }
}
