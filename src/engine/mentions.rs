//! Mentions in Linear descriptions → `@email` in Planner: the engine's side of
//! [`crate::model::mention`]. The team's people are read once per mapping and pass, and only
//! when a description could hold a mention, so a pass without mentions costs no request.

use crate::engine::EngineError;
use crate::engine::faces::MappingMeta;
use crate::engine::pass::Engine;
use crate::engine::ports::{LinearPort, PlannerPort};
use crate::model::mention::Mentions;

/// Whether markdown could hold a mention (`@name` or a profile link).
fn may_mention(markdown: &str) -> bool {
    markdown.contains('@') || markdown.contains("/profiles/")
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// The mention table for these Linear descriptions: empty when none could mention anyone,
    /// else the team's people (read once, then kept in `meta`).
    pub(crate) async fn mentions_for(
        &self,
        meta: &mut MappingMeta,
        markdown: &[&str],
    ) -> Result<Mentions, EngineError> {
        if !markdown.iter().any(|m| may_mention(m)) {
            return Ok(Mentions::default());
        }
        if let Some(table) = &meta.mentions {
            return Ok(table.clone());
        }
        let people = self.linear.team_people(&meta.team.id).await?;
        let table = Mentions::new(&people);
        meta.mentions = Some(table.clone());
        Ok(table)
    }
}
