//! Write bodies for Planner: `NewTask` (POST), `TaskPatch` and `DetailsPatch` (PATCH).
//!
//! A PATCH body names only the fields that change; `null` removes a map entry (an assignee, a
//! checklist item, a reference) and `false` unsets a label. Map entries carry the
//! `@odata.type` Planner requires. Reference keys are the URL itself with `%` `.` `:` `@` `#`
//! percent-encoded ([`encode_reference_key`]); nothing else is encoded, as the docs show.

use serde_json::{Map, Value, json};

const ASSIGNMENT_TYPE: &str = "#microsoft.graph.plannerAssignment";
const CHECKLIST_TYPE: &str = "#microsoft.graph.plannerChecklistItem";
const REFERENCE_TYPE: &str = "#microsoft.graph.plannerExternalReference";
/// The order hint that means "put it first / let the server decide".
pub const DEFAULT_ORDER_HINT: &str = " !";

/// The key of a reference: `https://example.com/a` → `https%3A//example%2Ecom/a`.
pub fn encode_reference_key(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 12);
    for c in url.chars() {
        match c {
            '%' => out.push_str("%25"),
            '.' => out.push_str("%2E"),
            ':' => out.push_str("%3A"),
            '@' => out.push_str("%40"),
            '#' => out.push_str("%23"),
            _ => out.push(c),
        }
    }
    out
}

/// The URL a reference key names (any `%XX` escape decoded); `None` for a malformed key.
pub fn decode_reference_key(key: &str) -> Option<String> {
    let bytes = key.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = key.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn assignment() -> Value {
    json!({"@odata.type": ASSIGNMENT_TYPE, "orderHint": DEFAULT_ORDER_HINT})
}

fn category_key(n: u8) -> String {
    format!("category{n}")
}

/// Fields of a task shared by create and update.
#[derive(Debug, Clone, Default, PartialEq)]
struct TaskFields(Map<String, Value>);

impl TaskFields {
    fn set(&mut self, key: &str, value: Value) {
        self.0.insert(key.to_owned(), value);
    }

    fn map_entry(&mut self, map: &str, key: String, value: Value) {
        let entry = self
            .0
            .entry(map.to_owned())
            .or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(key, value);
        }
    }
}

/// A PATCH of a task: only the set fields are sent.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct TaskPatch {
    fields: TaskFields,
}

macro_rules! task_setters {
    () => {
        pub fn title(mut self, title: &str) -> Self {
            self.fields.set("title", json!(title));
            self
        }
        pub fn bucket(mut self, bucket_id: &str) -> Self {
            self.fields.set("bucketId", json!(bucket_id));
            self
        }
        /// 0, 50 or 100 in practice.
        pub fn percent_complete(mut self, percent: i64) -> Self {
            self.fields.set("percentComplete", json!(percent));
            self
        }
        /// 0–10; clients write 1, 3, 5, 9.
        pub fn priority(mut self, priority: i64) -> Self {
            self.fields.set("priority", json!(priority));
            self
        }
        /// ISO 8601 UTC (`2026-11-30T00:00:00Z`), or `None` to clear.
        pub fn due(mut self, due: Option<&str>) -> Self {
            self.fields.set("dueDateTime", json!(due));
            self
        }
        pub fn assign(mut self, user_id: &str) -> Self {
            self.fields
                .map_entry("assignments", user_id.to_owned(), assignment());
            self
        }
        /// Sets label `n` (1..=25) on or off (`false` is how Planner removes a label).
        pub fn category(mut self, n: u8, on: bool) -> Self {
            self.fields
                .map_entry("appliedCategories", category_key(n), json!(on));
            self
        }
    };
}

impl TaskPatch {
    pub fn new() -> Self {
        Self::default()
    }

    task_setters!();

    /// Removes an assignee (`null`).
    pub fn unassign(mut self, user_id: &str) -> Self {
        self.fields
            .map_entry("assignments", user_id.to_owned(), Value::Null);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.fields.0.is_empty()
    }

    /// The JSON body.
    pub fn to_json(&self) -> Value {
        Value::Object(self.fields.0.clone())
    }
}

/// The body of `POST /planner/tasks`.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTask {
    fields: TaskFields,
}

impl NewTask {
    pub fn new(plan_id: &str, title: &str) -> Self {
        let mut fields = TaskFields::default();
        fields.set("planId", json!(plan_id));
        fields.set("title", json!(title));
        NewTask { fields }
    }

    task_setters!();

    pub fn to_json(&self) -> Value {
        Value::Object(self.fields.0.clone())
    }
}

/// A PATCH of task details.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DetailsPatch {
    fields: TaskFields,
}

impl DetailsPatch {
    pub fn new() -> Self {
        Self::default()
    }

    /// Plain text; `""` clears it.
    pub fn description(mut self, text: &str) -> Self {
        self.fields.set("description", json!(text));
        self
    }

    /// `automatic`, `noPreview`, `checklist`, `description` or `reference`.
    pub fn preview_type(mut self, preview: &str) -> Self {
        self.fields.set("previewType", json!(preview));
        self
    }

    /// Adds or updates a checklist item under a client-chosen key (a GUID is usual).
    pub fn checklist_item(mut self, key: &str, title: &str, checked: bool) -> Self {
        let item = json!({
            "@odata.type": CHECKLIST_TYPE,
            "title": title,
            "isChecked": checked,
            "orderHint": DEFAULT_ORDER_HINT,
        });
        self.fields.map_entry("checklist", key.to_owned(), item);
        self
    }

    /// Adds or updates an item keeping its place (no order hint: Planner appends a new one).
    pub fn checklist_entry(mut self, key: &str, title: &str, checked: bool) -> Self {
        let item = json!({"@odata.type": CHECKLIST_TYPE, "title": title, "isChecked": checked});
        self.fields.map_entry("checklist", key.to_owned(), item);
        self
    }

    /// Checks or unchecks an existing item without touching its title.
    pub fn check(mut self, key: &str, checked: bool) -> Self {
        let item = json!({"@odata.type": CHECKLIST_TYPE, "isChecked": checked});
        self.fields.map_entry("checklist", key.to_owned(), item);
        self
    }

    pub fn remove_checklist_item(mut self, key: &str) -> Self {
        self.fields
            .map_entry("checklist", key.to_owned(), Value::Null);
        self
    }

    /// Adds or updates a reference to `url` (the key is encoded here).
    pub fn reference(mut self, url: &str, alias: &str, kind: Option<&str>) -> Self {
        let mut item = json!({
            "@odata.type": REFERENCE_TYPE,
            "alias": alias,
            "previewPriority": DEFAULT_ORDER_HINT,
        });
        if let Some(kind) = kind {
            item["type"] = json!(kind);
        }
        self.fields
            .map_entry("references", encode_reference_key(url), item);
        self
    }

    pub fn remove_reference(mut self, url: &str) -> Self {
        self.fields
            .map_entry("references", encode_reference_key(url), Value::Null);
        self
    }

    pub fn is_empty(&self) -> bool {
        self.fields.0.is_empty()
    }

    pub fn to_json(&self) -> Value {
        Value::Object(self.fields.0.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reference_keys_round_trip() {
        let url = "https://example.com/a?b=1#c@d%e";
        let key = encode_reference_key(url);
        assert_eq!(key, "https%3A//example%2Ecom/a?b=1%23c%40d%25e");
        assert_eq!(decode_reference_key(&key).as_deref(), Some(url));
        assert_eq!(decode_reference_key("bad%Z1"), None);
    }

    #[test]
    fn patches_send_only_set_fields_and_null_removes() {
        let patch = TaskPatch::new()
            .percent_complete(100)
            .assign("u1")
            .unassign("u2")
            .category(3, false);
        assert_eq!(
            patch.to_json(),
            json!({
                "percentComplete": 100,
                "assignments": {
                    "u1": {"@odata.type": ASSIGNMENT_TYPE, "orderHint": " !"},
                    "u2": null,
                },
                "appliedCategories": {"category3": false},
            })
        );
        let details = DetailsPatch::new()
            .remove_checklist_item("k1")
            .remove_reference("https://x.io/");
        assert_eq!(
            details.to_json(),
            json!({"checklist": {"k1": null}, "references": {"https%3A//x%2Eio/": null}})
        );
        assert!(TaskPatch::new().is_empty());
    }
}
