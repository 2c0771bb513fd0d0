//! Relay connections: `first/after/last/before` over a sorted list, `nodes`, `edges`, `pageInfo`.
//!
//! Linear orders by `createdAt` unless `orderBy: updatedAt`, newest first, returns 50 items by
//! default and at most 250. The cursor is the item's id; paging after an item that has since
//! moved (an issue updated between pages) continues from where its *current* sort key sits,
//! so a client that pages while humans edit can see an item twice or miss one — the reason the
//! bridge's `updatedAt` cursor, not page cursors, must guarantee convergence.

use std::rc::Rc;

use serde_json::{Map, Value};

use super::{Node, Out};
use crate::sandbox::linear::error::ApiError;

/// Linear's default and maximum page sizes.
const DEFAULT_PAGE: usize = 50;
const MAX_PAGE: i64 = 250;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PageInfo {
    pub has_next_page: bool,
    pub has_previous_page: bool,
    pub start_cursor: Option<String>,
    pub end_cursor: Option<String>,
}

/// One page of a connection.
#[derive(Debug)]
pub struct Page {
    pub type_name: String,
    edge_type: String,
    items: Vec<(String, Node)>,
    info: PageInfo,
}

impl Page {
    /// An empty connection of the named type (for relations the sandbox does not model).
    pub fn empty(type_name: &str) -> Self {
        Self {
            type_name: type_name.to_owned(),
            edge_type: edge_type(type_name),
            items: Vec::new(),
            info: PageInfo::default(),
        }
    }
}

fn edge_type(connection: &str) -> String {
    let base = connection.strip_suffix("Connection").unwrap_or(connection);
    format!("{base}Edge")
}

/// Pagination arguments of a connection field.
#[derive(Debug, Clone, Default)]
pub struct PageRequest {
    pub first: Option<i64>,
    pub after: Option<String>,
    pub last: Option<i64>,
    pub before: Option<String>,
    /// `orderBy: updatedAt` (else createdAt).
    pub by_updated: bool,
    pub include_archived: bool,
}

impl PageRequest {
    pub fn from_args(args: &Map<String, Value>) -> Result<Self, ApiError> {
        let count = |name: &str| -> Result<Option<i64>, ApiError> {
            match args.get(name).and_then(Value::as_i64) {
                Some(n) if !(0..=MAX_PAGE).contains(&n) => Err(ApiError::input(format!(
                    "{name} must be between 0 and {MAX_PAGE}, got {n}"
                ))),
                other => Ok(other),
            }
        };
        let text = |name: &str| args.get(name).and_then(Value::as_str).map(str::to_owned);
        Ok(Self {
            first: count("first")?,
            last: count("last")?,
            after: text("after"),
            before: text("before"),
            by_updated: args.get("orderBy").and_then(Value::as_str) == Some("updatedAt"),
            include_archived: args.get("includeArchived").and_then(Value::as_bool) == Some(true),
        })
    }
}

/// One candidate of a connection: its sort instant, id (cursor and tie-break) and node.
pub struct Item {
    pub sort_ms: i64,
    pub id: String,
    pub node: Node,
}

/// Sort (newest first, ties by id), apply the cursors and the page size. `key_of` gives the
/// current sort instant of a cursor's item even when it is no longer in `items`.
pub fn paginate(
    type_name: &str,
    mut items: Vec<Item>,
    req: &PageRequest,
    key_of: &dyn Fn(&str) -> Option<i64>,
) -> Result<Page, ApiError> {
    items.sort_by(|a, b| (b.sort_ms, &b.id).cmp(&(a.sort_ms, &a.id)));
    let position = |cursor: &str| -> Result<(i64, String), ApiError> {
        key_of(cursor)
            .map(|ms| (ms, cursor.to_owned()))
            .ok_or_else(|| ApiError::input(format!("Invalid cursor: {cursor}")))
    };
    let mut lo = 0;
    let mut hi = items.len();
    if let Some(after) = &req.after {
        let key = position(after)?;
        lo = items.partition_point(|i| (i.sort_ms, &i.id) >= (key.0, &key.1));
    }
    if let Some(before) = &req.before {
        let key = position(before)?;
        hi = items
            .partition_point(|i| (i.sort_ms, &i.id) > (key.0, &key.1))
            .max(lo);
    }
    let (start, end) = match (req.first, req.last) {
        (Some(first), _) => (lo, (lo + first as usize).min(hi)),
        (None, Some(last)) => (hi.saturating_sub(last as usize).max(lo), hi),
        (None, None) => (lo, (lo + DEFAULT_PAGE).min(hi)),
    };
    let has_next_page = end < items.len();
    let has_previous_page = start > 0;
    let slice: Vec<(String, Node)> = items.drain(start..end).map(|i| (i.id, i.node)).collect();
    let info = PageInfo {
        has_next_page,
        has_previous_page,
        start_cursor: slice.first().map(|(c, _)| c.clone()),
        end_cursor: slice.last().map(|(c, _)| c.clone()),
    };
    Ok(Page {
        type_name: type_name.to_owned(),
        edge_type: edge_type(type_name),
        items: slice,
        info,
    })
}

/// `nodes`, `edges` or `pageInfo` of a page.
pub fn page_field(page: &Rc<Page>, field: &str) -> Out {
    match field {
        "nodes" => Out::Nodes(page.items.iter().map(|(_, n)| n.clone()).collect()),
        "edges" => Out::Nodes(
            page.items
                .iter()
                .map(|(cursor, node)| Node::Edge {
                    type_name: page.edge_type.clone(),
                    cursor: cursor.clone(),
                    node: Box::new(node.clone()),
                })
                .collect(),
        ),
        "pageInfo" => Out::Node(Node::PageInfo(page.info.clone())),
        _ => Out::Unmodelled,
    }
}

pub fn page_info_field(info: &PageInfo, field: &str) -> Out {
    let cursor = |c: &Option<String>| c.clone().map_or(Out::Null, Out::leaf);
    match field {
        "hasNextPage" => Out::leaf(info.has_next_page),
        "hasPreviousPage" => Out::leaf(info.has_previous_page),
        "startCursor" => cursor(&info.start_cursor),
        "endCursor" => cursor(&info.end_cursor),
        _ => Out::Unmodelled,
    }
}
