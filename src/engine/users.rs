//! People: Azure AD user id ↔ email ↔ Linear user id, through the SQLite cache
//! (`user_cache_hours`) and lookups on a miss. Manual overrides (`users map`) always win.
//! A user missing on one side is remembered as unmapped (so the warning is given once per
//! cache period) and the assignment is skipped.

use std::collections::BTreeMap;

use crate::clock::{format_ts, parse_ts};
use crate::engine::EngineError;
use crate::engine::ports::{LinearPort, PlannerPort};
use crate::model::ticket::normalise_email;
use crate::store::{Store, users};

pub struct Users<'a, P, L> {
    pub planner: &'a P,
    pub linear: &'a L,
    pub cache_hours: u32,
    pub now: time::OffsetDateTime,
    /// Warnings raised while resolving (unmapped users), for the report.
    pub warnings: Vec<String>,
}

impl<P: PlannerPort, L: LinearPort> Users<'_, P, L> {
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
                    let email = self
                        .planner
                        .user_email(id)
                        .await?
                        .map(|e| normalise_email(&e));
                    if let Some(email) = &email {
                        users::record_aad(store.conn(), email, Some(id), &format_ts(self.now))?;
                    }
                    email
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
                    let id = self.planner.user_id(&email).await?;
                    users::record_aad(store.conn(), &email, id.as_deref(), &format_ts(self.now))?;
                    if id.is_none() {
                        self.warnings.push(format!(
                            "{email} has no Azure AD account: Planner tasks stay unassigned (fix with `users map {email} <aad-user-id>`)"
                        ));
                    }
                    id
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
                    let id = self.linear.user_id(&email).await?;
                    users::record_linear(
                        store.conn(),
                        &email,
                        id.as_deref(),
                        &format_ts(self.now),
                    )?;
                    if id.is_none() {
                        self.warnings.push(format!(
                            "{email} has no Linear account: the issue stays unassigned"
                        ));
                    }
                    id
                }
            };
            out.insert(email, id);
        }
        Ok(out)
    }
}
