//! The two faces of a synced item, each in its own side's vocabulary, normalised for
//! comparison; and the shadow: both faces as they were when the pair was last in sync.
//!
//! Comparing each side with its own last-seen face (not with a converted value) is what makes
//! lossy mappings stable: Linear "no priority" is written to Planner as 5, which reads back as
//! Medium; comparing Planner's 5 with the shadow's 5 sees no change, so nothing flips.

use std::collections::BTreeSet;

use serde::{Deserialize, Serialize};

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
        }
    }
}

/// Lower-cased emails, so assignees compare case-insensitively.
pub fn normalise_email(email: &str) -> String {
    email.trim().to_lowercase()
}
