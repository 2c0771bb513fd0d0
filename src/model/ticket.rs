//! The two faces of a synced item, each in its own side's vocabulary, normalised for
//! comparison; and the shadow: both faces as they were when the pair was last in sync.
//!
//! Comparing each side with its own last-seen face (not with a converted value) is what makes
//! lossy mappings stable: Linear "no priority" is written to Planner as 5, which reads back as
//! Medium; comparing Planner's 5 with the shadow's 5 sees no change, so nothing flips.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::rich::{Checklist, LinearComment, Links};

/// A Planner task as the engine compares it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlannerFace {
    /// Without the cycle prefix.
    pub title: String,
    /// The human part of the description (above the comments separator).
    pub description: String,
    pub bucket_id: String,
    pub percent: u8,
    /// Email (lower case) of the earliest-assigned user we can map; `None`: unassigned.
    pub assignee: Option<String>,
    /// `YYYY-MM-DD` (UTC).
    pub due: Option<String>,
    /// 0–10.
    pub priority: u8,
    /// Names of the applied categories, colour categories excluded.
    pub labels: BTreeSet<String>,
    /// The cycle named by the title prefix (`None`: no prefix).
    #[serde(default)]
    pub cycle: Option<String>,
    /// Checklist items linked to sub-issues, keyed by sub-issue id.
    #[serde(default)]
    pub checklist: Checklist,
    /// Ids of the Linear comments already appended below the separator (Planner cannot
    /// change them: carried over from the shadow).
    #[serde(default)]
    pub comments: BTreeSet<String>,
    /// User references (URL → alias): the back-reference and mirrored files left out.
    #[serde(default)]
    pub links: Links,
    /// Keys of checklist items added in Planner while the checklist did not flow to Linear:
    /// that change was ignored, so they never become sub-issues (not even when the direction
    /// is switched back).
    #[serde(default, skip_serializing_if = "BTreeSet::is_empty")]
    pub held_items: BTreeSet<String>,
}

/// A Linear issue as the engine compares it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinearFace {
    pub title: String,
    /// Markdown.
    pub description: String,
    pub state_id: String,
    /// Email (lower case); `None`: unassigned.
    pub assignee: Option<String>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    /// 0 none, 1 urgent … 4 low.
    pub priority: u8,
    /// Label names.
    pub labels: BTreeSet<String>,
    /// The cycle's name, or `Cycle N` when it has none.
    #[serde(default)]
    pub cycle: Option<String>,
    /// The first `max_checklist_items` sub-issues by sort order, keyed by id.
    #[serde(default)]
    pub checklist: Checklist,
    /// Sub-issues beyond `max_checklist_items` (id → title): audited, not mirrored.
    #[serde(default)]
    pub checklist_overflow: BTreeMap<String, String>,
    /// The comments.
    #[serde(default)]
    pub comments: Vec<LinearComment>,
    /// Link attachments (URL → title): the back-reference and uploaded files left out.
    #[serde(default)]
    pub links: Links,
}

impl Shadow {
    /// The shadow with no rich field mirrored yet: the base of a pair just linked, so its
    /// checklist, comments, links and cycle are mirrored by the first merge.
    pub fn without_rich(mut self) -> Shadow {
        let (p, l) = (&mut self.planner, &mut self.linear);
        (p.cycle, p.checklist, p.comments, p.links, p.held_items) = Default::default();
        (
            l.cycle,
            l.checklist,
            l.checklist_overflow,
            l.comments,
            l.links,
        ) = Default::default();
        self
    }
}

/// Both faces at the last successful sync of a pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Shadow {
    pub planner: PlannerFace,
    pub linear: LinearFace,
}

/// A field of the unified model, as named in the audit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    Title,
    Description,
    State,
    Assignee,
    Due,
    Priority,
    Labels,
    Cycle,
    Checklist,
    Comments,
    Links,
}

impl Field {
    pub fn as_str(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Description => "description",
            Field::State => "state",
            Field::Assignee => "assignee",
            Field::Due => "due",
            Field::Priority => "priority",
            Field::Labels => "labels",
            Field::Cycle => "cycle",
            Field::Checklist => "checklist",
            Field::Comments => "comments",
            Field::Links => "links",
        }
    }
}

/// Lower-cased emails, so assignees compare case-insensitively.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}
