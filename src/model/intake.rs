//! The ticket `push` reads on stdin (alerts, escalations, onboarding checklists), parsed and
//! checked before anything is written: a bad document names the field to fix.
//!
//! ```json
//! {"title": "Disk full on web-3", "description": "**Sev2** …", "priority": "high",
//!  "assignee": "alice@contoso.example", "due": "2026-12-01", "labels": ["Bug"],
//!  "checklist": ["Page on-call", {"title": "Rotate logs", "checked": true}],
//!  "links": ["https://grafana.example/d/1", {"url": "https://runbook.example", "title": "Runbook"}],
//!  "external_id": "pagerduty:P123"}
//! ```
//! Only `title` is required. Unknown fields are refused (a typo would silently drop data).

use serde::Deserialize;

/// A checked, normalised intake ticket.
#[derive(Debug, Clone, PartialEq)]
pub struct IntakeTicket {
    pub title: String,
    /// Markdown (Linear keeps it; Planner gets the plain text).
    pub description: String,
    /// Linear's scale: 0 none, 1 urgent, 2 high, 3 medium, 4 low.
    pub priority: u8,
    /// An email address.
    pub assignee: Option<String>,
    /// `YYYY-MM-DD`.
    pub due: Option<String>,
    pub labels: Vec<String>,
    /// (title, checked), in order.
    pub checklist: Vec<(String, bool)>,
    /// (url, title), in order.
    pub links: Vec<(String, String)>,
    /// Idempotency key: a second push with the same id (into the same mapping) creates nothing.
    pub external_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTicket {
    title: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    priority: Option<RawPriority>,
    #[serde(default)]
    assignee: Option<String>,
    #[serde(default)]
    due: Option<String>,
    #[serde(default)]
    labels: Vec<String>,
    #[serde(default)]
    checklist: Vec<RawChecklistItem>,
    #[serde(default)]
    links: Vec<RawLink>,
    #[serde(default)]
    external_id: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawPriority {
    Number(u8),
    Word(String),
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawChecklistItem {
    Title(String),
    Item {
        title: String,
        #[serde(default)]
        checked: bool,
    },
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawLink {
    Url(String),
    Link {
        url: String,
        #[serde(default)]
        title: Option<String>,
    },
}

/// What is wrong with an intake document: the JSON path of the field and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{field}: {message}")]
pub struct IntakeError {
    pub field: String,
    pub message: String,
}

fn bad(field: impl Into<String>, message: impl Into<String>) -> IntakeError {
    IntakeError {
        field: field.into(),
        message: message.into(),
    }
}

/// Limits of the target plan (from the config): Planner refuses more.
#[derive(Debug, Clone, Copy)]
pub struct IntakeLimits {
    pub max_checklist_items: usize,
    /// References a task may hold; one is kept for the back-reference to the Linear issue.
    pub max_references: usize,
}

/// Parse and check an intake document.
pub fn parse(json: &str, limits: IntakeLimits) -> Result<IntakeTicket, IntakeError> {
    let de = &mut serde_json::Deserializer::from_str(json);
    let raw: RawTicket = serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let field = if path == "." {
            "(document)".into()
        } else {
            path
        };
        bad(field, e.into_inner().to_string())
    })?;
    let title = raw.title.trim().to_string();
    if title.is_empty() {
        return Err(bad("title", "must not be empty"));
    }
    let priority = match raw.priority {
        None => 0,
        Some(RawPriority::Number(n)) if n <= 4 => n,
        Some(RawPriority::Number(n)) => {
            return Err(bad(
                "priority",
                format!("{n} is not 0–4 (0 none, 1 urgent, 2 high, 3 medium, 4 low)"),
            ));
        }
        Some(RawPriority::Word(word)) => match word.trim().to_ascii_lowercase().as_str() {
            "none" | "" => 0,
            "urgent" => 1,
            "high" => 2,
            "medium" => 3,
            "low" => 4,
            _ => {
                return Err(bad(
                    "priority",
                    format!("{word:?} is not one of urgent, high, medium, low, none"),
                ));
            }
        },
    };
    let assignee = match raw.assignee.map(|a| a.trim().to_string()) {
        Some(a) if a.is_empty() => None,
        Some(a) if !a.contains('@') => {
            return Err(bad("assignee", format!("{a:?} is not an email address")));
        }
        other => other,
    };
    let due = match raw.due.map(|d| d.trim().to_string()) {
        Some(d) if d.is_empty() => None,
        Some(d) => {
            let format = time::macros::format_description!("[year]-[month]-[day]");
            time::Date::parse(&d, format)
                .map_err(|_| bad("due", format!("{d:?} is not a date like 2026-12-01")))?;
            Some(d)
        }
        None => None,
    };
    let mut labels = Vec::new();
    for (i, label) in raw.labels.iter().enumerate() {
        let label = label.trim();
        if label.is_empty() {
            return Err(bad(format!("labels[{i}]"), "must not be empty"));
        }
        if !labels
            .iter()
            .any(|l: &String| l.eq_ignore_ascii_case(label))
        {
            labels.push(label.to_string());
        }
    }
    let mut checklist = Vec::new();
    for (i, item) in raw.checklist.into_iter().enumerate() {
        let (title, checked) = match item {
            RawChecklistItem::Title(t) => (t, false),
            RawChecklistItem::Item { title, checked } => (title, checked),
        };
        if title.trim().is_empty() {
            return Err(bad(
                format!("checklist[{i}]"),
                "the title must not be empty",
            ));
        }
        checklist.push((title.trim().to_string(), checked));
    }
    if checklist.len() > limits.max_checklist_items {
        return Err(bad(
            "checklist",
            format!(
                "{} items; a Planner task holds at most {} (graph.max_checklist_items)",
                checklist.len(),
                limits.max_checklist_items
            ),
        ));
    }
    let mut links = Vec::new();
    for (i, link) in raw.links.into_iter().enumerate() {
        let (url, title) = match link {
            RawLink::Url(u) => (u, None),
            RawLink::Link { url, title } => (url, title),
        };
        let url = url.trim().to_string();
        if !(url.starts_with("https://") || url.starts_with("http://")) || url.len() < 10 {
            return Err(bad(
                format!("links[{i}]"),
                format!("{url:?} is not an http(s) URL"),
            ));
        }
        let title = title
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .unwrap_or_else(|| url.clone());
        links.push((url, title));
    }
    if links.len() + 1 > limits.max_references {
        return Err(bad(
            "links",
            format!(
                "{} links; a Planner task holds at most {} references, one of them the link to Linear (graph.max_references)",
                links.len(),
                limits.max_references
            ),
        ));
    }
    let external_id = raw
        .external_id
        .map(|e| e.trim().to_string())
        .filter(|e| !e.is_empty());
    Ok(IntakeTicket {
        title,
        description: raw.description.unwrap_or_default(),
        priority,
        assignee,
        due,
        labels,
        checklist,
        links,
        external_id,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: IntakeLimits = IntakeLimits {
        max_checklist_items: 3,
        max_references: 3,
    };

    #[test]
    fn a_full_ticket_is_normalised() {
        let t = parse(
            r#"{"title":" Disk full ","priority":"High","assignee":"a@b.example","due":"2026-12-01",
                "labels":["Bug","bug"],"checklist":["one",{"title":"two","checked":true}],
                "links":["https://x.example/1",{"url":"https://y.example","title":"Y"}],
                "external_id":"pd:1"}"#,
            LIMITS,
        )
        .unwrap();
        assert_eq!(t.title, "Disk full");
        assert_eq!(t.priority, 2);
        assert_eq!(t.labels, vec!["Bug"]);
        assert_eq!(
            t.checklist,
            vec![("one".into(), false), ("two".into(), true)]
        );
        assert_eq!(t.links[0].1, "https://x.example/1");
        assert_eq!(t.links[1].1, "Y");
        assert_eq!(t.external_id.as_deref(), Some("pd:1"));
    }

    #[test]
    fn errors_name_the_field() {
        let cases = [
            (r#"{}"#, "(document)"),
            (r#"{"title": 3}"#, "title"),
            (r#"{"title": "  "}"#, "title"),
            (r#"{"title": "x", "priority": 7}"#, "priority"),
            (r#"{"title": "x", "priority": "asap"}"#, "priority"),
            (r#"{"title": "x", "assignee": "alice"}"#, "assignee"),
            (r#"{"title": "x", "due": "tomorrow"}"#, "due"),
            (r#"{"title": "x", "labels": ["a", ""]}"#, "labels[1]"),
            (r#"{"title": "x", "labels": [1]}"#, "labels[0]"),
            (
                r#"{"title": "x", "checklist": ["a","b","c","d"]}"#,
                "checklist",
            ),
            (r#"{"title": "x", "links": ["ftp://x"]}"#, "links[0]"),
            (
                r#"{"title": "x", "links": ["https://a.example","https://b.example","https://c.example"]}"#,
                "links",
            ),
            (r#"{"title": "x", "colour": "red"}"#, "colour"),
            (r#"not json"#, "(document)"),
        ];
        for (json, field) in cases {
            let err = parse(json, LIMITS).unwrap_err();
            assert_eq!(err.field, field, "{json}: {err}");
        }
    }
}
