//! The `updatedAt` polling cursor: the largest `updatedAt` seen, plus the ids seen at exactly
//! that instant.
//!
//! Linear timestamps have millisecond precision, so several issues can share one `updatedAt`,
//! and a page can end in the middle of such a tie. Querying `updatedAt > cursor` would skip
//! the rest of the tie; `>=` alone would return the same issues on every poll. So the poll asks
//! for `updatedAt >= cursor` and drops the ids the cursor already holds for that instant; the
//! new cursor moves to the newest instant read. Pure functions here, tested as tables.

use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

/// Where the next poll resumes. Stored as JSON text in the `cursors` table.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct LinearCursor {
    /// Linear's `updatedAt` text of the newest issue read.
    pub updated_at: String,
    /// Ids of the issues read whose `updatedAt` is exactly `updated_at`, sorted.
    pub seen_ids: Vec<String>,
}

impl LinearCursor {
    /// The stored form.
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Parse the stored form.
    pub fn parse(text: &str) -> Result<LinearCursor, serde_json::Error> {
        serde_json::from_str(text)
    }
}

/// Order two `updatedAt` values by time (text order if either fails to parse).
fn cmp_instants(a: &str, b: &str) -> std::cmp::Ordering {
    match (
        OffsetDateTime::parse(a, &Rfc3339),
        OffsetDateTime::parse(b, &Rfc3339),
    ) {
        (Ok(x), Ok(y)) => x.cmp(&y),
        _ => a.cmp(b),
    }
}

/// What one poll read, reduced to `(id, updatedAt)` in the order read.
///
/// Returns the indexes of the entries to hand to the engine (new to this cursor, each id once,
/// its latest version) and the cursor after them. With nothing new, the cursor is unchanged.
pub fn advance(cursor: Option<&LinearCursor>, read: &[(&str, &str)]) -> (Vec<usize>, LinearCursor) {
    let mut keep: Vec<usize> = Vec::new();
    for (i, (id, at)) in read.iter().enumerate() {
        let already_seen = cursor.is_some_and(|c| {
            cmp_instants(at, &c.updated_at) == std::cmp::Ordering::Equal
                && c.seen_ids.iter().any(|s| s == id)
        });
        let older = cursor.is_some_and(|c| cmp_instants(at, &c.updated_at).is_lt());
        if already_seen || older {
            continue;
        }
        // An issue edited while we paged shows up twice: keep the later version only.
        if let Some(pos) = keep.iter().position(|&k| read[k].0 == *id) {
            if cmp_instants(at, read[keep[pos]].1).is_ge() {
                keep[pos] = i;
            }
            continue;
        }
        keep.push(i);
    }
    let mut next = cursor.cloned().unwrap_or_default();
    for &(id, at) in read {
        let order = if next.updated_at.is_empty() {
            std::cmp::Ordering::Greater
        } else {
            cmp_instants(at, &next.updated_at)
        };
        match order {
            std::cmp::Ordering::Greater => {
                next.updated_at = at.to_string();
                next.seen_ids = vec![id.to_string()];
            }
            std::cmp::Ordering::Equal => {
                if !next.seen_ids.iter().any(|s| s == id) {
                    next.seen_ids.push(id.to_string());
                }
            }
            std::cmp::Ordering::Less => {}
        }
    }
    next.seen_ids.sort();
    (keep, next)
}

#[cfg(test)]
mod tests {
    use super::*;

    const T1: &str = "2026-11-25T12:00:00.001Z";
    const T2: &str = "2026-11-25T12:00:00.002Z";
    const T3: &str = "2026-11-25T12:00:00.003Z";

    fn cur(at: &str, ids: &[&str]) -> LinearCursor {
        LinearCursor {
            updated_at: at.into(),
            seen_ids: ids.iter().map(|s| s.to_string()).collect(),
        }
    }

    #[test]
    fn cursor_table() {
        type Case<'a> = (
            Option<LinearCursor>,
            Vec<(&'a str, &'a str)>,
            Vec<usize>,
            LinearCursor,
        );
        let table: Vec<Case> = vec![
            // First poll: everything, cursor at the newest instant with its ids.
            (
                None,
                vec![("a", T1), ("b", T2), ("c", T2)],
                vec![0, 1, 2],
                cur(T2, &["b", "c"]),
            ),
            // Tie re-read with gte: seen ids dropped, a new one at the same instant kept.
            (
                Some(cur(T2, &["b", "c"])),
                vec![("b", T2), ("c", T2), ("d", T2)],
                vec![2],
                cur(T2, &["b", "c", "d"]),
            ),
            // Nothing new: nothing returned, cursor unchanged (not re-read forever).
            (
                Some(cur(T2, &["b", "c"])),
                vec![("b", T2), ("c", T2)],
                vec![],
                cur(T2, &["b", "c"]),
            ),
            // A seen issue edited again moves forward and comes back.
            (
                Some(cur(T2, &["b", "c"])),
                vec![("c", T2), ("b", T3)],
                vec![1],
                cur(T3, &["b"]),
            ),
            // Edited while paging: once, latest version.
            (
                None,
                vec![("a", T1), ("b", T2), ("a", T3)],
                vec![2, 1],
                cur(T3, &["a"]),
            ),
            // Nothing at all.
            (None, vec![], vec![], LinearCursor::default()),
        ];
        for (i, (cursor, read, want_keep, want_cursor)) in table.into_iter().enumerate() {
            let (keep, next) = advance(cursor.as_ref(), &read);
            let mut keep_sorted = keep.clone();
            keep_sorted.sort();
            let mut want_sorted = want_keep.clone();
            want_sorted.sort();
            assert_eq!(keep_sorted, want_sorted, "case {i}");
            assert_eq!(next, want_cursor, "case {i}");
        }
    }

    #[test]
    fn stored_form_round_trips() {
        let c = cur(T1, &["x"]);
        assert_eq!(LinearCursor::parse(&c.to_text()).unwrap(), c);
    }
}
