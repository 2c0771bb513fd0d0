//! The HTTP face of the sandbox: `POST /graphql` and authenticated `GET /uploads/{*path}`.
//!
//! Request handling follows Linear's order: authenticate (`Authorization: <key>`, or
//! `Bearer <token>` for OAuth), spend one request from the key's budget, validate, check and
//! spend complexity, execute. Failures before execution answer HTTP 400 with one Linear-shaped
//! error; execution errors answer 200 when some data came back and 400 when `data` is null.
//! Every response carries the `X-RateLimit-*` headers and `X-Complexity`.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde_json::{Map, Value};

use super::error::ApiError;
use super::exec;
use super::limits::{Exhausted, RateSnapshot};
use super::world::LinearWorld;

/// Serves `POST /graphql` and `GET /uploads/{*path}` (nest it at `/linear`).
pub fn router(world: LinearWorld) -> Router {
    Router::new()
        .route("/graphql", post(graphql))
        .route("/uploads/{*path}", get(upload))
        .with_state(world)
}

/// What one GraphQL request produced.
struct Answer {
    status: u16,
    body: Value,
    rate: Option<RateSnapshot>,
    complexity: u64,
    retry_after_secs: Option<u64>,
}

impl Answer {
    fn error(err: &ApiError, rate: Option<RateSnapshot>) -> Self {
        Self {
            status: 400,
            body: err.body(),
            rate,
            complexity: 0,
            retry_after_secs: None,
        }
    }
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        let status = StatusCode::from_u16(self.status).unwrap_or(StatusCode::BAD_REQUEST);
        let mut headers = HeaderMap::new();
        let mut put = |name: &'static str, value: String| {
            if let Ok(v) = HeaderValue::from_str(&value) {
                headers.insert(name, v);
            }
        };
        if let Some(r) = self.rate {
            put("x-ratelimit-requests-limit", r.requests_limit.to_string());
            put(
                "x-ratelimit-requests-remaining",
                r.requests_remaining.to_string(),
            );
            put(
                "x-ratelimit-requests-reset",
                r.requests_reset_ms.to_string(),
            );
            put(
                "x-ratelimit-complexity-limit",
                r.complexity_limit.to_string(),
            );
            put(
                "x-ratelimit-complexity-remaining",
                r.complexity_remaining.to_string(),
            );
            put(
                "x-ratelimit-complexity-reset",
                r.complexity_reset_ms.to_string(),
            );
        }
        put("x-complexity", self.complexity.to_string());
        if let Some(secs) = self.retry_after_secs {
            put("retry-after", secs.to_string());
        }
        (status, headers, axum::Json(self.body)).into_response()
    }
}

/// Metering key of unauthenticated requests (Linear meters those per IP).
const ANONYMOUS: &str = "<unauthenticated>";

async fn graphql(State(world): State<LinearWorld>, headers: HeaderMap, body: Bytes) -> Answer {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    // Phase 1 (locked): credentials and the request budget.
    let key = {
        let mut st = world.lock();
        let now = st.clock.peek_ms();
        match st.limits.authenticate(auth) {
            Err(why) => {
                let rate = st.limits.snapshot(ANONYMOUS, now);
                return Answer::error(&ApiError::authentication(why), Some(rate));
            }
            Ok(key) => match st.limits.take_request(&key, now) {
                Ok(_) => key,
                Err(_) => {
                    let rate = st.limits.snapshot(&key, now);
                    let per_token_ms = 3_600_000 / rate.requests_limit.max(1);
                    let mut answer = Answer::error(&ApiError::ratelimited("Request"), Some(rate));
                    answer.retry_after_secs = Some(per_token_ms.div_ceil(1000));
                    return answer;
                }
            },
        }
    };
    // Phase 2 (unlocked): parse and validate; this is the expensive, state-free part.
    let prepared = parse_body(&body).and_then(|(query, op, vars)| {
        exec::prepare(&query, op.as_deref(), &vars).map_err(|errors| {
            let body = Value::Array(errors.iter().map(ApiError::to_json).collect());
            serde_json::json!({ "errors": body })
        })
    });
    // Phase 3 (locked): accounting, complexity, execution; webhooks go out after unlocking.
    world.write(|st| {
        let now = st.clock.peek_ms();
        let prepared = match prepared {
            Ok(p) => p,
            Err(body) => {
                *st.operation_counts
                    .entry("<invalid>".to_owned())
                    .or_default() += 1;
                let rate = st.limits.snapshot(&key, now);
                return Answer {
                    status: 400,
                    body,
                    rate: Some(rate),
                    complexity: 0,
                    retry_after_secs: None,
                };
            }
        };
        *st.operation_counts
            .entry(prepared.counted_name.clone())
            .or_default() += 1;
        let max = st.limits.config.max_query_complexity;
        if prepared.complexity > max {
            let err = ApiError::input("Query too complex");
            let err = ApiError {
                user_message: format!(
                    "The query is too complex. Complexity: {}. Maximum allowed complexity: {max}.",
                    prepared.complexity
                ),
                ..err
            };
            let mut answer = Answer::error(&err, Some(st.limits.snapshot(&key, now)));
            answer.complexity = prepared.complexity;
            return answer;
        }
        let rate = match st.limits.take_complexity(&key, prepared.complexity, now) {
            Ok(rate) => rate,
            Err(Exhausted::Complexity | Exhausted::Requests) => {
                let mut answer = Answer::error(
                    &ApiError::ratelimited("Complexity"),
                    Some(st.limits.snapshot(&key, now)),
                );
                answer.complexity = prepared.complexity;
                return answer;
            }
        };
        let (status, body) = exec::execute(st, &prepared);
        Answer {
            status,
            body,
            rate: Some(rate),
            complexity: prepared.complexity,
            retry_after_secs: None,
        }
    })
}

type Parsed = (String, Option<String>, Map<String, Value>);

/// `{"query","variables","operationName"}`; a malformed body is a request error.
fn parse_body(body: &[u8]) -> Result<Parsed, Value> {
    let bad = |msg: &str| ApiError::input(msg.to_owned()).body();
    let value: Value =
        serde_json::from_slice(body).map_err(|e| bad(&format!("body is not JSON: {e}")))?;
    let Some(obj) = value.as_object() else {
        return Err(bad("body must be a JSON object"));
    };
    let Some(query) = obj.get("query").and_then(Value::as_str) else {
        return Err(bad("body has no \"query\" string"));
    };
    let op = obj
        .get("operationName")
        .and_then(Value::as_str)
        .map(str::to_owned);
    let vars = match obj.get("variables") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(map)) => map.clone(),
        Some(_) => return Err(bad("\"variables\" must be an object")),
    };
    Ok((query.to_owned(), op, vars))
}

/// Uploaded files need the `Authorization` header (API key, `Bearer <API key>` as the bridge
/// spec sends it, or an OAuth token); without it → 401.
async fn upload(
    State(world): State<LinearWorld>,
    Path(path): Path<String>,
    headers: HeaderMap,
) -> Response {
    let auth = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok());
    let st = world.lock();
    let raw_key = auth.map(|a| a.strip_prefix("Bearer ").unwrap_or(a).trim());
    let ok = st.limits.authenticate(auth).is_ok()
        || raw_key.is_some_and(|k| st.limits.api_keys.iter().any(|key| key == k));
    if !ok {
        return (StatusCode::UNAUTHORIZED, "Unauthorized").into_response();
    }
    match st.uploads.get(&path) {
        Some(file) => {
            let content_type = HeaderValue::from_str(&file.content_type)
                .unwrap_or(HeaderValue::from_static("application/octet-stream"));
            (
                StatusCode::OK,
                [(header::CONTENT_TYPE, content_type)],
                file.bytes.clone(),
            )
                .into_response()
        }
        None => (StatusCode::NOT_FOUND, "Not Found").into_response(),
    }
}
