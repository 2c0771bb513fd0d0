//! Writes in doubt: a write whose answer never came back (a dropped connection, a lost
//! `$batch` envelope after some items ran, a crash) may or may not have landed. If it landed,
//! the next read shows our own value, and against the last-synced shadow it would look like a
//! human's edit: merged as one, it would overwrite whatever a human did on the other side
//! meanwhile (a lost edit).
//!
//! So before writing, the engine records a [`Doubt`]: the faces as read and the ticket the
//! writes are about to make both sides hold (the merge's shadow). Doubts are kept until a
//! shadow is stored again. The base of the next merge is then settled field by field: when a
//! side we wrote a field to now shows the value we wrote, that write landed, and the base of
//! the field (both sides) is the ticket we tried, as if that pass had finished. A field still
//! at its old value stays at the shadow's (the write did not land, and the merge derives it
//! again); the other side's edits since then are edits against the right base. A human who
//! set exactly our value made no change the merge could lose.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use super::ticket::{LinearFace, PlannerFace, Shadow};

/// One pass's writes of a pair whose outcome is unknown until the next read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Doubt {
    /// The faces the merge read.
    pub before: Shadow,
    /// What both sides hold if every write landed.
    pub tried: Shadow,
}

/// The face keys of each field, Planner's then Linear's: a field is settled as a whole.
const FIELDS: [(&[&str], &[&str]); 11] = [
    (&["title"], &["title"]),
    (&["description"], &["description"]),
    (&["bucket_id", "percent"], &["state_id"]),
    (&["assignee"], &["assignee"]),
    (&["due"], &["due"]),
    (&["priority"], &["priority"]),
    (&["labels"], &["labels"]),
    (&["cycle"], &["cycle"]),
    (
        &["checklist", "held_items"],
        &["checklist", "checklist_overflow"],
    ),
    (&["comments"], &["comments"]),
    (&["links"], &["links"]),
];

/// One face as a JSON object (fields by name).
fn object<T: Serialize>(face: &T) -> Map<String, Value> {
    match serde_json::to_value(face) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// Whether `keys` of `tried` differ from `before` (we wrote them) and `now` shows them.
fn landed(
    keys: &[&str],
    before: &Map<String, Value>,
    tried: &Map<String, Value>,
    now: &Map<String, Value>,
) -> bool {
    let written = keys.iter().any(|k| tried.get(*k) != before.get(*k));
    written && keys.iter().all(|k| now.get(*k) == tried.get(*k))
}

/// The base to merge `planner` and `linear` against, given the writes in doubt (oldest first).
pub fn settle(
    base: &Shadow,
    planner: &PlannerFace,
    linear: &LinearFace,
    doubts: &[Doubt],
) -> Shadow {
    if doubts.is_empty() {
        return base.clone();
    }
    let (now_p, now_l) = (object(planner), object(linear));
    let (mut base_p, mut base_l) = (object(&base.planner), object(&base.linear));
    for doubt in doubts {
        let (before_p, before_l) = (object(&doubt.before.planner), object(&doubt.before.linear));
        let (tried_p, tried_l) = (object(&doubt.tried.planner), object(&doubt.tried.linear));
        for (pk, lk) in FIELDS {
            if landed(pk, &before_p, &tried_p, &now_p) || landed(lk, &before_l, &tried_l, &now_l) {
                for (keys, into, from) in [(pk, &mut base_p, &tried_p), (lk, &mut base_l, &tried_l)]
                {
                    for k in keys {
                        match from.get(*k) {
                            Some(v) => into.insert((*k).to_owned(), v.clone()),
                            None => into.remove(*k),
                        };
                    }
                }
            }
        }
    }
    let planner = serde_json::from_value(Value::Object(base_p));
    let linear = serde_json::from_value(Value::Object(base_l));
    match (planner, linear) {
        (Ok(planner), Ok(linear)) => Shadow { planner, linear },
        _ => base.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ticket(percent: u8, state: &str, title: &str) -> Shadow {
        Shadow {
            planner: PlannerFace {
                title: title.into(),
                percent,
                ..Default::default()
            },
            linear: LinearFace {
                title: title.into(),
                state_id: state.into(),
                ..Default::default()
            },
        }
    }

    fn faces(planner: (u8, &str), linear: (&str, &str)) -> Shadow {
        let mut t = ticket(planner.0, linear.0, planner.1);
        t.linear.title = linear.1.into();
        t
    }

    #[test]
    fn a_field_is_settled_to_the_tried_ticket_when_the_side_we_wrote_shows_it() {
        // Last synced: 50 % / started, title "Old". A human made Linear "done" and retitled it
        // in Planner; we tried to write 100 % to Planner and the title to Linear.
        let base = ticket(50, "started", "Old");
        let doubt = Doubt {
            before: faces((50, "Human"), ("done", "Old")),
            tried: ticket(100, "done", "Human"),
        };
        // (Planner now, Linear now) → settled (percent, state, Planner title, Linear title)
        let cases = [
            // Our Planner write landed, then a human moved Linear back to "started": that is
            // an edit against "done", so the merge carries it to Planner.
            (
                faces((100, "Human"), ("started", "Old")),
                (100, "done", "Old", "Old"),
            ),
            // Nothing landed: the base stays, the merge derives both writes again.
            (
                faces((50, "Human"), ("done", "Old")),
                (50, "started", "Old", "Old"),
            ),
            // The Linear title landed too.
            (
                faces((50, "Human"), ("done", "Human")),
                (50, "started", "Human", "Human"),
            ),
            // The side we did not write shows the tried value: that is the human's own edit,
            // not a sign of ours; nothing is settled.
            (
                faces((0, "Other"), ("done", "Old")),
                (50, "started", "Old", "Old"),
            ),
        ];
        for (now, (percent, state, pt, lt)) in cases {
            let settled = settle(
                &base,
                &now.planner,
                &now.linear,
                std::slice::from_ref(&doubt),
            );
            assert_eq!(
                (
                    settled.planner.percent,
                    settled.linear.state_id.as_str(),
                    settled.planner.title.as_str(),
                    settled.linear.title.as_str()
                ),
                (percent, state, pt, lt),
                "{now:?}"
            );
        }
        assert_eq!(settle(&base, &base.planner, &base.linear, &[]), base);
    }

    #[test]
    fn every_face_key_belongs_to_a_field() {
        let mut planner = PlannerFace::default();
        planner.held_items.insert("k".into());
        let keys = |map: Map<String, Value>| map.keys().cloned().collect::<Vec<_>>();
        for key in keys(object(&planner)) {
            assert!(
                FIELDS.iter().any(|(p, _)| p.contains(&key.as_str())),
                "{key}"
            );
        }
        for key in keys(object(&LinearFace::default())) {
            assert!(
                FIELDS.iter().any(|(_, l)| l.contains(&key.as_str())),
                "{key}"
            );
        }
    }
}
