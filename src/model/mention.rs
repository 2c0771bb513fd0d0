//! Linear mentions → emails, as a lookup table built from the team's people.
//!
//! Linear writes a mention in markdown as a link to the person's profile
//! (`[@Alice](https://linear.app/acme/profiles/alice)`, or the bare profile URL) or as
//! `@name`; the handle is the user's `displayName`, though Linear sometimes spells the URL with
//! the full name (`…/profiles/Alice%20Anders`). Planner shows plain text, so the bridge writes
//! `@email` there. Reading the people is I/O and happens in the engine; this table only
//! answers lookups, for [`super::text::to_plain`].

use std::collections::BTreeMap;

use super::ticket::normalise_email;

/// One Linear user, as far as mentions are concerned.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub name: String,
    pub display_name: String,
    pub email: String,
    /// The profile URL (`https://linear.app/<org>/profiles/<displayName>`).
    pub url: String,
}

/// Mention handles (display names, full names, profile URLs; case-insensitive) → emails.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Mentions {
    by_handle: BTreeMap<String, String>,
    by_url: BTreeMap<String, String>,
}

impl Mentions {
    pub fn new(people: &[Person]) -> Mentions {
        let mut table = Mentions::default();
        // Full names first: a display name equal to someone's full name wins.
        for p in people {
            let email = normalise_email(&p.email);
            table.by_handle.insert(p.name.to_lowercase(), email.clone());
        }
        for p in people {
            let email = normalise_email(&p.email);
            table
                .by_handle
                .insert(p.display_name.to_lowercase(), email.clone());
            table.by_url.insert(p.url.to_lowercase(), email);
        }
        table
    }

    /// The email a mention stands for: `@handle`, or a profile URL. `None` for anything else
    /// (an ordinary link, an unknown person).
    pub fn resolve(&self, key: &str) -> Option<String> {
        if let Some(handle) = key.strip_prefix('@') {
            return self.by_handle.get(&handle.to_lowercase()).cloned();
        }
        let lower = key.to_lowercase();
        if let Some(email) = self.by_url.get(lower.trim_end_matches('/')) {
            return Some(email.clone());
        }
        let (_, tail) = lower.split_once("/profiles/")?;
        let handle = tail.split(['/', '?', '#']).next()?;
        self.by_handle.get(&percent_decode(handle)).cloned()
    }
}

/// `%20` and friends → characters (profile URLs of names with spaces); bad escapes stay as is.
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::text::to_plain;

    fn table() -> Mentions {
        Mentions::new(&[
            Person {
                name: "Alice Anders".into(),
                display_name: "alice".into(),
                email: "Alice@Acme.test".into(),
                url: "https://linear.app/acme/profiles/alice".into(),
            },
            Person {
                name: "Bob Berg".into(),
                display_name: "bob".into(),
                email: "bob@acme.test".into(),
                url: "https://linear.app/acme/profiles/bob".into(),
            },
        ])
    }

    #[test]
    fn handles_and_profile_urls_resolve() {
        let t = table();
        let table = [
            ("@alice", Some("alice@acme.test")),
            ("@ALICE", Some("alice@acme.test")),
            (
                "https://linear.app/acme/profiles/bob",
                Some("bob@acme.test"),
            ),
            (
                "https://linear.app/acme/profiles/Bob/",
                Some("bob@acme.test"),
            ),
            (
                "https://linear.app/acme/profiles/Alice%20Anders",
                Some("alice@acme.test"),
            ),
            ("@carol", None),
            ("https://linear.app/acme/profiles/carol", None),
            ("https://example.com/alice", None),
        ];
        for (key, want) in table {
            assert_eq!(t.resolve(key).as_deref(), want, "{key}");
        }
    }

    #[test]
    fn every_mention_form_becomes_an_email_in_plain_text() {
        let t = table();
        let resolve = |k: &str| t.resolve(k);
        let table = [
            (
                "Ask [@Alice Anders](https://linear.app/acme/profiles/alice) first",
                "Ask @alice@acme.test first",
            ),
            (
                "cc https://linear.app/acme/profiles/bob, thanks",
                "cc @bob@acme.test, thanks",
            ),
            ("<https://linear.app/acme/profiles/bob>", "@bob@acme.test"),
            ("See @bob.", "See @bob@acme.test."),
            ("Unknown @carol stays", "Unknown @carol stays"),
            ("mail bob@acme.test stays", "mail bob@acme.test stays"),
            // Already an email after the at sign: not a handle followed by junk.
            ("@bob@acme.test", "@bob@acme.test"),
            (
                "[the spec](https://contoso.example/spec)",
                "the spec (https://contoso.example/spec)",
            ),
        ];
        for (md, plain) in table {
            assert_eq!(to_plain(md, &resolve), plain, "{md}");
        }
    }
}
