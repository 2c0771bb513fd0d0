//! One GraphQL request from validated document to response body.
//!
//! Order follows Linear: the document is validated against the schema, the operation chosen,
//! variables coerced to their declared types, complexity checked, then the operation executed
//! (mutations field by field, in order). Field errors keep the Linear `extensions` their
//! resolver raised.

use apollo_compiler::ExecutableDocument;
use apollo_compiler::executable::{Operation, OperationType};
use apollo_compiler::request::coerce_variable_values;
use apollo_compiler::resolvers::Execution;
use apollo_compiler::response::JsonMap;
use apollo_compiler::validation::Valid;
use serde_json::{Map, Value};

use super::complexity::complexity;
use super::error::ApiError;
use super::objects::{Ctx, Node, Obj};
use super::schema::schema;
use super::state::State;

/// A validated request, ready to run.
pub struct Prepared {
    doc: Valid<ExecutableDocument>,
    operation_name: Option<String>,
    variables: Valid<JsonMap>,
    /// Name used for request accounting (`<anonymous>` when unnamed).
    pub counted_name: String,
    pub complexity: u64,
    pub is_mutation: bool,
}

/// Validate the document, pick the operation and coerce its variables.
pub fn prepare(
    query: &str,
    operation_name: Option<&str>,
    variables: &Map<String, Value>,
) -> Result<Prepared, Vec<ApiError>> {
    let doc = super::schema::validate(query)?;
    let schema = schema().map_err(|e| vec![e])?;
    let operation: &Operation = doc
        .operations
        .get(operation_name)
        .map_err(|e| vec![ApiError::validation(e.message().to_string())])?;
    let raw: JsonMap = match serde_json::from_value(Value::Object(variables.clone())) {
        Ok(map) => map,
        Err(e) => return Err(vec![ApiError::input(format!("variables: {e}"))]),
    };
    let coerced = coerce_variable_values(schema, operation, &raw)
        .map_err(|e| vec![ApiError::input(e.message().to_string())])?;
    let coerced_plain = match serde_json::to_value(&*coerced) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    };
    let points = complexity(&doc, &operation.selection_set, &coerced_plain);
    let counted_name = operation
        .name
        .as_ref()
        .map_or_else(|| "<anonymous>".to_owned(), |n| n.to_string());
    let is_mutation = operation.operation_type == OperationType::Mutation;
    Ok(Prepared {
        operation_name: operation_name.map(str::to_owned),
        doc,
        variables: coerced,
        counted_name,
        complexity: points,
        is_mutation,
    })
}

/// Run a prepared request against the state; returns `(http_status, body)`.
pub fn execute(state: &mut State, prepared: &Prepared) -> (u16, Value) {
    let schema = match schema() {
        Ok(s) => s,
        Err(e) => return (500, e.body()),
    };
    let actor = state.viewer_id.clone();
    // The executor borrows resolvers immutably; moving the state into a RefCell for the
    // duration of the request lets mutations write while the caller still holds the lock.
    let ctx = Ctx::new(std::mem::take(state), actor);
    let root = if prepared.is_mutation {
        Node::Mutation
    } else {
        Node::Query
    };
    let result = Execution::new(schema, &prepared.doc)
        .operation_name(prepared.operation_name.as_deref())
        .map(|exec| {
            exec.coerced_variable_values(&prepared.variables)
                .execute_sync(&Obj::new(&ctx, root))
        });
    let body = match result {
        Ok(Ok(response)) => response_body(&ctx, response),
        Ok(Err(e)) | Err(e) => ApiError::input(e.message().to_string()).body(),
    };
    *state = ctx.into_state();
    let data_null = body.get("data").is_none_or(Value::is_null);
    (if data_null { 400 } else { 200 }, body)
}

/// Serialize the executor's response, restoring each resolver error's Linear extensions.
fn response_body(ctx: &Ctx, response: apollo_compiler::response::ExecutionResponse) -> Value {
    let mut body = match serde_json::to_value(&response) {
        Ok(v) => v,
        Err(e) => return ApiError::input(format!("response serialization: {e}")).body(),
    };
    if let Some(errors) = body.get_mut("errors").and_then(Value::as_array_mut) {
        for error in errors {
            let Some(obj) = error.as_object_mut() else {
                continue;
            };
            let message = obj
                .get("message")
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned();
            let inner = message.strip_prefix("resolver error: ").unwrap_or(&message);
            let api = ctx
                .raised(inner)
                .unwrap_or_else(|| ApiError::internal(message.clone()));
            obj.insert("message".into(), Value::from(api.message.clone()));
            obj.insert("extensions".into(), api.extensions());
        }
    }
    body
}
