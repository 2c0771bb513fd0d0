//! The attachment mirror's upload: a file into a folder of the group drive (or of a configured
//! drive), returning its `webUrl` for a Planner reference.
//!
//! Up to the configured threshold (default 4 MiB) one `PUT …:/content`; above it an upload
//! session whose chunks are multiples of 320 KiB, sent to the pre-authenticated `uploadUrl`
//! **without** an Authorization header (Graph rejects chunks that carry one).

use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

use super::pipeline::{Body, Call};
use super::types::DriveItem;
use super::{GraphClient, GraphError, RequestKind, UPLOAD_CHUNK_MULTIPLE, encode_component};

/// Where attachments go (`graph.upload_drive`: `group` or a drive id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DriveTarget {
    /// The document library of the plan's group.
    Group(String),
    /// A drive by id.
    Drive(String),
}

impl DriveTarget {
    /// `upload_drive = "group"` → the plan's group drive; anything else is a drive id.
    pub fn from_setting(upload_drive: &str, group_id: &str) -> DriveTarget {
        if upload_drive.eq_ignore_ascii_case("group") {
            DriveTarget::Group(group_id.to_owned())
        } else {
            DriveTarget::Drive(upload_drive.to_owned())
        }
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Session {
    upload_url: String,
}

/// `Linear attachments/a b.png` → `Linear%20attachments/a%20b.png` (each segment encoded).
fn encode_path(folder: &str, name: &str) -> String {
    folder
        .split('/')
        .chain(std::iter::once(name))
        .filter(|s| !s.is_empty())
        .map(encode_component)
        .collect::<Vec<_>>()
        .join("/")
}

impl GraphClient {
    /// `{drive root}:/{folder}/{name}:/{action}`.
    fn drive_url(&self, target: &DriveTarget, folder: &str, name: &str, action: &str) -> String {
        let root = match target {
            DriveTarget::Group(g) => format!("/groups/{}/drive/root", encode_component(g)),
            DriveTarget::Drive(d) => format!("/drives/{}/root", encode_component(d)),
        };
        self.v1(&format!("{root}:/{}:/{action}", encode_path(folder, name)))
    }

    /// Uploads `data` as `folder/name` (replacing a file of that name) and returns the item.
    pub async fn upload_file(
        &self,
        target: &DriveTarget,
        folder: &str,
        name: &str,
        data: Vec<u8>,
    ) -> Result<DriveItem, GraphError> {
        if data.len() as u64 <= self.inner.opts.simple_upload_max_bytes {
            let mut call = Call::new(
                Method::PUT,
                self.drive_url(target, folder, name, "content"),
                RequestKind::Upload,
            );
            call.body = Body::Bytes {
                data,
                content_type: "application/octet-stream",
            };
            let reply = self.send(&call).await?;
            return reply.json(call.path());
        }
        self.upload_in_session(target, folder, name, data).await
    }

    async fn upload_in_session(
        &self,
        target: &DriveTarget,
        folder: &str,
        name: &str,
        data: Vec<u8>,
    ) -> Result<DriveItem, GraphError> {
        let body = json!({"item": {"@microsoft.graph.conflictBehavior": "replace"}});
        let call = Call::new(
            Method::POST,
            self.drive_url(target, folder, name, "createUploadSession"),
            RequestKind::Upload,
        )
        .json(&body)
        // A second session for the same file is harmless (the first one simply expires).
        .idempotent();
        let session: Session = self.send(&call).await?.json(call.path())?;

        let chunk = (self.inner.opts.upload_chunk_bytes / UPLOAD_CHUNK_MULTIPLE).max(1)
            * UPLOAD_CHUNK_MULTIPLE;
        let total = data.len();
        let mut start = 0usize;
        loop {
            let end = (start + chunk as usize).min(total);
            let mut put = Call::new(
                Method::PUT,
                session.upload_url.clone(),
                RequestKind::UploadChunk,
            )
            .header(
                "content-range",
                format!("bytes {start}-{}/{total}", end - 1),
            );
            // The upload URL is pre-authenticated; a bearer token here is refused.
            put.auth = false;
            put.body = Body::Bytes {
                data: data[start..end].to_vec(),
                content_type: "application/octet-stream",
            };
            let reply = self.send(&put).await?;
            if end == total {
                return reply.json("the last upload chunk");
            }
            start = end;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_encoded_per_segment() {
        assert_eq!(
            encode_path("Linear attachments", "a b#1.png"),
            "Linear%20attachments/a%20b%231.png"
        );
        assert_eq!(encode_path("", "x.txt"), "x.txt");
        assert_eq!(
            DriveTarget::from_setting("group", "g1"),
            DriveTarget::Group("g1".into())
        );
    }
}
