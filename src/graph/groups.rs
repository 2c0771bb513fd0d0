//! Microsoft 365 groups (Group.Read.All): the containers that own Planner plans. Only the
//! `map` wizard lists them, to let an admin pick a group and then one of its plans.

use serde::Deserialize;

use super::types::Page;
use super::{GraphClient, GraphError, RequestKind, encode_component};

/// Only Microsoft 365 ("Unified") groups can own plans.
const UNIFIED_FILTER: &str = "groupTypes/any(c:c eq 'Unified')";

/// A group as the wizard shows it.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct GraphGroup {
    pub id: String,
    #[serde(default)]
    pub display_name: String,
}

impl GraphClient {
    /// `GET /groups?$filter=groupTypes/any(c:c eq 'Unified')`, every page.
    pub async fn unified_groups(&self) -> Result<Vec<GraphGroup>, GraphError> {
        let url = self.v1(&format!(
            "/groups?$filter={}&$select=id,displayName",
            encode_component(UNIFIED_FILTER)
        ));
        let mut out = Vec::new();
        let mut next = Some(url);
        while let Some(url) = next {
            let page: Page<GraphGroup> = self.get_json(url, RequestKind::Plan).await?;
            out.extend(page.value);
            next = page.next_link;
        }
        Ok(out)
    }
}
