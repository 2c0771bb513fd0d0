//! The vendored Linear schema, parsed and validated once, and document validation against it.

use std::sync::OnceLock;

use apollo_compiler::validation::Valid;
use apollo_compiler::{ExecutableDocument, Schema};

use super::error::ApiError;

/// Linear's public schema (descriptions stripped), vendored at `schema/linear.graphql`.
pub const SCHEMA_SDL: &str = include_str!("../../../schema/linear.graphql");

static SCHEMA: OnceLock<Result<Valid<Schema>, String>> = OnceLock::new();

/// The parsed schema. An error here means the vendored file is broken, which the test suite
/// catches; requests then fail with an internal error instead of panicking.
pub fn schema() -> Result<&'static Valid<Schema>, ApiError> {
    let parsed = SCHEMA.get_or_init(|| {
        Schema::parse_and_validate(SCHEMA_SDL, "linear.graphql").map_err(|e| e.errors.to_string())
    });
    parsed
        .as_ref()
        .map_err(|e| ApiError::input(format!("the sandbox schema does not parse: {e}")))
}

/// Parse and validate a document; on failure one `GRAPHQL_VALIDATION_FAILED` error per
/// diagnostic, with apollo-compiler's message.
pub fn validate(query: &str) -> Result<Valid<ExecutableDocument>, Vec<ApiError>> {
    let schema = schema().map_err(|e| vec![e])?;
    ExecutableDocument::parse_and_validate(schema, query, "query.graphql").map_err(|e| {
        e.errors
            .iter()
            .map(|d| ApiError::validation(d.error.to_string()))
            .collect()
    })
}
