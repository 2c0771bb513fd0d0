//! GraphQL objects over the state: one `Obj` per resolved value, resolving one field at a time.
//!
//! apollo-compiler's executor walks the selection set (aliases, fragments, `__typename`,
//! argument coercion, null propagation); this module answers its per-field callbacks. An
//! object is a [`Node`] (a type plus an id or a small owned value) and a handle on the
//! request's [`Ctx`]; resolvers borrow the state only while answering one field, so mutations
//! can write between fields. Fields the sandbox does not model answer honestly: `null` when
//! nullable, an empty list or connection when non-null, otherwise a field error naming them.

mod connection;
mod entities;

use std::cell::RefCell;
use std::rc::Rc;

use apollo_compiler::resolvers::{FieldError, ObjectValue, ResolveInfo, ResolvedValue};
use apollo_compiler::schema::Type;
use serde_json::{Map, Value};

pub use connection::{Item, Page, PageInfo, PageRequest, paginate};

use super::error::ApiError;
use super::state::State;

/// Everything a request's resolvers share.
pub struct Ctx {
    pub state: RefCell<State>,
    /// The user the request acts as (the key's owner = `viewer`).
    pub actor_id: String,
    /// Errors raised by resolvers, matched back to the executor's field errors by message so
    /// their Linear `extensions` survive.
    raised: RefCell<Vec<ApiError>>,
}

impl Ctx {
    pub fn new(state: State, actor_id: String) -> Self {
        Self {
            state: RefCell::new(state),
            actor_id,
            raised: RefCell::new(Vec::new()),
        }
    }

    pub fn into_state(self) -> State {
        self.state.into_inner()
    }

    /// Record an API error and turn it into the executor's field error.
    pub fn fail(&self, err: ApiError) -> FieldError {
        let message = err.message.clone();
        self.raised.borrow_mut().push(err);
        FieldError { message }
    }

    /// The API error a field error message came from, if a resolver raised it.
    pub fn raised(&self, message: &str) -> Option<ApiError> {
        self.raised
            .borrow()
            .iter()
            .find(|e| e.message == message)
            .cloned()
    }
}

/// A GraphQL object value.
#[derive(Debug, Clone)]
pub enum Node {
    Query,
    Mutation,
    Organization,
    Issue(String),
    User(String),
    Team(String),
    WorkflowState(String),
    IssueLabel(String),
    Cycle(String),
    Project(String),
    Comment(String),
    Attachment(String),
    Connection(Rc<Page>),
    Edge {
        type_name: String,
        cursor: String,
        node: Box<Node>,
    },
    PageInfo(PageInfo),
    /// A mutation payload or other fixed record.
    Record(Rc<Record>),
}

/// A payload object: its type and its fields' values.
#[derive(Debug)]
pub struct Record {
    pub type_name: &'static str,
    pub fields: Vec<(&'static str, Out)>,
}

/// What a resolver answers for one field.
#[derive(Debug, Clone)]
pub enum Out {
    Leaf(Value),
    Node(Node),
    Nodes(Vec<Node>),
    Null,
    /// Not modelled: answer per the field's type (see module docs).
    Unmodelled,
}

impl Out {
    pub fn leaf(v: impl Into<Value>) -> Self {
        Out::Leaf(v.into())
    }
    pub fn opt_node(n: Option<Node>) -> Self {
        n.map_or(Out::Null, Out::Node)
    }
}

/// Result of a resolver.
pub type Res = Result<Out, ApiError>;

/// The arguments of the field being resolved, as serde_json.
pub fn args(info: &ResolveInfo<'_>) -> Map<String, Value> {
    match serde_json::to_value(info.arguments()) {
        Ok(Value::Object(map)) => map,
        _ => Map::new(),
    }
}

/// An object handed to the executor.
pub struct Obj<'a> {
    pub ctx: &'a Ctx,
    pub node: Node,
}

impl<'a> Obj<'a> {
    pub fn new(ctx: &'a Ctx, node: Node) -> Self {
        Self { ctx, node }
    }

    fn type_name_of(node: &Node) -> &str {
        match node {
            Node::Query => "Query",
            Node::Mutation => "Mutation",
            Node::Organization => "Organization",
            Node::Issue(_) => "Issue",
            Node::User(_) => "User",
            Node::Team(_) => "Team",
            Node::WorkflowState(_) => "WorkflowState",
            Node::IssueLabel(_) => "IssueLabel",
            Node::Cycle(_) => "Cycle",
            Node::Project(_) => "Project",
            Node::Comment(_) => "Comment",
            Node::Attachment(_) => "Attachment",
            Node::Connection(page) => &page.type_name,
            Node::Edge { type_name, .. } => type_name,
            Node::PageInfo(_) => "PageInfo",
            Node::Record(rec) => rec.type_name,
        }
    }

    fn resolve(&self, info: &ResolveInfo<'_>) -> Res {
        let field = info.field_name();
        let ctx = self.ctx;
        match &self.node {
            Node::Query => super::query::resolve(ctx, field, &args(info)),
            Node::Mutation => super::mutation::resolve(ctx, field, &args(info)),
            Node::Connection(page) => Ok(connection::page_field(page, field)),
            Node::Edge { cursor, node, .. } => Ok(match field {
                "cursor" => Out::leaf(cursor.as_str()),
                "node" => Out::Node((**node).clone()),
                _ => Out::Unmodelled,
            }),
            Node::PageInfo(info) => Ok(connection::page_info_field(info, field)),
            Node::Record(rec) => Ok(rec
                .fields
                .iter()
                .find(|(name, _)| *name == field)
                .map_or(Out::Unmodelled, |(_, v)| v.clone())),
            node => {
                let st = ctx.state.borrow();
                entities::resolve(&st, ctx, node, field, &args(info))
            }
        }
    }
}

/// Answer a field the sandbox does not model, per its type (see module docs).
fn unmodelled<'b>(
    ctx: &'b Ctx,
    type_name: &str,
    info: &ResolveInfo<'b>,
) -> Result<ResolvedValue<'b>, FieldError> {
    match &info.field_definition().ty {
        Type::Named(_) | Type::List(_) => Ok(ResolvedValue::null()),
        Type::NonNullList(_) => Ok(ResolvedValue::list(std::iter::empty())),
        Type::NonNullNamed(inner) if inner.as_str().ends_with("Connection") => {
            let page = Page::empty(inner.as_str());
            Ok(ResolvedValue::object(Obj::new(
                ctx,
                Node::Connection(Rc::new(page)),
            )))
        }
        Type::NonNullNamed(_) => {
            Err(ctx.fail(ApiError::not_modelled(type_name, info.field_name())))
        }
    }
}

fn convert<'b>(
    ctx: &'b Ctx,
    type_name: &str,
    out: Out,
    info: &ResolveInfo<'b>,
) -> Result<ResolvedValue<'b>, FieldError> {
    Ok(match out {
        Out::Leaf(v) => ResolvedValue::leaf(v),
        Out::Null => ResolvedValue::null(),
        Out::Node(node) => ResolvedValue::object(Obj::new(ctx, node)),
        Out::Nodes(nodes) => ResolvedValue::list(
            nodes
                .into_iter()
                .map(move |n| ResolvedValue::object(Obj::new(ctx, n))),
        ),
        Out::Unmodelled => return unmodelled(ctx, type_name, info),
    })
}

impl ObjectValue for Obj<'_> {
    fn type_name(&self) -> &str {
        Self::type_name_of(&self.node)
    }

    fn resolve_field<'b>(
        &'b self,
        info: &'b ResolveInfo<'b>,
    ) -> Result<ResolvedValue<'b>, FieldError> {
        match self.resolve(info) {
            Ok(out) => convert(self.ctx, Self::type_name_of(&self.node), out, info),
            Err(err) => Err(self.ctx.fail(err)),
        }
    }
}
