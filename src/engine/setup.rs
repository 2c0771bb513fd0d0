//! `map add`: validate a new mapping against both sides and work out its bucket ↔ state pairs.
//!
//! Planned first, applied after confirmation (atuin's shape): [`plan_mapping`] only reads, and
//! [`apply_mapping`] creates the missing buckets (with `--create-buckets`) and stores the
//! mapping in one transaction.

use crate::engine::EngineError;
use crate::engine::ports::{LinearPort, PlanInfo, PlannerPort, PortError, ProjectInfo, TeamInfo};
use crate::model::ids::MappingId;
use crate::model::state::{Bucket, Pair, default_pairs};
use crate::store::Store;
use crate::store::mappings::{self, BucketStatePair, NewMapping, PairDirection};

/// What the user asked for.
#[derive(Debug, Clone)]
pub struct MappingRequest {
    pub project: String,
    pub team_key: String,
    pub plan_id: String,
    /// `--bucket NAME=STATE` pairs, by name.
    pub buckets: Vec<(String, String)>,
    pub create_buckets: bool,
}

/// A validated mapping, ready to store.
#[derive(Debug, Clone)]
pub struct MappingPlan {
    pub team: TeamInfo,
    pub project: ProjectInfo,
    pub plan: PlanInfo,
    /// Buckets to create first (named after states that have no bucket).
    pub new_buckets: Vec<String>,
    /// Pairs by name (bucket name, state name, direction), as `map show` will print them.
    pub pairs: Vec<(String, String, PairDirection)>,
}

fn invalid(message: String) -> EngineError {
    EngineError::Setup(message)
}

/// Read both sides and check the request; nothing is written.
pub async fn plan_mapping<P: PlannerPort, L: LinearPort>(
    planner: &P,
    linear: &L,
    store: &Store,
    req: &MappingRequest,
) -> Result<MappingPlan, EngineError> {
    let plan = match planner.plan(&req.plan_id).await {
        Err(PortError::PlanGone(_)) | Err(PortError::NotFound(_)) => {
            return Err(invalid(format!("no Planner plan with id {} (or the app cannot see it)", req.plan_id)));
        }
        other => other?,
    };
    let team = linear
        .team_by_key(&req.team_key)
        .await?
        .ok_or_else(|| invalid(format!("no Linear team with key {}", req.team_key)))?;
    let project = linear
        .project(&req.project)
        .await?
        .ok_or_else(|| invalid(format!("no Linear project with id or name {:?}", req.project)))?;
    if !project.teams.iter().any(|(id, _)| *id == team.id) {
        return Err(invalid(format!("project {:?} is not in team {}", project.name, team.key)));
    }
    for m in mappings::list(store.conn())? {
        if m.planner_plan_id == plan.id {
            return Err(invalid(format!("plan {} is already mapped (mapping {})", plan.id, m.id)));
        }
        if m.linear_project_id == project.id {
            return Err(invalid(format!("project {:?} is already mapped (mapping {})", project.name, m.id)));
        }
    }
    let mut explicit = Vec::new();
    let mut new_buckets = Vec::new();
    for (bucket, state) in &req.buckets {
        let state_id = team
            .states
            .iter()
            .find(|s| s.name.eq_ignore_ascii_case(state))
            .map(|s| s.id.clone())
            .ok_or_else(|| {
                let names: Vec<&str> = team.states.iter().map(|s| s.name.as_str()).collect();
                invalid(format!("team {} has no state {state:?}; its states are: {}", team.key, names.join(", ")))
            })?;
        match plan.buckets.iter().find(|b| b.name.eq_ignore_ascii_case(bucket)) {
            Some(b) => explicit.push((b.id.clone(), state_id)),
            None if req.create_buckets => {
                new_buckets.push(bucket.clone());
                explicit.push((format!("new:{bucket}"), state_id));
            }
            None => {
                let names: Vec<&str> = plan.buckets.iter().map(|b| b.name.as_str()).collect();
                return Err(invalid(format!(
                    "plan {:?} has no bucket {bucket:?}; its buckets are: {} (or pass --create-buckets)",
                    plan.title,
                    names.join(", ")
                )));
            }
        }
    }
    let mut buckets = plan.buckets.clone();
    buckets.extend(new_buckets.iter().map(|name| Bucket { id: format!("new:{name}"), name: name.clone() }));
    if req.create_buckets {
        // Dynamic bucket mapping: every state without a bucket of its name gets one.
        for state in &team.states {
            let taken = explicit.iter().any(|(_, s)| *s == state.id);
            if !taken && !buckets.iter().any(|b| b.name.eq_ignore_ascii_case(&state.name)) {
                new_buckets.push(state.name.clone());
                buckets.push(Bucket { id: format!("new:{}", state.name), name: state.name.clone() });
            }
        }
    }
    if buckets.is_empty() {
        return Err(invalid(format!("plan {:?} has no buckets; add one in Planner or pass --create-buckets", plan.title)));
    }
    let pairs = default_pairs(&buckets, &team.states, &explicit)
        .into_iter()
        .filter_map(|p| named(&p, &buckets, &team))
        .collect();
    Ok(MappingPlan { team, project, plan, new_buckets, pairs })
}

fn named(pair: &Pair, buckets: &[Bucket], team: &TeamInfo) -> Option<(String, String, PairDirection)> {
    let bucket = buckets.iter().find(|b| b.id == pair.bucket_id)?;
    let state = team.states.iter().find(|s| s.id == pair.state_id)?;
    let direction = match (pair.to_linear, pair.to_planner) {
        (true, true) => PairDirection::Both,
        (true, false) => PairDirection::ToLinear,
        _ => PairDirection::ToPlanner,
    };
    Some((bucket.name.clone(), state.name.clone(), direction))
}

/// Create the planned buckets, then store the mapping and its pairs.
pub async fn apply_mapping<P: PlannerPort>(
    planner: &P,
    store: &mut Store,
    plan: &MappingPlan,
    now: &str,
) -> Result<MappingId, EngineError> {
    let mut buckets = plan.plan.buckets.clone();
    for name in &plan.new_buckets {
        buckets.push(planner.create_bucket(&plan.plan.id, name).await?);
    }
    let mut pairs = Vec::new();
    for (bucket_name, state_name, direction) in &plan.pairs {
        let bucket = buckets.iter().find(|b| &b.name == bucket_name);
        let state = plan.team.states.iter().find(|s| &s.name == state_name);
        if let (Some(bucket), Some(state)) = (bucket, state) {
            pairs.push(BucketStatePair {
                bucket_id: bucket.id.clone(),
                bucket_name: bucket.name.clone(),
                state_id: state.id.clone(),
                state_name: state.name.clone(),
                direction: *direction,
            });
        }
    }
    let new = NewMapping {
        linear_team_id: plan.team.id.clone(),
        linear_team_key: plan.team.key.clone(),
        linear_project_id: plan.project.id.clone(),
        linear_project_name: plan.project.name.clone(),
        planner_plan_id: plan.plan.id.clone(),
        planner_plan_title: plan.plan.title.clone(),
        planner_group_id: plan.plan.group_id.clone(),
    };
    let tx = store.transaction()?;
    let id = mappings::insert(&tx, &new, &pairs, now)?;
    tx.commit()?;
    Ok(id)
}
