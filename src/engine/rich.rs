//! The rich fields' half of the faces and of the Planner writes: checklist items keyed by
//! sub-issue (through the item links kept in SQLite), the cycle named by the title prefix,
//! the appended comments, and user links (our back-references and mirrored files left out).
//!
//! Pure given [`RichState`]; the engine loads it before a merge and records its pairing
//! changes ([`ItemOp`]) in the same transaction as the shadow.

use std::collections::{BTreeMap, BTreeSet};

use crate::engine::faces::{COMMENTS_SEPARATOR, human_description, split_cycle_prefix};
use crate::engine::ports::{DetailsWrite, IssueRich, PlannerCheckItem, RemoteIssue, RemoteTask};
use crate::model::merge::{LinearPatch, MergeResult, PlannerPatch};
use crate::model::rich::CheckItem;
use crate::model::ticket::{LinearFace, PlannerFace};
use crate::store::checklist::ItemLink;

/// A pairing change to record once the writes succeeded.
#[derive(Debug, Clone, PartialEq)]
pub enum ItemOp {
    Put { key: String, sub: String },
    Reopen { sub: String, state: Option<String> },
    Detach { sub: String },
    Remove { sub: String },
}

/// What the rich faces of one pair need besides the task and the issue.
#[derive(Debug, Clone, Default)]
pub struct RichState {
    pub items: Vec<ItemLink>,
    /// Pairing changes made by this reconcile, recorded with the shadow.
    pub ops: Vec<ItemOp>,
    pub max_items: usize,
    pub max_references: usize,
    pub cycle_template: String,
    /// The URL of the linked task (Linear's back-reference attachment).
    pub task_url: String,
    /// `webUrl`s of the files mirrored to the task (references, but not user links).
    pub mirrored: BTreeSet<String>,
}

impl RichState {
    /// Item key → sub-issue id: the recorded pairings, else a key that is a sub-issue's id
    /// (how we key the items we add, so a pairing lost in a crash is found again).
    pub fn key_to_sub(&self, task: &RemoteTask, rich: &IssueRich) -> BTreeMap<String, String> {
        let children: BTreeSet<&str> = rich.children.iter().map(|c| c.id.0.as_str()).collect();
        task.details
            .checklist
            .keys()
            .filter_map(|key| {
                let paired = self
                    .items
                    .iter()
                    .find(|i| &i.item_key == key && !i.detached)
                    .map(|i| i.sub_issue_id.clone());
                paired
                    .or_else(|| children.contains(key.as_str()).then(|| key.clone()))
                    .map(|sub| (key.clone(), sub))
            })
            .collect()
    }

    /// Items of the task paired with no sub-issue (added in Planner), in Planner's order.
    pub fn unpaired_items<'t>(
        &self,
        task: &'t RemoteTask,
        rich: &IssueRich,
    ) -> Vec<(&'t String, &'t PlannerCheckItem)> {
        let paired = self.key_to_sub(task, rich);
        let mut out: Vec<_> = task
            .details
            .checklist
            .iter()
            .filter(|(key, _)| !paired.contains_key(*key))
            .collect();
        out.sort_by(|a, b| (&a.1.order_hint, a.0).cmp(&(&b.1.order_hint, b.0)));
        out
    }

    fn detached(&self) -> BTreeSet<&str> {
        self.items
            .iter()
            .filter(|i| i.detached)
            .map(|i| i.sub_issue_id.as_str())
            .collect()
    }
}

/// The name in a title's cycle prefix (`None`: no prefix).
pub fn cycle_of_title(title: &str, template: &str) -> Option<String> {
    let (prefix, _) = split_cycle_prefix(title, template);
    let (head, tail) = template.split_once("{name}")?;
    let name = prefix.strip_prefix(head)?.strip_suffix(tail)?;
    (!prefix.is_empty()).then(|| name.to_string())
}

/// The title prefix of a cycle (empty without one).
pub fn cycle_prefix(cycle: Option<&str>, template: &str) -> String {
    cycle.map_or(String::new(), |name| template.replace("{name}", name))
}

/// Where Linear serves uploaded files (`https://uploads.linear.app/…`, or `/uploads/` under
/// the base the issue URL is on): those are files, not links.
pub fn is_linear_upload(url: &str, issue_url: &str) -> bool {
    if url.contains("://uploads.linear.app/") {
        return true;
    }
    let base = issue_url
        .split_once("/issue/")
        .and_then(|(org, _)| org.rsplit_once('/'))
        .map(|(base, _)| base);
    base.is_some_and(|b| url.starts_with(&format!("{b}/uploads/")))
}

/// Whether a Planner reference is the back-reference to this issue. Issue URLs end in a
/// slug of the title that changes with it, so any URL naming the issue's key counts.
fn is_back_reference(url: &str, issue: &RemoteIssue) -> bool {
    *url == issue.url
        || crate::engine::create::issue_key_from_url(url)
            .is_some_and(|key| key.eq_ignore_ascii_case(&issue.identifier) || key == issue.id.0)
}

/// The checklist items of the task that will not become sub-issues: the ones held before
/// (`held`, from the shadow) and, when the checklist does not flow to Linear, every item
/// paired with no sub-issue.
pub fn held_items(
    task: &RemoteTask,
    rich: &IssueRich,
    state: &RichState,
    held: &BTreeSet<String>,
    to_linear: bool,
) -> BTreeSet<String> {
    state
        .unpaired_items(task, rich)
        .into_iter()
        .map(|(key, _)| key)
        .filter(|key| !to_linear || held.contains(*key))
        .cloned()
        .collect()
}

/// Fill the rich fields of a Planner face. `base`: the shadow's Planner face (the comment
/// ids already appended, which Planner cannot change, and the held items); `to_linear`:
/// whether the checklist flows to Linear.
pub fn planner_rich(
    pf: &mut PlannerFace,
    (task, issue): (&RemoteTask, &RemoteIssue),
    rich: &IssueRich,
    state: &RichState,
    base: &PlannerFace,
    to_linear: bool,
) {
    pf.held_items = held_items(task, rich, state, &base.held_items, to_linear);
    pf.cycle = cycle_of_title(&task.title, &state.cycle_template);
    let keys = state.key_to_sub(task, rich);
    pf.checklist = task
        .details
        .checklist
        .iter()
        .filter_map(|(key, item)| {
            let sub = keys.get(key)?;
            let entry = CheckItem {
                title: item.title.clone(),
                done: item.checked,
            };
            Some((sub.clone(), entry))
        })
        .collect();
    pf.comments = base.comments.clone();
    pf.links = task
        .details
        .references
        .iter()
        .filter(|(url, _)| !is_back_reference(url, issue) && !state.mirrored.contains(*url))
        .map(|(url, alias)| (url.clone(), alias.clone()))
        .collect();
}

/// Fill the rich fields of a Linear face: the first `max_items` sub-issues by sort order that
/// were not removed in Planner (the rest as overflow), comments, and user links.
pub fn linear_rich(lf: &mut LinearFace, issue: &RemoteIssue, rich: &IssueRich, state: &RichState) {
    lf.cycle = rich.cycle.clone();
    let detached = state.detached();
    let mirrored = rich
        .children
        .iter()
        .filter(|c| !detached.contains(c.id.0.as_str()));
    lf.checklist.clear();
    lf.checklist_overflow.clear();
    for (n, child) in mirrored.enumerate() {
        if n < state.max_items {
            let item = CheckItem {
                title: child.title.clone(),
                done: child.done,
            };
            lf.checklist.insert(child.id.0.clone(), item);
        } else {
            lf.checklist_overflow
                .insert(child.id.0.clone(), child.title.clone());
        }
    }
    lf.comments = rich
        .comments
        .iter()
        .filter(|c| !crate::engine::item_errors::is_bridge_comment(&c.body))
        .cloned()
        .collect();
    lf.links = rich
        .attachments
        .iter()
        .filter(|a| a.url != state.task_url && !is_linear_upload(&a.url, &issue.url))
        .map(|a| (a.url.clone(), a.title.clone()))
        .collect();
}

/// Keep the references a merge adds within `max_references` (counting what the task holds
/// and what the patch removes); the ones left out stay out of the shadow, so they are not
/// taken for removals later. Returns a warning per reference left out.
pub fn limit_references(result: &mut MergeResult, task: &RemoteTask, max: usize) -> Vec<String> {
    let patch = &mut result.to_planner;
    let held =
        task.details.references.len() - patch.remove_links.len().min(task.details.references.len());
    let room = max.saturating_sub(held);
    let over: Vec<String> = patch.add_links.keys().skip(room).cloned().collect();
    for url in &over {
        patch.add_links.remove(url);
        result.shadow.planner.links.remove(url);
    }
    over.iter()
        .map(|url| {
            format!(
                "reference {url} not added: the task holds {max} references (graph.max_references)"
            )
        })
        .collect()
}

/// The rich part of a Planner details write: checklist items (keyed by their pairing, new
/// ones by their sub-issue's id), references, and comments appended below the separator.
/// Pairing changes go to `state.ops`.
pub fn rich_details(
    task: &RemoteTask,
    patch: &PlannerPatch,
    rich: &IssueRich,
    state: &mut RichState,
    details: &mut DetailsWrite,
) {
    let sub_to_key: BTreeMap<String, String> = state
        .key_to_sub(task, rich)
        .into_iter()
        .map(|(k, s)| (s, k))
        .collect();
    for (sub, item) in &patch.checklist {
        let key = sub_to_key.get(sub).cloned().unwrap_or_else(|| sub.clone());
        match item {
            Some(_) if !sub_to_key.contains_key(sub) => state.ops.push(ItemOp::Put {
                key: key.clone(),
                sub: sub.clone(),
            }),
            None => state.ops.push(ItemOp::Remove { sub: sub.clone() }),
            Some(_) => {}
        }
        details.checklist.insert(key, item.clone());
    }
    details
        .add_references
        .extend(patch.add_links.iter().map(|(u, a)| (u.clone(), a.clone())));
    details
        .remove_references
        .extend(patch.remove_links.iter().cloned());
    if !patch.append_comments.is_empty() {
        let whole = &task.details.description;
        let human = patch
            .description
            .clone()
            .unwrap_or_else(|| human_description(whole).to_string());
        let earlier = whole
            .split_once(COMMENTS_SEPARATOR)
            .map(|(_, c)| c.trim_end())
            .filter(|c| !c.is_empty());
        let mut lines: Vec<&str> = earlier.into_iter().flat_map(str::lines).collect();
        // A line already below the separator was appended by a run killed before it could
        // record it: the task's description is what counts, so it is not appended twice.
        let fresh: Vec<&str> = patch
            .append_comments
            .iter()
            .map(String::as_str)
            .filter(|line| !lines.contains(line))
            .collect();
        lines.extend(fresh);
        details.description = Some(format!("{human}{COMMENTS_SEPARATOR}{}", lines.join("\n")));
    }
}

/// An audit row: (field, old, new).
pub type Change = (String, Option<String>, Option<String>);

/// `+added -removed` for a set of names, or nothing.
fn signed<'a>(
    field: &str,
    added: impl Iterator<Item = &'a String>,
    removed: impl Iterator<Item = &'a String>,
) -> Option<Change> {
    let parts: Vec<String> = added
        .map(|a| format!("+{a}"))
        .chain(removed.map(|r| format!("-{r}")))
        .collect();
    (!parts.is_empty()).then(|| (field.to_string(), None, Some(parts.join(" "))))
}

/// The audit rows of a Linear patch's rich fields.
pub fn linear_rich_changes(p: &LinearPatch) -> Vec<Change> {
    let mut out = Vec::new();
    for (sub, change) in &p.sub_issues {
        let what = match (change.detach, change.done, &change.title) {
            (true, _, _) => "removed in Planner: canceled".to_string(),
            (_, Some(true), _) => "completed".to_string(),
            (_, Some(false), _) => "reopened".to_string(),
            (_, None, Some(title)) => format!("renamed to {title:?}"),
            _ => continue,
        };
        out.push(("checklist".into(), Some(sub.clone()), Some(what)));
    }
    out.extend(signed("links", p.add_links.keys(), p.remove_links.iter()));
    out
}

/// The audit rows of a Planner patch's rich fields.
pub fn planner_rich_changes(p: &PlannerPatch) -> Vec<Change> {
    let mut out = Vec::new();
    if let Some(cycle) = &p.cycle {
        out.push(("cycle".into(), None, cycle.clone()));
    }
    let (mut set, mut gone) = (Vec::new(), Vec::new());
    for (sub, item) in &p.checklist {
        match item {
            Some(item) => set.push(format!(
                "{:?}{}",
                item.title,
                if item.done { " ✓" } else { "" }
            )),
            None => gone.push(sub.clone()),
        }
    }
    out.extend(signed("checklist", set.iter(), gone.iter()));
    if !p.append_comments.is_empty() {
        out.push((
            "comments".into(),
            None,
            Some(format!("{} appended", p.append_comments.len())),
        ));
    }
    out.extend(signed("links", p.add_links.keys(), p.remove_links.iter()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_names_come_from_the_prefix() {
        let t = "[Cycle: {name}] ";
        assert_eq!(
            cycle_of_title("[Cycle: Sprint 23] Fix", t).as_deref(),
            Some("Sprint 23")
        );
        assert_eq!(cycle_of_title("Fix", t), None);
        assert_eq!(cycle_prefix(Some("Cycle 4"), t), "[Cycle: Cycle 4] ");
        assert_eq!(cycle_prefix(None, t), "");
    }

    #[test]
    fn uploads_are_recognised() {
        let issue = "http://127.0.0.1:9/linear/acme/issue/ENG-1/fix";
        assert!(is_linear_upload(
            "http://127.0.0.1:9/linear/uploads/x/a.txt",
            issue
        ));
        assert!(is_linear_upload(
            "https://uploads.linear.app/o/f/a.png",
            issue
        ));
        assert!(!is_linear_upload(
            "https://github.com/acme/web/pull/42",
            issue
        ));
    }
}
