//! Cheap calls that test the credentials and each application permission, for `doctor`.
//!
//! A probe never fails as a whole: it returns what Graph said (or the error) together with the
//! answer's `Date` header, so one call checks a permission and the clock at once. The token
//! probe always asks AAD for a new token (a cached one would prove nothing) and keeps it, so
//! the permission probes that follow reuse it instead of asking again.

use std::time::SystemTime;

use super::pipeline::Call;
use super::{CachedToken, GraphClient, GraphError, RequestKind, encode_component};

/// What one probe learned.
#[derive(Debug)]
pub struct Probe {
    /// The server's clock (`Date` header), when an answer came back.
    pub server_date: Option<SystemTime>,
    /// `Ok` with the answer's JSON on 2xx, else the classified error.
    pub result: Result<serde_json::Value, GraphError>,
}

impl GraphClient {
    /// A new client-credentials token (never the cached one); saved in the client's cache.
    pub async fn verify_token(&self) -> Result<CachedToken, GraphError> {
        let token = self.fetch_token().await?;
        self.inner.opts.token_cache.save(&self.cache_key(), &token);
        Ok(token)
    }

    /// `GET /planner/plans/{id}` (Tasks.ReadWrite.All).
    pub async fn probe_plan(&self, plan_id: &str) -> Probe {
        let path = format!("/planner/plans/{}", encode_component(plan_id));
        self.probe(&path, RequestKind::Plan).await
    }

    /// `GET /groups/{id}/planner/plans` (Group.Read.All).
    pub async fn probe_group_plans(&self, group_id: &str) -> Probe {
        let path = format!("/groups/{}/planner/plans", encode_component(group_id));
        self.probe(&path, RequestKind::Plan).await
    }

    /// `GET /users?$top=1&$select=id` (User.Read.All).
    pub async fn probe_users(&self) -> Probe {
        self.probe("/users?$top=1&$select=id", RequestKind::User)
            .await
    }

    /// `GET /groups/{id}/drive` (Files.ReadWrite.All; Group.Read.All to see the group).
    pub async fn probe_group_drive(&self, group_id: &str) -> Probe {
        let path = format!("/groups/{}/drive", encode_component(group_id));
        self.probe(&path, RequestKind::Upload).await
    }

    /// `GET /drives/{id}` (Files.ReadWrite.All), for a configured drive id.
    pub async fn probe_drive(&self, drive_id: &str) -> Probe {
        let path = format!("/drives/{}", encode_component(drive_id));
        self.probe(&path, RequestKind::Upload).await
    }

    async fn probe(&self, path: &str, kind: RequestKind) -> Probe {
        let call = Call::get(self.v1(path), kind);
        match self.send_any(&call).await {
            Err(err) => Probe {
                server_date: None,
                result: Err(err),
            },
            Ok(reply) => {
                let server_date = reply
                    .headers
                    .get("date")
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| httpdate::parse_http_date(v).ok());
                let result = if reply.is_success() {
                    reply.json(call.path())
                } else {
                    Err(reply.error(&call))
                };
                Probe {
                    server_date,
                    result,
                }
            }
        }
    }
}
