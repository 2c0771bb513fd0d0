//! People: Azure AD user id ↔ email ↔ Linear user id, through the SQLite cache
//! (`user_cache_hours`) and lookups on a miss. Manual overrides (`users map`) always win.
//! A user missing on one side is remembered as unmapped (so the warning is given once per
//! cache period) and the assignment is skipped.
//!
//! The units of a pass run concurrently, and a new user often appears in several of them at
//! once (one assignee across many tasks): all would miss the cache together. [`InFlight`]
//! makes one lookup per person and pass; the others wait for its answer.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use tokio::sync::OnceCell;

use crate::clock::{format_ts, parse_ts};
use crate::engine::EngineError;
use crate::engine::ports::{LinearPort, PlannerPort};
use crate::model::ticket::normalise_email;
use crate::store::{Store, users};

/// One answer per lookup (kind, key) and pass, shared by the pass's concurrent units.
#[derive(Debug, Default, Clone)]
pub struct InFlight(Arc<Mutex<HashMap<(Lookup, String), Answer>>>);

/// One lookup's answer, once someone has it.
type Answer = Arc<OnceCell<Option<String>>>;

/// What a lookup asks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lookup {
    EmailOfAad,
    AadOfEmail,
    LinearOfEmail,
}

impl InFlight {
    /// The answer to (`lookup`, `key`): `ask`'s, run once however many units ask at once. A
    /// failed `ask` is not remembered: the next caller asks again.
    async fn once<F, Fut>(
        &self,
        lookup: Lookup,
        key: &str,
        ask: F,
    ) -> Result<Option<String>, EngineError>
    where
        F: FnOnce() -> Fut,
        Fut: std::future::Future<Output = Result<Option<String>, EngineError>>,
    {
        let cell = {
            let mut cells = self.0.lock().unwrap_or_else(|e| e.into_inner());
            cells.entry((lookup, key.to_owned())).or_default().clone()
        };
        cell.get_or_try_init(ask).await.cloned()
    }
}

pub struct Users<'a, P, L> {
    pub planner: &'a P,
    pub linear: &'a L,
    pub cache_hours: u32,
    pub now: time::OffsetDateTime,
    /// Warnings raised while resolving (unmapped users), for the report.
    pub warnings: Vec<String>,
    /// The pass's lookups, shared with its other units.
    pub in_flight: InFlight,
}

impl<P: PlannerPort, L: LinearPort> Users<'_, P, L> {
    /// [`InFlight::once`] for someone who may have no account on a side: the unit that asked
    /// (that one only, so once per pass) reports `missing` when the answer is none.
    async fn once_or_warn<Fut>(
        &mut self,
        lookup: Lookup,
        email: &str,
        ask: impl FnOnce() -> Fut,
        missing: impl FnOnce() -> String,
    ) -> Result<Option<String>, EngineError>
    where
        Fut: std::future::Future<Output = Result<Option<String>, EngineError>>,
    {
        let mut asked = false;
        let id = self
            .in_flight
            .once(lookup, email, || {
                asked = true;
                ask()
            })
            .await?;
        if asked && id.is_none() {
            self.warnings.push(missing());
        }
        Ok(id)
    }

    fn fresh(&self, fetched_at: &str) -> bool {
        parse_ts(fetched_at)
            .map(|t| self.now - t < time::Duration::hours(i64::from(self.cache_hours)))
            .unwrap_or(false)
    }

    /// Emails of Azure AD user ids (`None` for users without one).
    pub async fn emails_of(
        &mut self,
        store: &Store,
        ids: impl IntoIterator<Item = &String>,
    ) -> Result<BTreeMap<String, Option<String>>, EngineError> {
        let mut out = BTreeMap::new();
        for id in ids {
            if out.contains_key(id) {
                continue;
            }
            let cached = users::by_aad_id(store.conn(), id)?;
            let email = match cached {
                Some(row) if row.source == "manual" || self.fresh(&row.fetched_at) => {
                    Some(row.email)
                }
                _ => {
                    let (planner, now) = (self.planner, format_ts(self.now));
                    self.in_flight
                        .once(Lookup::EmailOfAad, id, || async move {
                            let email = planner.user_email(id).await?.map(|e| normalise_email(&e));
                            if let Some(email) = &email {
                                users::record_aad(store.conn(), email, Some(id), &now)?;
                            }
                            Ok(email)
                        })
                        .await?
                }
            };
            out.insert(id.clone(), email);
        }
        Ok(out)
    }

    /// Azure AD ids of emails (`None`: not in Azure AD; warned once per cache period).
    pub async fn aad_ids_of(
        &mut self,
        store: &Store,
        emails: impl IntoIterator<Item = &String>,
    ) -> Result<BTreeMap<String, Option<String>>, EngineError> {
        let mut out = BTreeMap::new();
        for email in emails {
            let email = normalise_email(email);
            if out.contains_key(&email) {
                continue;
            }
            let cached = users::get(store.conn(), &email)?;
            let id = match cached {
                Some(row)
                    if row.source == "manual"
                        || (self.fresh(&row.fetched_at) && row.aad_user_id.is_some()) =>
                {
                    row.aad_user_id
                }
                Some(row) if self.fresh(&row.fetched_at) && row.linear_user_id.is_some() => None,
                _ => {
                    let (planner, now) = (self.planner, format_ts(self.now));
                    let ask = || async {
                        let id = planner.user_id(&email).await?;
                        users::record_aad(store.conn(), &email, id.as_deref(), &now)?;
                        Ok(id)
                    };
                    let missing = || {
                        format!(
                            "{email} has no Azure AD account: Planner tasks stay unassigned (fix with `users map {email} <aad-user-id>`)"
                        )
                    };
                    self.once_or_warn(Lookup::AadOfEmail, &email, ask, missing)
                        .await?
                }
            };
            out.insert(email, id);
        }
        Ok(out)
    }

    /// Linear user ids of emails (`None`: no Linear user).
    pub async fn linear_ids_of(
        &mut self,
        store: &Store,
        emails: impl IntoIterator<Item = &String>,
    ) -> Result<BTreeMap<String, Option<String>>, EngineError> {
        let mut out = BTreeMap::new();
        for email in emails {
            let email = normalise_email(email);
            if out.contains_key(&email) {
                continue;
            }
            let id = match users::get(store.conn(), &email)?.and_then(|row| row.linear_user_id) {
                Some(id) => Some(id),
                None => {
                    let (linear, now) = (self.linear, format_ts(self.now));
                    let ask = || async {
                        let id = linear.user_id(&email).await?;
                        users::record_linear(store.conn(), &email, id.as_deref(), &now)?;
                        Ok(id)
                    };
                    let missing =
                        || format!("{email} has no Linear account: the issue stays unassigned");
                    self.once_or_warn(Lookup::LinearOfEmail, &email, ask, missing)
                        .await?
                }
            };
            out.insert(email, id);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicUsize, Ordering};

    use super::*;

    #[tokio::test]
    async fn concurrent_lookups_of_one_person_ask_once_and_a_failure_is_asked_again() {
        let in_flight = InFlight::default();
        let asked = AtomicUsize::new(0);
        let ask = || async {
            asked.fetch_add(1, Ordering::SeqCst);
            tokio::task::yield_now().await;
            Ok(Some("aad-1".to_string()))
        };
        let (a, b, c) = tokio::join!(
            in_flight.once(Lookup::AadOfEmail, "bob@x.test", ask),
            in_flight.once(Lookup::AadOfEmail, "bob@x.test", ask),
            in_flight.once(Lookup::LinearOfEmail, "bob@x.test", ask),
        );
        assert_eq!(a.unwrap().as_deref(), Some("aad-1"));
        assert_eq!(b.unwrap().as_deref(), Some("aad-1"));
        assert!(c.is_ok());
        assert_eq!(asked.load(Ordering::SeqCst), 2, "one per (lookup, person)");

        let failed = in_flight
            .once(Lookup::EmailOfAad, "id-9", || async {
                Err(EngineError::Port(
                    crate::engine::ports::PortError::OutOfBudget("test".into()),
                ))
            })
            .await;
        assert!(failed.is_err());
        let again = in_flight
            .once(Lookup::EmailOfAad, "id-9", || async { Ok(None) })
            .await;
        assert_eq!(again.unwrap(), None);
    }
}
