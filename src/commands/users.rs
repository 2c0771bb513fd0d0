//! `users`: the Linear ↔ Azure AD user mapping used for assignees (`sync` lives in
//! `users_sync.rs`).

use std::io::Write;

use clap::Subcommand;

use super::{Context, or_dash};
use crate::error::{CommandError, Outcome};
use crate::store::users;
use crate::ui::Ui;

/// Inspect and override the user mapping used for assignees
#[derive(Debug, Subcommand)]
pub enum UsersCommand {
    /// Refresh the cache for everyone the mapped sides know (team members and assignees)
    Sync,
    /// List known users and whether both sides are known
    List {
        /// Only users missing on one side (their assignments cannot sync)
        #[arg(long)]
        unmapped: bool,
    },
    /// Map a Linear user (by email) to an Azure AD user id; survives automatic refreshes
    Map {
        /// Email of the Linear user
        linear_email: String,
        /// Azure AD object id of the Planner user
        aad_user_id: String,
    },
    /// Forget a user (cached lookups and manual overrides)
    Forget {
        /// Email of the user
        email: String,
    },
}

pub fn cmd_users(ui: &Ui, cx: &Context, cmd: UsersCommand) -> Result<Outcome, CommandError> {
    let store = cx.open_store()?;
    match cmd {
        UsersCommand::Sync => return super::users_sync::cmd_users_sync(ui, cx, &store),
        UsersCommand::List { unmapped } => {
            let all: Vec<_> = users::list(store.conn())?
                .into_iter()
                .filter(|u| !unmapped || !u.is_mapped())
                .collect();
            if ui.json() {
                ui.emit_json(&all)?;
            } else if all.is_empty() {
                writeln!(ui.status(), "No users known yet.")?;
            } else {
                let rows: Vec<Vec<String>> = all
                    .iter()
                    .map(|u| {
                        vec![
                            u.email.clone(),
                            or_dash(u.linear_user_id.as_deref()),
                            or_dash(u.aad_user_id.as_deref()),
                            u.source.clone(),
                            u.fetched_at.clone(),
                        ]
                    })
                    .collect();
                ui.table(
                    &["email", "linear user", "aad user", "source", "fetched"],
                    &rows,
                )?;
            }
        }
        UsersCommand::Map {
            linear_email,
            aad_user_id,
        } => {
            if !linear_email.contains('@') {
                return Err(CommandError::usage(format!(
                    "`{linear_email}` is not an email address"
                ))
                .with_hint("usage: users map <linear-email> <aad-user-id>"));
            }
            users::map_manual(store.conn(), &linear_email, &aad_user_id, &cx.now())?;
            if ui.json() {
                ui.emit_json(&serde_json::json!({"email": linear_email, "aad_user_id": aad_user_id, "result": "mapped"}))?;
            } else {
                writeln!(ui.status(), "Mapped {linear_email} to {aad_user_id}.")?;
            }
        }
        UsersCommand::Forget { email } => {
            users::forget(store.conn(), &email)?;
            if ui.json() {
                ui.emit_json(&serde_json::json!({"email": email, "result": "forgotten"}))?;
            } else {
                writeln!(ui.status(), "Forgot {email}.")?;
            }
        }
    }
    Ok(Outcome::Clean)
}
