//! Planner's size limits applied to what the engine is about to write, so a value Planner
//! would refuse (400) is cut instead of dead-lettered, and the cut is recorded.
//!
//! The cut value goes into the shadow too: Planner reads back exactly what was written, so
//! the next pass sees no Planner edit, and the full value stays on the Linear side untouched.

use crate::engine::faces::split_cycle_prefix;
use crate::model::merge::MergeResult;

/// Planner refuses task titles longer than this (characters, not bytes).
pub const PLANNER_TITLE_MAX_CHARS: usize = 255;

/// `title` cut so that `prefix_chars` + its length fits Planner, ending in `…` when cut;
/// `None` when it already fits.
pub fn cut_title(title: &str, prefix_chars: usize) -> Option<String> {
    let room = PLANNER_TITLE_MAX_CHARS.saturating_sub(prefix_chars).max(1);
    if title.chars().count() <= room {
        return None;
    }
    let mut cut: String = title.chars().take(room - 1).collect();
    cut.push('…');
    Some(cut)
}

/// Cut the title a merge sends to Planner (and its shadow) to fit beside the task's cycle
/// prefix. Returns the audit detail when it had to.
pub fn fit_planner_title(
    result: &mut MergeResult,
    task_title: &str,
    template: &str,
) -> Option<String> {
    let title = result.to_planner.title.as_ref()?;
    let (prefix, _) = split_cycle_prefix(task_title, template);
    let cut = cut_title(title, prefix.chars().count())?;
    let detail = cut_detail(title);
    result.shadow.planner.title = cut.clone();
    result.to_planner.title = Some(cut);
    Some(detail)
}

/// The audit detail of a cut title.
pub fn cut_detail(full: &str) -> String {
    format!(
        "title cut for Planner: {} characters, Planner keeps at most {PLANNER_TITLE_MAX_CHARS}; \
         the full title stays in Linear",
        full.chars().count()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_cut_by_characters() {
        assert_eq!(cut_title("short", 0), None);
        let exact = "é".repeat(255);
        assert_eq!(cut_title(&exact, 0), None);
        let long = "🚀".repeat(300);
        let cut = cut_title(&long, 0).unwrap();
        assert_eq!(cut.chars().count(), 255);
        assert!(cut.ends_with('…'));
        assert_eq!(cut_title(&exact, 10).unwrap().chars().count(), 245);
    }
}
