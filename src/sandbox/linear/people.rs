//! People joining the workspace: Linear has no API to create users (they accept an invite and
//! sign in), so tests and `demo` add them here, as an admin inviting someone would. The new
//! user is active and a member of every team, and is served by `users`, `user`, team
//! `members` and as an assignee like the seeded ones.

use super::error::ApiError;
use super::state::User;
use super::world::LinearWorld;

impl LinearWorld {
    /// Adds an active user (`display_name` is the `@name` and profile-URL handle) to the
    /// workspace and to every team; returns its id. An email already taken is refused, as
    /// Linear refuses a second account with one address.
    pub fn add_user(
        &self,
        name: &str,
        display_name: &str,
        email: &str,
    ) -> Result<String, ApiError> {
        self.write(|st| {
            if st.users.iter().any(|u| u.email.eq_ignore_ascii_case(email)) {
                return Err(ApiError::input(format!(
                    "a user with email {email} already exists"
                )));
            }
            let now = st.clock.tick();
            let id = uuid::Uuid::new_v4().to_string();
            st.users.push(User {
                id: id.clone(),
                name: name.to_owned(),
                display_name: display_name.to_owned(),
                email: email.to_owned(),
                active: true,
                created_at_ms: now,
                updated_at_ms: now,
            });
            for team in &mut st.teams {
                team.member_ids.push(id.clone());
            }
            Ok(id)
        })
    }
}
