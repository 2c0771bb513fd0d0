//! The file mirror: each file uploaded to a linked Linear issue (an `uploads.linear.app`
//! attachment or a link to one in the description) is downloaded with the Linear key,
//! uploaded to `{graph.folder}/{ISSUE-ID}/{name}` of the configured drive (one PUT or an
//! upload session, by size) and referenced on the task by its `webUrl`: once per file
//! (recorded in SQLite), within `max_references`. A failure stops here and the caller
//! dead-letters the pair; a replay mirrors what is still missing.
//!
//! Files only flow Linear → Planner: when the mapping's `attachments` direction does not
//! write Planner (`to-linear`, `off`), each new upload is recorded as skipped instead, so
//! switching the direction back mirrors the files uploaded from then on, not the old ones.

use std::collections::BTreeMap;

use crate::engine::EngineError;
use crate::engine::faces::MappingMeta;
use crate::engine::pass::{Engine, entry};
use crate::engine::ports::{
    DetailsWrite, IssueRich, LinearPort, PlannerPort, PortError, RemoteIssue, RemoteTask,
};
use crate::engine::report::MappingReport;
use crate::engine::rich::{RichState, is_linear_upload};
use crate::model::direction::SyncField;
use crate::model::merge::Side;
use crate::store::Store;
use crate::store::files::{self, Mirrored};
use crate::store::links::Link;
use crate::store::mappings::Mapping;

/// A file name safe as one drive path segment.
fn file_name(title: &str, url: &str) -> String {
    let base = if title.trim().is_empty() {
        url.split(['?', '#'])
            .next()
            .unwrap_or(url)
            .rsplit('/')
            .next()
            .unwrap_or("")
    } else {
        title.trim()
    };
    let name: String = base
        .chars()
        .map(|c| {
            if matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    if name.is_empty() { "file".into() } else { name }
}

/// The uploads of an issue: URL → file name, attachments first, then the description's links.
pub fn uploads_of(issue: &RemoteIssue, rich: &IssueRich) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for a in &rich.attachments {
        if is_linear_upload(&a.url, &issue.url) {
            out.insert(a.url.clone(), file_name(&a.title, &a.url));
        }
    }
    let ends = |c: char| c.is_whitespace() || matches!(c, ')' | ']' | '>' | '"' | '\'');
    for (at, _) in issue.description.match_indices("http") {
        let url: String = issue.description[at..]
            .chars()
            .take_while(|c| !ends(*c))
            .collect();
        if is_linear_upload(&url, &issue.url) && !out.contains_key(&url) {
            let name = file_name("", &url);
            out.insert(url, name);
        }
    }
    out
}

impl<P: PlannerPort, L: LinearPort> Engine<'_, P, L> {
    /// Mirror the issue's files not mirrored yet; `task` becomes the task as written.
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn mirror_files(
        &mut self,
        store: &Store,
        mapping: &Mapping,
        meta: &MappingMeta,
        link: &Link,
        task: &mut RemoteTask,
        issue: &RemoteIssue,
        state: &mut RichState,
        report: &mut MappingReport,
    ) -> Result<(), EngineError> {
        let known = files::for_link(store.conn(), link.id)?;
        state
            .mirrored
            .extend(known.iter().filter_map(|f| f.web_url.clone()));
        if self.options.dry_run {
            return Ok(());
        }
        let rich = issue.rich.clone().unwrap_or_default();
        let group = meta.plan.group_id.clone().unwrap_or_default();
        let folder = format!("{}/{}", self.config.graph.folder, issue.identifier);
        let issue_ref = Some((&issue.id, issue.identifier.as_str()));
        let flows = mapping
            .control
            .fields
            .allows(SyncField::Attachments, Side::Planner);
        for (url, name) in uploads_of(issue, &rich) {
            if known.iter().any(|f| f.source_url == url) {
                continue;
            }
            let mut file = Mirrored {
                source_url: url.clone(),
                web_url: None,
                name: name.clone(),
            };
            let mut e = entry(mapping.id, "mirror_file", Some(&task.id), issue_ref);
            e.field = Some("links".into());
            e.new_value = Some(name.clone());
            if !flows {
                let dir = mapping.control.fields.get(SyncField::Attachments);
                (e.action, e.detail) = (
                    "skip".into(),
                    Some(format!(
                        "file {name} not mirrored: the attachments direction is {}",
                        dir.as_str()
                    )),
                );
            } else if task.details.references.len() >= state.max_references {
                let why = format!(
                    "{}: file {name} not mirrored: the task holds {} references (graph.max_references)",
                    issue.identifier, state.max_references
                );
                (e.action, e.detail) = ("skip".into(), Some(why.clone()));
                report.warnings.push(why);
            } else {
                // A download is a read: only the upload and the reference count as writes.
                let data = self.linear.download(&url).await?;
                self.count_op();
                let web = self
                    .planner
                    .upload_file(
                        &self.config.graph.upload_drive,
                        &group,
                        &folder,
                        &name,
                        data,
                    )
                    .await?;
                let write = DetailsWrite {
                    add_references: BTreeMap::from([(web.clone(), name.clone())]),
                    ..DetailsWrite::default()
                };
                self.count_op();
                *task = match self.planner.update_details(task, &write).await {
                    Err(PortError::Conflict(fresh)) => {
                        self.planner.update_details(&fresh, &write).await?
                    }
                    other => other?,
                };
                e.detail = Some(format!("uploaded to {folder}/{name}; referenced as {web}"));
                state.mirrored.insert(web.clone());
                file.web_url = Some(web);
            }
            let now = self.now();
            let tx = store.transaction()?;
            files::record(&tx, link.id, &file, &now)?;
            self.audit(&tx, e)?;
            tx.commit()?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::ports::IssueAttachment;
    use crate::model::ids::IssueId;

    #[test]
    fn uploads_come_from_attachments_and_the_description() {
        let issue = RemoteIssue {
            id: IssueId("i".into()),
            identifier: "ENG-1".into(),
            url: "https://linear.app/acme/issue/ENG-1/x".into(),
            title: String::new(),
            description:
                "See ![shot](https://uploads.linear.app/o/1/shot.png) and https://example.com/x"
                    .into(),
            state_id: String::new(),
            assignee_email: None,
            due: None,
            priority: 0,
            labels: Default::default(),
            updated_at: String::new(),
            archived: false,
            created_at: None,
            project_id: None,
            parent_id: None,
            attachments: vec![],
            rich: None,
            snapshot: false,
        };
        let rich = IssueRich {
            attachments: vec![
                IssueAttachment {
                    id: "a".into(),
                    url: "https://uploads.linear.app/o/2/trace".into(),
                    title: "trace: 401.txt".into(),
                },
                IssueAttachment {
                    id: "b".into(),
                    url: "https://github.com/acme/web/pull/42".into(),
                    title: "PR".into(),
                },
            ],
            ..IssueRich::default()
        };
        let found = uploads_of(&issue, &rich);
        assert_eq!(
            found.into_iter().collect::<Vec<_>>(),
            vec![
                (
                    "https://uploads.linear.app/o/1/shot.png".to_string(),
                    "shot.png".to_string()
                ),
                (
                    "https://uploads.linear.app/o/2/trace".to_string(),
                    "trace_ 401.txt".to_string()
                ),
            ]
        );
    }
}
