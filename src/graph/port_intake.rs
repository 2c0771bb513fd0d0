//! The one details write `push` needs beyond the engine's port: checklist items and
//! references in a single PATCH (with the details etag; a 412 hands back the fresh details,
//! and the write is retried once on them). Checklist keys are chosen by the caller, so writing
//! the same ticket twice overwrites the same items instead of adding more.

use std::collections::BTreeMap;

use super::GraphError;
use super::error::Fresh;
use super::patch::DetailsPatch;
use super::port::{PlannerAdapter, port_error};
use super::types::Etag;
use crate::engine::ports::{PortResult, RemoteTask};
use crate::engine::push::IntakeDetails;

impl IntakeDetails for PlannerAdapter {
    async fn write_intake(
        &self,
        task: &RemoteTask,
        checklist: &[(String, String, bool)],
        references: &BTreeMap<String, String>,
    ) -> PortResult<()> {
        let mut patch = DetailsPatch::new();
        for (key, title, checked) in checklist {
            patch = patch.checklist_item(key, title, *checked);
        }
        for (url, alias) in references {
            patch = patch.reference(url, alias, None);
        }
        if patch.is_empty() {
            return Ok(());
        }
        let mut etag = Etag(task.details.etag.clone());
        for attempt in 0..2 {
            match self
                .client()
                .update_details(&task.id.0, &etag, &patch)
                .await
            {
                Ok(_) => return Ok(()),
                Err(GraphError::Conflict { fresh, .. }) if attempt == 0 => match *fresh {
                    Fresh::Details(details) => etag = details.etag,
                    Fresh::Task(_) => break,
                },
                Err(err) => return Err(port_error(err)),
            }
        }
        Err(crate::engine::ports::PortError::Rejected {
            message: "the task details kept changing while the checklist was written".into(),
            request_id: None,
        })
    }
}
