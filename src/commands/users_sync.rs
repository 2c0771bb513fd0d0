//! `users sync`: refresh the user cache for every person the mapped sides know.
//!
//! The people are the Linear members of the mapped teams (every Linear user when nothing is
//! mapped yet) and the assignees recorded in the live links' shadows. Each email is looked up
//! in Azure AD (by `mail`, then `userPrincipalName`) and, when the team lists did not already
//! give it, in Linear. Manual overrides (`users map`) keep their Azure AD id and skip that
//! lookup. Users known on one side only are reported, each with one warning.

use std::collections::{BTreeMap, BTreeSet};
use std::io::Write;

use serde::Serialize;

use super::Context;
use super::connect::{self, Ports};
use crate::engine::EngineError;
use crate::error::{CommandError, Outcome};
use crate::graph::GraphError;
use crate::graph::port::port_error;
use crate::model::ticket::{Shadow, normalise_email};
use crate::store::users::{self, UserLink};
use crate::store::{Store, links, mappings};
use crate::ui::Ui;

/// One refreshed user, as printed.
#[derive(Debug, Serialize)]
struct Synced {
    #[serde(flatten)]
    user: UserLink,
    mapped: bool,
    /// `azure_ad` or `linear`: the side the user is missing on.
    #[serde(skip_serializing_if = "Option::is_none")]
    missing: Option<&'static str>,
}

/// A Linear user from a team list: id and name.
type Known = BTreeMap<String, (String, String)>;

fn graph_error(err: GraphError) -> CommandError {
    EngineError::Port(port_error(err)).into()
}

pub fn cmd_users_sync(ui: &Ui, cx: &Context, store: &Store) -> Result<Outcome, CommandError> {
    let ports = connect::ports(cx, store, None)?;
    let runtime = cx.runtime()?;
    let synced = runtime.block_on(refresh(cx, store, &ports))?;
    for s in &synced {
        match s.missing {
            Some("azure_ad") => ui.warn(&format!(
                "{} has no Azure AD account: Planner tasks stay unassigned (fix with `users map {} <aad-user-id>`)",
                s.user.email, s.user.email
            ))?,
            Some(_) => ui.warn(&format!(
                "{} has no Linear account: their issues stay unassigned",
                s.user.email
            ))?,
            None => {}
        }
    }
    let mapped = synced.iter().filter(|s| s.mapped).count();
    if ui.json() {
        ui.emit_json(&serde_json::json!({
            "mapped": mapped,
            "unmapped": synced.len() - mapped,
            "users": synced,
        }))?;
        return Ok(Outcome::Clean);
    }
    if synced.is_empty() {
        writeln!(
            ui.status(),
            "Nobody to refresh: no Linear users and no assignees."
        )?;
        return Ok(Outcome::Clean);
    }
    let rows: Vec<Vec<String>> = synced
        .iter()
        .map(|s| {
            vec![
                s.user.email.clone(),
                super::or_dash(s.user.display_name.as_deref()),
                super::or_dash(s.user.linear_user_id.as_deref()),
                super::or_dash(s.user.aad_user_id.as_deref()),
                s.user.source.clone(),
                match s.missing {
                    None => "mapped".into(),
                    Some("azure_ad") => "unmapped: no Azure AD user".into(),
                    Some(_) => "unmapped: no Linear user".into(),
                },
            ]
        })
        .collect();
    ui.table(
        &[
            "email",
            "name",
            "linear user",
            "aad user",
            "source",
            "status",
        ],
        &rows,
    )?;
    writeln!(
        ui.status(),
        "Refreshed {} user(s): {mapped} mapped, {} unmapped.",
        synced.len(),
        synced.len() - mapped
    )?;
    Ok(Outcome::Clean)
}

/// `users sync` without the printing (for programs driving the library, like the benchmark):
/// refresh the cache; (users mapped on both sides, users looked up).
pub async fn refresh_cache(
    cx: &Context,
    store: &Store,
    ports: &Ports,
) -> Result<(usize, usize), CommandError> {
    let synced = refresh(cx, store, ports).await?;
    Ok((synced.iter().filter(|s| s.mapped).count(), synced.len()))
}

/// Look everyone up and store the result; sorted by email.
async fn refresh(cx: &Context, store: &Store, ports: &Ports) -> Result<Vec<Synced>, CommandError> {
    let linear = ports.linear.client();
    let graph = ports.planner.client();
    let known = linear_people(store, linear).await?;
    let mut emails: BTreeSet<String> = known.keys().cloned().collect();
    emails.extend(shadow_assignees(store)?);
    let now = cx.now();
    let mut out = Vec::with_capacity(emails.len());
    for email in emails {
        let cached = users::get(store.conn(), &email)?;
        let (linear_id, linear_name) = match known.get(&email) {
            Some((id, name)) => (Some(id.clone()), Some(name.clone())),
            None => {
                let found = linear.users_by_email(&email).await?.into_iter().next();
                (
                    found.as_ref().map(|u| u.id.inner().to_string()),
                    found.map(|u| u.name),
                )
            }
        };
        let manual = cached.as_ref().filter(|c| c.source == "manual");
        let (aad_id, aad_name) = match manual {
            Some(row) => (row.aad_user_id.clone(), None),
            None => match graph.user_by_mail(&email).await.map_err(graph_error)? {
                Some(user) => (Some(user.id), user.display_name),
                None => (None, None),
            },
        };
        let link = UserLink {
            email: email.clone(),
            linear_user_id: linear_id,
            aad_user_id: aad_id,
            display_name: linear_name.or(aad_name),
            source: "auto".into(),
            fetched_at: now.clone(),
        };
        users::upsert_auto(store.conn(), &link, &now)?;
        let user = users::get(store.conn(), &email)?.unwrap_or(link);
        let missing = match (&user.aad_user_id, &user.linear_user_id) {
            (None, _) => Some("azure_ad"),
            (_, None) => Some("linear"),
            _ => None,
        };
        out.push(Synced {
            mapped: missing.is_none(),
            missing,
            user,
        });
    }
    Ok(out)
}

/// Linear members of the mapped teams, or every Linear user when nothing is mapped.
async fn linear_people(
    store: &Store,
    linear: &crate::linear::LinearClient,
) -> Result<Known, CommandError> {
    let teams: BTreeSet<String> = mappings::list(store.conn())?
        .into_iter()
        .map(|m| m.linear_team_id)
        .collect();
    let people = if teams.is_empty() {
        linear.all_users().await?
    } else {
        let mut all = Vec::new();
        for team in &teams {
            all.extend(linear.team_members(team).await?);
        }
        all
    };
    Ok(people
        .into_iter()
        .filter(|u| u.active)
        .map(|u| {
            (
                normalise_email(&u.email),
                (u.id.inner().to_string(), u.name),
            )
        })
        .collect())
}

/// Assignee emails of both faces of every live link's shadow.
fn shadow_assignees(store: &Store) -> Result<BTreeSet<String>, CommandError> {
    let mut out = BTreeSet::new();
    for mapping in mappings::list(store.conn())? {
        for link in links::live(store.conn(), mapping.id)? {
            if let Some(shadow) = links::shadow::<Shadow>(store.conn(), link.id)? {
                let faces = [
                    shadow.ticket.planner.assignee,
                    shadow.ticket.linear.assignee,
                ];
                out.extend(faces.into_iter().flatten().map(|e| normalise_email(&e)));
            }
        }
    }
    Ok(out)
}
