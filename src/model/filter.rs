//! Which items a mapping syncs: Linear issues by label (include/exclude), state type and
//! creation date; Planner tasks by bucket and category. Pure: the engine gathers the facts of
//! an item ([`IssueFacts`], [`TaskFacts`]) and asks why it is out, if it is.
//!
//! An item out of the filter is not created on the other side; a linked item that leaves it
//! stops syncing (the link is kept), and syncs again from its shadow when it comes back.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

use super::state::StateType;

/// The filter of one mapping; the default lets everything through.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filter {
    /// The issue must carry one of these labels (any case); empty: no condition.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub labels_include: BTreeSet<String>,
    /// The issue must carry none of these labels.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub labels_exclude: BTreeSet<String>,
    /// The issue's state must be of one of these types; empty: any.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub state_types: Vec<StateType>,
    /// `YYYY-MM-DD`: only items created on or after this day (both sides).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_after: Option<String>,
    /// The task must be in one of these buckets (by name, any case); empty: any.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub buckets: BTreeSet<String>,
    /// The task must carry one of these categories (by name, any case); empty: any.
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub categories: BTreeSet<String>,
}

/// What the filter looks at on an issue.
#[derive(Debug, Clone, Copy)]
pub struct IssueFacts<'a> {
    pub labels: &'a BTreeSet<String>,
    /// `None`: a state this version does not know.
    pub state_type: Option<StateType>,
    /// RFC 3339, when known.
    pub created_at: Option<&'a str>,
}

/// What the filter looks at on a task.
#[derive(Debug, Clone, Copy)]
pub struct TaskFacts<'a> {
    pub bucket: Option<&'a str>,
    /// Names of the applied categories.
    pub categories: &'a BTreeSet<String>,
    pub created_at: Option<&'a str>,
}

fn any_of(have: &BTreeSet<String>, wanted: &BTreeSet<String>) -> bool {
    have.iter()
        .any(|h| wanted.iter().any(|w| w.eq_ignore_ascii_case(h)))
}

/// Whether an RFC 3339 time (or a date) falls before the day `after`.
fn before(created_at: Option<&str>, after: &Option<String>) -> bool {
    match (created_at, after) {
        (Some(at), Some(day)) => at.get(..10).is_some_and(|d| d < day.as_str()),
        _ => false,
    }
}

/// Check that `text` is a `YYYY-MM-DD` date.
pub fn parse_day(text: &str) -> Result<String, String> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    time::Date::parse(text.trim(), &format)
        .map(|_| text.trim().to_string())
        .map_err(|_| format!("`{text}` is not a date; write YYYY-MM-DD, e.g. 2026-11-01"))
}

impl Filter {
    pub fn is_default(&self) -> bool {
        *self == Filter::default()
    }

    /// Why this issue is outside the filter; `None`: it is in.
    pub fn issue_out(&self, issue: IssueFacts<'_>) -> Option<String> {
        if !self.labels_include.is_empty() && !any_of(issue.labels, &self.labels_include) {
            let names: Vec<&str> = self.labels_include.iter().map(String::as_str).collect();
            return Some(format!(
                "the issue has none of the labels {}",
                names.join(", ")
            ));
        }
        if any_of(issue.labels, &self.labels_exclude) {
            return Some("the issue has an excluded label".into());
        }
        if !self.state_types.is_empty()
            && !issue
                .state_type
                .is_some_and(|t| self.state_types.contains(&t))
        {
            return Some("the issue's state type is not synced".into());
        }
        if before(issue.created_at, &self.created_after) {
            return Some(format!(
                "the issue was created before {}",
                self.created_after.as_deref().unwrap_or_default()
            ));
        }
        None
    }

    /// Why this task is outside the filter; `None`: it is in.
    pub fn task_out(&self, task: TaskFacts<'_>) -> Option<String> {
        if !self.buckets.is_empty()
            && !task
                .bucket
                .is_some_and(|b| self.buckets.iter().any(|w| w.eq_ignore_ascii_case(b)))
        {
            return Some("the task is in a bucket that is not synced".into());
        }
        if !self.categories.is_empty() && !any_of(task.categories, &self.categories) {
            return Some("the task has none of the synced categories".into());
        }
        if before(task.created_at, &self.created_after) {
            return Some(format!(
                "the task was created before {}",
                self.created_after.as_deref().unwrap_or_default()
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(items: &[&str]) -> BTreeSet<String> {
        items.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn issues_in_and_out() {
        let f = Filter {
            labels_include: set(&["planner"]),
            labels_exclude: set(&["secret"]),
            state_types: vec![StateType::Started, StateType::Unstarted],
            created_after: Some("2026-11-01".into()),
            ..Filter::default()
        };
        let labels = set(&["Planner", "Bug"]);
        let (bug, secret) = (set(&["Bug"]), set(&["planner", "SECRET"]));
        let ok = IssueFacts {
            labels: &labels,
            state_type: Some(StateType::Started),
            created_at: Some("2026-11-02T10:00:00Z"),
        };
        assert_eq!(f.issue_out(ok), None);
        let table: Vec<(IssueFacts<'_>, &str)> = vec![
            (IssueFacts { labels: &bug, ..ok }, "none of the labels"),
            (
                IssueFacts {
                    labels: &secret,
                    ..ok
                },
                "excluded",
            ),
            (
                IssueFacts {
                    state_type: Some(StateType::Completed),
                    ..ok
                },
                "state type",
            ),
            (
                IssueFacts {
                    state_type: None,
                    ..ok
                },
                "state type",
            ),
            (
                IssueFacts {
                    created_at: Some("2026-10-31T23:59:59Z"),
                    ..ok
                },
                "created before 2026-11-01",
            ),
        ];
        for (facts, why) in table {
            let out = f.issue_out(facts).unwrap_or_default();
            assert!(out.contains(why), "{facts:?}: {out}");
        }
        assert_eq!(Filter::default().issue_out(ok), None);
    }

    #[test]
    fn tasks_in_and_out() {
        let f = Filter {
            buckets: set(&["Doing"]),
            categories: set(&["Ops"]),
            ..Filter::default()
        };
        let cats = set(&["ops"]);
        let ok = TaskFacts {
            bucket: Some("doing"),
            categories: &cats,
            created_at: None,
        };
        assert_eq!(f.task_out(ok), None);
        let none = set(&[]);
        assert!(
            f.task_out(TaskFacts {
                bucket: Some("Done"),
                ..ok
            })
            .is_some()
        );
        assert!(
            f.task_out(TaskFacts {
                categories: &none,
                ..ok
            })
            .is_some()
        );
    }

    #[test]
    fn days_are_checked() {
        assert_eq!(parse_day("2026-11-01").unwrap(), "2026-11-01");
        assert!(parse_day("11/01/2026").is_err());
    }
}
