//! Remote objects → faces (what the merge compares) and merge patches → remote writes.
//!
//! Everything here is pure given the mapping's metadata ([`MappingMeta`]) and resolved users;
//! the lookups that need the network or the user cache happen in `users.rs` beforehand.

use std::collections::{BTreeMap, BTreeSet};

use crate::config::Config;
use crate::engine::ports::{
    DetailsWrite, IssueWrite, PlanInfo, RemoteIssue, RemoteTask, TaskWrite, TeamInfo,
};
use crate::model::merge::{LinearPatch, PlannerPatch};
use crate::model::priority;
use crate::model::state::StateMap;
use crate::model::ticket::{LinearFace, PlannerFace, normalise_email};

/// Where the appended Linear comments start in a Planner description (issue comments flow
/// Linear → Planner only, so this part is never copied back).
pub const COMMENTS_SEPARATOR: &str = "\n\n——— Linear comments ———\n";

/// What a pass knows about one mapping's two sides.
#[derive(Debug, Clone)]
pub struct MappingMeta {
    pub plan: PlanInfo,
    pub team: TeamInfo,
    pub states: StateMap,
    /// Category names that can carry labels (named, not a priority colour).
    pub plan_labels: BTreeSet<String>,
    /// Priority colour category keys (never synced as labels).
    pub colour_keys: BTreeSet<String>,
    /// The team's people for mentions, read once a description needs them (`mentions.rs`).
    pub mentions: Option<crate::model::mention::Mentions>,
}

impl MappingMeta {
    pub fn new(plan: PlanInfo, team: TeamInfo, states: StateMap, config: &Config) -> MappingMeta {
        let colour_keys: BTreeSet<String> =
            priority::colour_categories(&config.priority.categories)
                .into_iter()
                .map(str::to_string)
                .collect();
        let plan_labels = plan
            .categories
            .iter()
            .filter(|(key, _)| !colour_keys.contains(*key))
            .map(|(_, name)| name.clone())
            .collect();
        MappingMeta {
            plan,
            team,
            states,
            plan_labels,
            colour_keys,
            mentions: None,
        }
    }

    fn category_key(&self, name: &str) -> Option<&str> {
        self.plan
            .categories
            .iter()
            .find(|(key, n)| n.eq_ignore_ascii_case(name) && !self.colour_keys.contains(*key))
            .map(|(key, _)| key.as_str())
    }

    fn label_id(&self, name: &str) -> Option<&str> {
        self.team
            .labels
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, id)| id.as_str())
    }
}

/// Split a Planner title into (cycle prefix, title). `template` is `sync.cycle_prefix`.
pub fn split_cycle_prefix<'t>(title: &'t str, template: &str) -> (&'t str, &'t str) {
    let Some((head, tail)) = template.split_once("{name}") else {
        return ("", title);
    };
    if head.is_empty() || !title.starts_with(head) {
        return ("", title);
    }
    match title[head.len()..].find(tail) {
        Some(end) if !tail.is_empty() => title.split_at(head.len() + end + tail.len()),
        _ => ("", title),
    }
}

/// The human part of a Planner description (above the Linear comments).
pub fn human_description(description: &str) -> &str {
    description
        .split_once(COMMENTS_SEPARATOR)
        .map_or(description, |(human, _)| human)
}

/// A task's face. `email_of` maps an AAD user id to an email (already resolved).
pub fn planner_face(
    task: &RemoteTask,
    meta: &MappingMeta,
    config: &Config,
    email_of: &BTreeMap<String, Option<String>>,
) -> PlannerFace {
    let (_, title) = split_cycle_prefix(&task.title, &config.sync.cycle_prefix);
    let mut assignments = task.assignments.clone();
    assignments.sort_by(|a, b| {
        a.assigned_at
            .cmp(&b.assigned_at)
            .then(a.user_id.cmp(&b.user_id))
    });
    let assignee = assignments
        .iter()
        .find_map(|a| email_of.get(&a.user_id).cloned().flatten())
        .map(|e| normalise_email(&e));
    let labels = task
        .categories
        .iter()
        .filter(|key| !meta.colour_keys.contains(*key))
        .filter_map(|key| meta.plan.categories.get(key).cloned())
        .collect();
    PlannerFace {
        title: title.to_string(),
        description: human_description(&task.details.description).to_string(),
        bucket_id: task.bucket_id.clone(),
        percent: task.percent,
        assignee,
        due: task.due.clone(),
        priority: task.priority,
        labels,
        ..PlannerFace::default()
    }
}

pub fn linear_face(issue: &RemoteIssue) -> LinearFace {
    LinearFace {
        title: issue.title.clone(),
        description: issue.description.clone(),
        state_id: issue.state_id.clone(),
        assignee: issue.assignee_email.as_deref().map(normalise_email),
        due: issue.due.clone(),
        priority: issue.priority,
        labels: issue.labels.clone(),
        ..LinearFace::default()
    }
}

/// A Planner patch as task and details writes. `user_id_of` maps emails to AAD ids (`None`:
/// not in AAD, the assignment is skipped). Returns what could not be written, for the audit.
pub fn task_writes(
    task: &RemoteTask,
    patch: &PlannerPatch,
    meta: &MappingMeta,
    config: &Config,
    user_id_of: &BTreeMap<String, Option<String>>,
) -> (TaskWrite, DetailsWrite, Vec<String>) {
    let mut write = TaskWrite::default();
    let mut skipped = Vec::new();
    if patch.title.is_some() || patch.cycle.is_some() {
        let template = &config.sync.cycle_prefix;
        let (prefix, current) = split_cycle_prefix(&task.title, template);
        let prefix = match &patch.cycle {
            Some(cycle) => crate::engine::rich::cycle_prefix(cycle.as_deref(), template),
            None => prefix.to_string(),
        };
        let title = patch.title.as_deref().unwrap_or(current);
        write.title = Some(format!("{prefix}{title}"));
    }
    write.bucket_id = patch.bucket_id.clone();
    write.percent = patch.percent;
    write.due = patch.due.clone();
    if let Some(p) = patch.priority {
        write.priority = Some(p);
        let wanted = priority::colour_category(priority::to_linear(p), &config.priority.categories);
        for key in &meta.colour_keys {
            let on = wanted == Some(key.as_str());
            if on != task.categories.contains(key) {
                write.categories.insert(key.clone(), on);
            }
        }
    }
    for name in &patch.add_labels {
        match meta.category_key(name) {
            Some(key) => {
                write.categories.insert(key.to_string(), true);
            }
            None => skipped.push(format!(
                "label {name:?}: the plan has no category of that name"
            )),
        }
    }
    for name in &patch.remove_labels {
        if let Some(key) = meta.category_key(name) {
            write.categories.insert(key.to_string(), false);
        }
    }
    if let Some(assignee) = &patch.assignee {
        // Someone without an Azure AD account cannot be assigned: the task is left
        // unassigned rather than showing the previous owner.
        let target = match assignee {
            Some(email) => match user_id_of.get(&normalise_email(email)).cloned().flatten() {
                Some(id) => Some(id),
                None => {
                    skipped.push(format!(
                        "assignee {email}: no Azure AD user with this email; the task is left unassigned"
                    ));
                    None
                }
            },
            None => None,
        };
        for a in &task.assignments {
            if Some(&a.user_id) != target.as_ref() {
                write.assignments.insert(a.user_id.clone(), false);
            }
        }
        if let Some(id) = target.filter(|id| !task.assignments.iter().any(|a| &a.user_id == id)) {
            write.assignments.insert(id, true);
        }
    }
    let mut details = DetailsWrite::default();
    if let Some(description) = &patch.description {
        let comments = task
            .details
            .description
            .split_once(COMMENTS_SEPARATOR)
            .map(|(_, c)| c);
        details.description = Some(match comments {
            Some(comments) => format!("{description}{COMMENTS_SEPARATOR}{comments}"),
            None => description.clone(),
        });
    }
    (write, details, skipped)
}

/// A Linear patch as an issue write. Labels missing in the team are returned by name so the
/// caller can create them first; `user_id_of` maps emails to Linear user ids.
pub fn issue_write(
    patch: &LinearPatch,
    meta: &MappingMeta,
    user_id_of: &BTreeMap<String, Option<String>>,
) -> (IssueWrite, Vec<String>, Vec<String>) {
    let mut skipped = Vec::new();
    let mut missing_labels = Vec::new();
    let mut write = IssueWrite {
        title: patch.title.clone(),
        description: patch.description.clone(),
        state_id: patch.state_id.clone(),
        due: patch.due.clone(),
        priority: patch.priority,
        ..IssueWrite::default()
    };
    if let Some(assignee) = &patch.assignee {
        match assignee {
            None => write.assignee_id = Some(None),
            Some(email) => match user_id_of.get(&normalise_email(email)).cloned().flatten() {
                Some(id) => write.assignee_id = Some(Some(id)),
                None => {
                    // Left unassigned rather than showing the previous owner.
                    write.assignee_id = Some(None);
                    skipped.push(format!(
                        "assignee {email}: no Linear user with this email; the issue is left unassigned"
                    ));
                }
            },
        }
    }
    for name in &patch.add_labels {
        match meta.label_id(name) {
            Some(id) => write.add_label_ids.push(id.to_string()),
            None => missing_labels.push(name.clone()),
        }
    }
    for name in &patch.remove_labels {
        if let Some(id) = meta.label_id(name) {
            write.remove_label_ids.push(id.to_string());
        }
    }
    (write, missing_labels, skipped)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycle_prefix_is_split_off() {
        let t = "[Cycle: {name}] ";
        assert_eq!(
            split_cycle_prefix("[Cycle: Sprint 23] Fix login", t),
            ("[Cycle: Sprint 23] ", "Fix login")
        );
        assert_eq!(split_cycle_prefix("Fix login", t), ("", "Fix login"));
        assert_eq!(
            split_cycle_prefix("[Cycle: unterminated", t),
            ("", "[Cycle: unterminated")
        );
        assert_eq!(split_cycle_prefix("[Cycle: X] y", ""), ("", "[Cycle: X] y"));
    }

    #[test]
    fn comments_are_not_part_of_the_human_description() {
        let d = format!("Body{COMMENTS_SEPARATOR}[2026-11-24 14:03 UTC] Ann <a@x.io>: hi");
        assert_eq!(human_description(&d), "Body");
        assert_eq!(human_description("Body only"), "Body only");
    }
}
