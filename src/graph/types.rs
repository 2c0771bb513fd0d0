//! Typed Planner, user and drive objects as Graph sends them (v1.0 shapes, camelCase).
//!
//! Only the fields the bridge reads are modelled; unknown fields are ignored so an API
//! addition never breaks a pass. Optional fields default instead of failing: a missing field
//! that the engine needs shows up as `None`, never as a panic.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::model::ids::TaskId;

/// Number of label slots on a plan (`category1`..`category25`; the v1.0 docs still say 6).
pub const CATEGORY_COUNT: u8 = 25;

/// An `@odata.etag` value, opaque; etags of one resource compare as ordinal strings.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Etag(pub String);

impl fmt::Display for Etag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// `{"user":{"id"}}` or `{"application":{"id"}}`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct IdentitySet {
    #[serde(default)]
    pub user: Option<Identity>,
    #[serde(default)]
    pub application: Option<Identity>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Identity {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannerPlan {
    pub id: String,
    #[serde(rename = "@odata.etag", default)]
    pub etag: Option<Etag>,
    #[serde(default)]
    pub title: String,
    /// The group id (older field, still sent).
    #[serde(default)]
    pub owner: Option<String>,
    #[serde(default)]
    pub created_by: Option<IdentitySet>,
}

/// Plan details: the label names.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanDetails {
    pub id: String,
    #[serde(rename = "@odata.etag", default)]
    pub etag: Option<Etag>,
    /// `categoryN` → name (null for an unnamed label); other keys are ignored by the accessors.
    #[serde(default)]
    pub category_descriptions: BTreeMap<String, Option<String>>,
}

impl PlanDetails {
    /// The name of label `n` (1..=25), if it has one.
    pub fn category_name(&self, n: u8) -> Option<&str> {
        self.category_descriptions
            .get(&format!("category{n}"))
            .and_then(|v| v.as_deref())
    }

    /// `(n, name)` for every named label, 1..=25 in order.
    pub fn named_categories(&self) -> Vec<(u8, String)> {
        (1..=CATEGORY_COUNT)
            .filter_map(|n| self.category_name(n).map(|s| (n, s.to_owned())))
            .collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannerBucket {
    pub id: String,
    #[serde(rename = "@odata.etag", default)]
    pub etag: Option<Etag>,
    pub name: String,
    #[serde(default)]
    pub plan_id: String,
    #[serde(default)]
    pub order_hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    #[serde(default)]
    pub order_hint: Option<String>,
    #[serde(default)]
    pub assigned_date_time: Option<String>,
    #[serde(default)]
    pub assigned_by: Option<IdentitySet>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PlannerTask {
    pub id: TaskId,
    #[serde(rename = "@odata.etag")]
    pub etag: Etag,
    #[serde(default)]
    pub plan_id: String,
    #[serde(default)]
    pub bucket_id: Option<String>,
    #[serde(default)]
    pub title: String,
    /// 0, 50 (in progress), 100 (done); other values are possible.
    #[serde(default)]
    pub percent_complete: i64,
    /// 0–10: 0–1 urgent, 2–4 important, 5–7 medium, 8–10 low.
    #[serde(default)]
    pub priority: Option<i64>,
    /// ISO 8601 UTC.
    #[serde(default)]
    pub due_date_time: Option<String>,
    #[serde(default)]
    pub start_date_time: Option<String>,
    #[serde(default)]
    pub completed_date_time: Option<String>,
    #[serde(default)]
    pub created_date_time: Option<String>,
    /// User id → assignment.
    #[serde(default)]
    pub assignments: BTreeMap<String, Assignment>,
    /// `categoryN` → applied.
    #[serde(default)]
    pub applied_categories: BTreeMap<String, bool>,
    #[serde(default)]
    pub created_by: Option<IdentitySet>,
    #[serde(default)]
    pub order_hint: Option<String>,
    #[serde(default)]
    pub has_description: Option<bool>,
}

impl PlannerTask {
    /// The application that created the task (`createdBy.application.id`), if an app did.
    pub fn created_by_app(&self) -> Option<&str> {
        self.created_by
            .as_ref()
            .and_then(|c| c.application.as_ref())
            .and_then(|a| a.id.as_deref())
    }

    /// Labels applied (value `true`), as numbers 1..=25, sorted.
    pub fn categories(&self) -> Vec<u8> {
        let mut out: Vec<u8> = self
            .applied_categories
            .iter()
            .filter(|(_, on)| **on)
            .filter_map(|(k, _)| k.strip_prefix("category")?.parse().ok())
            .collect();
        out.sort_unstable();
        out
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChecklistItem {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub is_checked: bool,
    #[serde(default)]
    pub order_hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExternalReference {
    #[serde(default)]
    pub alias: Option<String>,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub preview_priority: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TaskDetails {
    /// The task id (details share it).
    pub id: TaskId,
    #[serde(rename = "@odata.etag")]
    pub etag: Etag,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub preview_type: Option<String>,
    /// Client-chosen key (usually a GUID) → item.
    #[serde(default)]
    pub checklist: BTreeMap<String, ChecklistItem>,
    /// Encoded URL key (see [`super::patch::decode_reference_key`]) → reference.
    #[serde(default)]
    pub references: BTreeMap<String, ExternalReference>,
}

/// An AAD user as the bridge maps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphUser {
    pub id: String,
    #[serde(default)]
    pub mail: Option<String>,
    #[serde(default)]
    pub user_principal_name: Option<String>,
    #[serde(default)]
    pub display_name: Option<String>,
}

/// An uploaded file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DriveItem {
    pub id: String,
    #[serde(default)]
    pub name: String,
    pub web_url: String,
    #[serde(default)]
    pub size: Option<u64>,
}

/// One page of a collection (`value` + `@odata.nextLink`).
#[derive(Debug, Deserialize)]
pub(crate) struct Page<T> {
    #[serde(default = "Vec::new")]
    pub value: Vec<T>,
    #[serde(rename = "@odata.nextLink", default)]
    pub next_link: Option<String>,
    #[serde(rename = "@odata.deltaLink", default)]
    pub delta_link: Option<String>,
}
