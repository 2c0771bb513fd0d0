//! Query complexity, computed the way Linear documents it.
//!
//! Each scalar/enum field costs 0.1 point, each object field 1 point plus its selection, and a
//! connection field (a type named `…Connection`) multiplies the cost of its selection by its
//! `first`/`last` argument, or by 50 (the default page size) when neither is given. The total
//! is rounded up. Fragments are expanded where they are spread (every branch of an abstract
//! type counts: an estimate errs on the high side, as Linear's does).

use apollo_compiler::ExecutableDocument;
use apollo_compiler::ast::Value as AstValue;
use apollo_compiler::executable::{Field, Selection, SelectionSet};
use apollo_compiler::schema::ExtendedType;
use apollo_compiler::validation::Valid;
use serde_json::{Map, Value};

use super::schema::schema;

/// Default page size Linear assumes for a connection without `first`/`last`.
const DEFAULT_PAGE: f64 = 50.0;

/// Complexity of one operation with its variables.
pub fn complexity(
    doc: &Valid<ExecutableDocument>,
    selection: &SelectionSet,
    vars: &Map<String, Value>,
) -> u64 {
    let points = selection_cost(doc, selection, vars, 0);
    points.ceil().max(1.0) as u64
}

fn selection_cost(
    doc: &ExecutableDocument,
    set: &SelectionSet,
    vars: &Map<String, Value>,
    depth: u32,
) -> f64 {
    // Valid documents cannot recurse through fragments, but stay defensive.
    if depth > 64 {
        return 0.0;
    }
    set.selections
        .iter()
        .map(|selection| match selection {
            Selection::Field(field) => field_cost(doc, field, vars, depth),
            Selection::FragmentSpread(spread) => {
                doc.fragments.get(&spread.fragment_name).map_or(0.0, |f| {
                    selection_cost(doc, &f.selection_set, vars, depth + 1)
                })
            }
            Selection::InlineFragment(inline) => {
                selection_cost(doc, &inline.selection_set, vars, depth + 1)
            }
        })
        .sum()
}

fn field_cost(
    doc: &ExecutableDocument,
    field: &Field,
    vars: &Map<String, Value>,
    depth: u32,
) -> f64 {
    if field.name.as_str() == "__typename" {
        return 0.0;
    }
    let type_name = field.definition.ty.inner_named_type();
    let is_leaf = schema().map_or(true, |s| {
        matches!(
            s.types.get(type_name),
            Some(ExtendedType::Scalar(_) | ExtendedType::Enum(_)) | None
        )
    });
    if is_leaf {
        return 0.1;
    }
    let children = selection_cost(doc, &field.selection_set, vars, depth + 1);
    if type_name.as_str().ends_with("Connection") {
        let page = page_size(field, vars).unwrap_or(DEFAULT_PAGE);
        1.0 + page * children
    } else {
        1.0 + children
    }
}

/// `first` or `last` of a field, from a literal or a variable.
fn page_size(field: &Field, vars: &Map<String, Value>) -> Option<f64> {
    field
        .arguments
        .iter()
        .filter(|a| a.name == "first" || a.name == "last")
        .find_map(|a| match a.value.as_ref() {
            AstValue::Int(i) => i.try_to_i32().ok().map(f64::from),
            AstValue::Variable(name) => vars.get(name.as_str()).and_then(Value::as_f64),
            _ => None,
        })
}
