//! Buckets and percentComplete ↔ workflow states.
//!
//! A mapping pairs buckets with states; unpaired ones get defaults (by name, then by state
//! type) at `map add`. percentComplete follows the state type: completed/canceled → 100,
//! started → 50, others → 0; and back: 0 → triage (if the team has it) else the default
//! backlog/unstarted state, 50 → the first started state, 100 → the first completed one.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum StateType {
    Triage,
    Backlog,
    Unstarted,
    Started,
    Completed,
    Canceled,
    Duplicate,
}

impl StateType {
    pub fn parse(text: &str) -> Option<StateType> {
        Some(match text {
            "triage" => StateType::Triage,
            "backlog" => StateType::Backlog,
            "unstarted" => StateType::Unstarted,
            "started" => StateType::Started,
            "completed" => StateType::Completed,
            "canceled" => StateType::Canceled,
            "duplicate" => StateType::Duplicate,
            _ => return None,
        })
    }

    /// The Planner percentComplete of an issue in a state of this type.
    pub fn percent(self) -> u8 {
        match self {
            StateType::Completed | StateType::Canceled | StateType::Duplicate => 100,
            StateType::Started => 50,
            _ => 0,
        }
    }
}

/// A Linear workflow state of the mapped team.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkflowState {
    pub id: String,
    pub name: String,
    pub kind: StateType,
    pub position: f64,
}

/// A Planner bucket of the mapped plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Bucket {
    pub id: String,
    pub name: String,
}

/// A resolved bucket ↔ state pair. `to_linear`: used for tasks in the bucket; `to_planner`:
/// used for issues in the state. An explicit pair is both.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Pair {
    pub bucket_id: String,
    pub state_id: String,
    pub to_linear: bool,
    pub to_planner: bool,
}

/// Everything needed to translate states of one mapping.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct StateMap {
    pub states: Vec<WorkflowState>,
    pub pairs: Vec<Pair>,
}

impl StateMap {
    pub fn state(&self, id: &str) -> Option<&WorkflowState> {
        self.states.iter().find(|s| s.id == id)
    }

    fn first_of(&self, kinds: &[StateType]) -> Option<&WorkflowState> {
        kinds.iter().find_map(|kind| {
            self.states
                .iter()
                .filter(|s| s.kind == *kind)
                .min_by(|a, b| a.position.total_cmp(&b.position))
        })
    }

    /// The state for a Planner percentComplete (values between 1 and 99 count as started).
    pub fn state_for_percent(&self, percent: u8) -> Option<&WorkflowState> {
        match percent {
            0 => self.first_of(&[StateType::Triage, StateType::Backlog, StateType::Unstarted]),
            100.. => self.first_of(&[StateType::Completed]),
            _ => self.first_of(&[StateType::Started]),
        }
    }

    /// The state tasks in this bucket belong to.
    pub fn state_for_bucket(&self, bucket_id: &str) -> Option<&WorkflowState> {
        let pair = self
            .pairs
            .iter()
            .find(|p| p.bucket_id == bucket_id && p.to_linear)?;
        self.state(&pair.state_id)
    }

    /// The bucket issues in this state belong to.
    pub fn bucket_for_state(&self, state_id: &str) -> Option<&str> {
        self.pairs
            .iter()
            .find(|p| p.state_id == state_id && p.to_planner)
            .map(|p| p.bucket_id.as_str())
    }

    /// Planner (bucket, percent) changed from `base` to `now`: the Linear state it asks for.
    /// The bucket decides when it moved; otherwise the percent decides, unless `current` already
    /// has the type the percent stands for (50 % and "In Review" are both started).
    pub fn linear_state_for_planner(
        &self,
        base: (&str, u8),
        now: (&str, u8),
        current: Option<&str>,
    ) -> Option<&WorkflowState> {
        if base.0 != now.0
            && let Some(state) = self.state_for_bucket(now.0)
        {
            return Some(state);
        }
        if base.1 == now.1 && base.0 == now.0 {
            return None;
        }
        let current = current.and_then(|id| self.state(id));
        if current.is_some_and(|s| s.kind.percent() == normalise_percent(now.1)) {
            return current;
        }
        self.state_for_percent(now.1)
    }

    /// Where a task should be for a Linear state: its bucket (if the state is paired) and its
    /// percentComplete.
    pub fn planner_for_state(&self, state_id: &str) -> (Option<&str>, Option<u8>) {
        (
            self.bucket_for_state(state_id),
            self.state(state_id).map(|s| s.kind.percent()),
        )
    }
}

/// Planner's in-between values count as started.
pub fn normalise_percent(percent: u8) -> u8 {
    match percent {
        0 => 0,
        100.. => 100,
        _ => 50,
    }
}

/// Names compared the way people read them: "To do" is "Todo", "In progress" is "In Progress".
pub fn same_name(a: &str, b: &str) -> bool {
    let key = |s: &str| {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    key(a) == key(b)
}

/// Default pairs for a new mapping. `explicit` are the user's `--bucket NAME=STATE` pairs
/// (resolved to ids). Every other bucket gets the state of the same name, else the first
/// backlog/unstarted state; every other state gets the bucket of the same name, else the bucket
/// paired with a state of the same type, else the first bucket.
pub fn default_pairs(
    buckets: &[Bucket],
    states: &[WorkflowState],
    explicit: &[(String, String)],
) -> Vec<Pair> {
    let mut pairs: Vec<Pair> = explicit
        .iter()
        .map(|(b, s)| Pair {
            bucket_id: b.clone(),
            state_id: s.clone(),
            to_linear: true,
            to_planner: true,
        })
        .collect();
    let map = StateMap {
        states: states.to_vec(),
        pairs: Vec::new(),
    };
    let same_name_state = |name: &str| states.iter().find(|s| same_name(&s.name, name));
    for bucket in buckets {
        if pairs
            .iter()
            .any(|p| p.bucket_id == bucket.id && p.to_linear)
        {
            continue;
        }
        let state = same_name_state(&bucket.name).or_else(|| map.state_for_percent(0));
        if let Some(state) = state {
            let both = !pairs.iter().any(|p| p.state_id == state.id && p.to_planner);
            pairs.push(Pair {
                bucket_id: bucket.id.clone(),
                state_id: state.id.clone(),
                to_linear: true,
                to_planner: both,
            });
        }
    }
    for state in states {
        if pairs.iter().any(|p| p.state_id == state.id && p.to_planner) {
            continue;
        }
        let by_name = buckets
            .iter()
            .find(|b| b.name.eq_ignore_ascii_case(&state.name));
        let by_type = || {
            pairs.iter().filter(|p| p.to_planner).find_map(|p| {
                let paired = states.iter().find(|s| s.id == p.state_id)?;
                (paired.kind.percent() == state.kind.percent())
                    .then(|| buckets.iter().find(|b| b.id == p.bucket_id))?
            })
        };
        if let Some(bucket) = by_name.or_else(by_type).or_else(|| buckets.first()) {
            pairs.push(Pair {
                bucket_id: bucket.id.clone(),
                state_id: state.id.clone(),
                to_linear: false,
                to_planner: true,
            });
        }
    }
    pairs
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn team_states(with_triage: bool) -> Vec<WorkflowState> {
        let mut states = vec![
            ("s-backlog", "Backlog", StateType::Backlog, 0.0),
            ("s-todo", "Todo", StateType::Unstarted, 1.0),
            ("s-doing", "In Progress", StateType::Started, 2.0),
            ("s-review", "In Review", StateType::Started, 3.0),
            ("s-done", "Done", StateType::Completed, 4.0),
            ("s-canceled", "Canceled", StateType::Canceled, 5.0),
        ];
        if with_triage {
            states.push(("s-triage", "Triage", StateType::Triage, -1.0));
        }
        states
            .into_iter()
            .map(|(id, name, kind, position)| WorkflowState {
                id: id.into(),
                name: name.into(),
                kind,
                position,
            })
            .collect()
    }

    pub(crate) fn buckets() -> Vec<Bucket> {
        [
            ("b-todo", "To do"),
            ("b-doing", "In progress"),
            ("b-done", "Done"),
            ("b-ideas", "Ideas"),
        ]
        .into_iter()
        .map(|(id, name)| Bucket {
            id: id.into(),
            name: name.into(),
        })
        .collect()
    }

    pub(crate) fn sample_map() -> StateMap {
        let explicit = vec![
            ("b-todo".to_string(), "s-todo".to_string()),
            ("b-doing".to_string(), "s-doing".to_string()),
        ];
        StateMap {
            states: team_states(false),
            pairs: default_pairs(&buckets(), &team_states(false), &explicit),
        }
    }

    #[test]
    fn percent_follows_state_type() {
        let table = [
            (StateType::Triage, 0),
            (StateType::Backlog, 0),
            (StateType::Unstarted, 0),
            (StateType::Started, 50),
            (StateType::Completed, 100),
            (StateType::Canceled, 100),
        ];
        for (kind, percent) in table {
            assert_eq!(kind.percent(), percent, "{kind:?}");
        }
    }

    #[test]
    fn state_for_percent_prefers_triage() {
        let with = StateMap {
            states: team_states(true),
            pairs: vec![],
        };
        let without = StateMap {
            states: team_states(false),
            pairs: vec![],
        };
        assert_eq!(with.state_for_percent(0).unwrap().id, "s-triage");
        assert_eq!(without.state_for_percent(0).unwrap().id, "s-backlog");
        assert_eq!(without.state_for_percent(50).unwrap().id, "s-doing");
        assert_eq!(without.state_for_percent(30).unwrap().id, "s-doing");
        assert_eq!(without.state_for_percent(100).unwrap().id, "s-done");
    }

    #[test]
    fn defaults_by_name_then_type() {
        let map = sample_map();
        assert_eq!(
            map.state_for_bucket("b-done").unwrap().id,
            "s-done",
            "same name"
        );
        assert_eq!(
            map.state_for_bucket("b-ideas").unwrap().id,
            "s-backlog",
            "no name match: default state"
        );
        assert_eq!(map.bucket_for_state("s-todo"), Some("b-todo"), "explicit");
        assert_eq!(
            map.bucket_for_state("s-review"),
            Some("b-doing"),
            "same type as a paired state"
        );
        assert_eq!(
            map.bucket_for_state("s-canceled"),
            Some("b-done"),
            "100 % like Done"
        );
        assert_eq!(
            map.bucket_for_state("s-backlog"),
            Some("b-ideas"),
            "the bucket defaulted to it"
        );
        for state in team_states(false) {
            assert!(
                map.bucket_for_state(&state.id).is_some(),
                "every state has a bucket: {}",
                state.name
            );
        }
        for bucket in buckets() {
            assert!(
                map.state_for_bucket(&bucket.id).is_some(),
                "every bucket has a state: {}",
                bucket.name
            );
        }
    }

    #[test]
    fn planner_changes_to_a_state() {
        let map = sample_map();
        let id = |s: Option<&WorkflowState>| s.map(|s| s.id.clone());
        // Bucket moved: the bucket decides, even if percent changed too.
        assert_eq!(
            id(map.linear_state_for_planner(("b-todo", 0), ("b-done", 50), Some("s-todo"))),
            Some("s-done".into())
        );
        // Only percent changed.
        assert_eq!(
            id(map.linear_state_for_planner(("b-todo", 0), ("b-todo", 100), Some("s-todo"))),
            Some("s-done".into())
        );
        assert_eq!(
            id(map.linear_state_for_planner(("b-todo", 0), ("b-todo", 50), Some("s-todo"))),
            Some("s-doing".into())
        );
        // 50 % while already in another started state: keep it.
        assert_eq!(
            id(map.linear_state_for_planner(("b-doing", 0), ("b-doing", 50), Some("s-review"))),
            Some("s-review".into())
        );
        // Nothing changed.
        assert_eq!(
            id(map.linear_state_for_planner(("b-todo", 0), ("b-todo", 0), Some("s-todo"))),
            None
        );
    }

    #[test]
    fn state_changes_to_bucket_and_percent() {
        let map = sample_map();
        assert_eq!(
            map.planner_for_state("s-review"),
            (Some("b-doing"), Some(50))
        );
        assert_eq!(
            map.planner_for_state("s-canceled"),
            (Some("b-done"), Some(100))
        );
        assert_eq!(map.planner_for_state("unknown"), (None, None));
    }
}
