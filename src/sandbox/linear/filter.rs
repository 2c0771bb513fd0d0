//! Linear's `filter:` arguments, evaluated against a JSON "view" of each entity.
//!
//! A view holds the filterable fields: scalars (dates as epoch ms), related entities as nested
//! objects (`null` when absent) and collections as arrays. One evaluator then serves every
//! filter type: `and`/`or`, comparators (`eq`, `neq`, `in`, `nin`, `gt`, `gte`, `lt`, `lte`,
//! `eqIgnoreCase`, `contains…`, `startsWith…`, `endsWith`, `null`), nested relation filters and
//! collection filters (`some`, `every`, `length`; bare fields act as `some`). A filter field the
//! view lacks is refused with an error naming it, never silently ignored: a sandbox that
//! ignored `updatedAt` would make every cursor bug look like a pass.

use serde_json::{Map, Value};

use super::clock::parse_date_or_duration;
use super::error::ApiError;

/// Does the view satisfy the filter object?
pub fn matches(view: &Value, filter: &Map<String, Value>, now_ms: i64) -> Result<bool, ApiError> {
    for (key, cond) in filter {
        let ok = match key.as_str() {
            "and" => all_of(view, cond, now_ms)?,
            "or" => any_of(view, cond, now_ms)?,
            _ => {
                let Some(value) = view.get(key) else {
                    return Err(ApiError::input(format!(
                        "the sandbox does not support filtering on `{key}`"
                    )));
                };
                field_matches(key, value, cond, now_ms)?
            }
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

fn sub_filters(cond: &Value) -> impl Iterator<Item = &Map<String, Value>> {
    cond.as_array()
        .into_iter()
        .flatten()
        .filter_map(Value::as_object)
}

fn all_of(view: &Value, cond: &Value, now_ms: i64) -> Result<bool, ApiError> {
    for f in sub_filters(cond) {
        if !matches(view, f, now_ms)? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn any_of(view: &Value, cond: &Value, now_ms: i64) -> Result<bool, ApiError> {
    for f in sub_filters(cond) {
        if matches(view, f, now_ms)? {
            return Ok(true);
        }
    }
    Ok(false)
}

fn field_matches(key: &str, value: &Value, cond: &Value, now_ms: i64) -> Result<bool, ApiError> {
    let Some(cond) = cond.as_object() else {
        return Ok(true);
    };
    match value {
        Value::Array(items) => collection_matches(key, items, cond, now_ms),
        Value::Object(_) => {
            if let Some(want_null) = cond.get("null").and_then(Value::as_bool)
                && want_null
            {
                return Ok(false);
            }
            let rest: Map<String, Value> = cond
                .iter()
                .filter(|(k, _)| *k != "null")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect();
            matches(value, &rest, now_ms)
        }
        Value::Null if is_relation_filter(cond) => {
            Ok(cond.get("null").and_then(Value::as_bool).unwrap_or(false))
        }
        scalar => compare(key, scalar, cond, now_ms),
    }
}

/// A relation filter (as opposed to a comparator) has a key that no comparator has.
fn is_relation_filter(cond: &Map<String, Value>) -> bool {
    cond.keys().any(|k| !COMPARATOR_KEYS.contains(&k.as_str()))
        || (cond.len() == 1 && cond.contains_key("null"))
}

const COMPARATOR_KEYS: &[&str] = &[
    "eq",
    "neq",
    "in",
    "nin",
    "gt",
    "gte",
    "lt",
    "lte",
    "eqIgnoreCase",
    "neqIgnoreCase",
    "contains",
    "containsIgnoreCase",
    "notContains",
    "notContainsIgnoreCase",
    "startsWith",
    "startsWithIgnoreCase",
    "notStartsWith",
    "endsWith",
    "notEndsWith",
    "null",
    "containsIgnoreCaseAndAccent",
];

fn collection_matches(
    key: &str,
    items: &[Value],
    cond: &Map<String, Value>,
    now_ms: i64,
) -> Result<bool, ApiError> {
    let mut bare = Map::new();
    for (op, sub) in cond {
        let ok = match op.as_str() {
            "some" | "every" => {
                let Some(sub) = sub.as_object() else { continue };
                let mut hits = 0;
                for item in items {
                    if matches(item, sub, now_ms)? {
                        hits += 1;
                    }
                }
                if op == "some" {
                    hits > 0
                } else {
                    hits == items.len()
                }
            }
            "length" => compare(
                key,
                &Value::from(items.len()),
                sub.as_object().unwrap_or(&Map::new()),
                now_ms,
            )?,
            _ => {
                bare.insert(op.clone(), sub.clone());
                true
            }
        };
        if !ok {
            return Ok(false);
        }
    }
    if bare.is_empty() {
        return Ok(true);
    }
    for item in items {
        if matches(item, &bare, now_ms)? {
            return Ok(true);
        }
    }
    Ok(false)
}

/// A scalar against a comparator object. Numbers in the view are compared numerically; a
/// string operand against a number is read as a date (or a relative duration).
fn compare(
    key: &str,
    value: &Value,
    cond: &Map<String, Value>,
    now_ms: i64,
) -> Result<bool, ApiError> {
    for (op, operand) in cond {
        if !compare_one(value, op, operand, now_ms).ok_or_else(|| {
            ApiError::input(format!(
                "unsupported comparison `{op}` on `{key}` in the sandbox"
            ))
        })? {
            return Ok(false);
        }
    }
    Ok(true)
}

fn as_number(v: &Value, now_ms: i64) -> Option<f64> {
    v.as_f64().or_else(|| {
        v.as_str()
            .and_then(|s| parse_date_or_duration(s, now_ms))
            .map(|ms| ms as f64)
    })
}

fn compare_one(value: &Value, op: &str, operand: &Value, now_ms: i64) -> Option<bool> {
    if op == "null" {
        return Some(value.is_null() == operand.as_bool()?);
    }
    if value.is_null() {
        // Absent values only satisfy negative comparisons.
        return Some(matches!(
            op,
            "neq" | "nin" | "neqIgnoreCase" | "notContains" | "notContainsIgnoreCase"
        ));
    }
    if let Some(n) = value.as_f64() {
        let list = || {
            operand.as_array().map(|a| {
                a.iter()
                    .filter_map(|o| as_number(o, now_ms))
                    .collect::<Vec<_>>()
            })
        };
        return Some(match op {
            "in" => list()?.contains(&n),
            "nin" => !list()?.contains(&n),
            _ => {
                let o = as_number(operand, now_ms)?;
                match op {
                    "eq" => n == o,
                    "neq" => n != o,
                    "gt" => n > o,
                    "gte" => n >= o,
                    "lt" => n < o,
                    "lte" => n <= o,
                    _ => return None,
                }
            }
        });
    }
    if let Some(b) = value.as_bool() {
        return match op {
            "eq" => Some(operand.as_bool()? == b),
            "neq" => Some(operand.as_bool()? != b),
            _ => None,
        };
    }
    let s = value.as_str()?;
    let list = || {
        operand
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_str).any(|o| o == s))
    };
    let o = || operand.as_str();
    let lower = |t: &str| t.to_lowercase();
    Some(match op {
        "in" => list()?,
        "nin" => !list()?,
        "eq" => s == o()?,
        "neq" => s != o()?,
        "eqIgnoreCase" => lower(s) == lower(o()?),
        "neqIgnoreCase" => lower(s) != lower(o()?),
        "contains" => s.contains(o()?),
        "notContains" => !s.contains(o()?),
        "containsIgnoreCase" | "containsIgnoreCaseAndAccent" => lower(s).contains(&lower(o()?)),
        "notContainsIgnoreCase" => !lower(s).contains(&lower(o()?)),
        "startsWith" => s.starts_with(o()?),
        "notStartsWith" => !s.starts_with(o()?),
        "startsWithIgnoreCase" => lower(s).starts_with(&lower(o()?)),
        "endsWith" => s.ends_with(o()?),
        "notEndsWith" => !s.ends_with(o()?),
        "gt" | "gte" | "lt" | "lte" => {
            // Dates stored as text (TimelessDate) compare lexically, which is chronological.
            let o = o()?;
            match op {
                "gt" => s > o,
                "gte" => s >= o,
                "lt" => s < o,
                _ => s <= o,
            }
        }
        _ => return None,
    })
}

/// The top-level fields a filter names (through `and`/`or`), so views are built lazily.
pub fn filter_keys(filter: &Map<String, Value>) -> Vec<String> {
    let mut keys = Vec::new();
    for (key, cond) in filter {
        if key == "and" || key == "or" {
            for sub in sub_filters(cond) {
                keys.extend(filter_keys(sub));
            }
        } else if !keys.contains(key) {
            keys.push(key.clone());
        }
    }
    keys
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn filter(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap_or_default()
    }

    #[test]
    fn comparators_and_relations() {
        let view = json!({"id": "a", "updatedAt": 2000, "project": {"id": "p"}, "assignee": null,
            "labels": [{"id": "l1", "name": "Bug"}]});
        let t = |f: Value| matches(&view, &filter(f), 0).ok();
        assert_eq!(t(json!({"project": {"id": {"eq": "p"}}})), Some(true));
        assert_eq!(
            t(json!({"updatedAt": {"gt": "1970-01-01T00:00:02.000Z"}})),
            Some(false)
        );
        assert_eq!(
            t(json!({"updatedAt": {"gte": "1970-01-01T00:00:02.000Z"}})),
            Some(true)
        );
        assert_eq!(t(json!({"assignee": {"null": true}})), Some(true));
        assert_eq!(t(json!({"assignee": {"id": {"eq": "u"}}})), Some(false));
        assert_eq!(
            t(json!({"labels": {"some": {"name": {"eqIgnoreCase": "bug"}}}})),
            Some(true)
        );
        assert_eq!(
            t(json!({"or": [{"id": {"eq": "x"}}, {"id": {"in": ["a"]}}]})),
            Some(true)
        );
        assert!(matches(&view, &filter(json!({"estimate": {"eq": 1}})), 0).is_err());
    }
}
