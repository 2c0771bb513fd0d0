//! The compile-time schema module and the custom scalars our documents use.
//!
//! `build.rs` registers `schema/linear.graphql` (Linear's public schema); `#[cynic::schema]`
//! turns it into marker types, so every derive in `queries.rs`/`mutations.rs` is type-checked
//! against Linear's real API. Scalars stay strings: the bridge compares and stores them
//! verbatim (`updatedAt` keeps Linear's millisecond text; `dueDate` is `YYYY-MM-DD`).

use serde::{Serialize, Serializer};

#[cynic::schema("linear")]
pub mod schema {}

/// Linear's `DateTime`: RFC 3339 with milliseconds, e.g. `2026-11-25T12:00:00.000Z`.
#[derive(cynic::Scalar, Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cynic(graphql_type = "DateTime")]
pub struct DateTime(pub String);

/// The argument type of `DateComparator` (`updatedAt: {gte: …}`).
#[derive(cynic::Scalar, Debug, Clone, PartialEq, Eq)]
#[cynic(graphql_type = "DateTimeOrDuration")]
pub struct DateTimeOrDuration(pub String);

/// Linear's `TimelessDate`: `YYYY-MM-DD`.
#[derive(cynic::Scalar, Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
#[cynic(graphql_type = "TimelessDate")]
pub struct TimelessDate(pub String);

/// One nullable input field of an update: leave it alone, set it, or clear it (`null`).
///
/// GraphQL distinguishes an absent field from an explicit `null` (unassign, remove the due
/// date, leave the cycle); `Option` alone cannot say both, so updates use this.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum Patch<T> {
    #[default]
    Keep,
    Set(T),
    Clear,
}

impl<T> Patch<T> {
    /// True when the field must not be sent at all.
    pub fn is_keep(&self) -> bool {
        matches!(self, Patch::Keep)
    }

    /// `Some(value)` → set, `None` → clear.
    pub fn from_option(value: Option<T>) -> Patch<T> {
        match value {
            Some(v) => Patch::Set(v),
            None => Patch::Clear,
        }
    }
}

impl<T: Serialize> Serialize for Patch<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Patch::Set(value) => value.serialize(serializer),
            // `Keep` is skipped by `skip_serializing_if`; should it get here, null is the
            // only value that means "no value".
            Patch::Keep | Patch::Clear => serializer.serialize_none(),
        }
    }
}

// A `Patch<T>` stands for a nullable `T` in the schema, so it type-checks wherever `T` does.
impl<M, T: cynic::schema::IsScalar<M>> cynic::schema::IsScalar<M> for Patch<T> {
    type SchemaType = T::SchemaType;
}
impl<M, T: cynic::coercions::CoercesTo<M>> cynic::coercions::CoercesTo<M> for Patch<T> {}

/// Linear's `UUID` scalar (ids in `issueBatchUpdate`).
#[derive(cynic::Scalar, Debug, Clone, PartialEq, Eq)]
#[cynic(graphql_type = "UUID")]
pub struct Uuid(pub String);
