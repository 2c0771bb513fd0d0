//! The "human" edit API on [`GraphWorld`]: what a person does in the Planner app, without
//! tokens or etags, attributed to a seeded user. Every edit goes through the same rules as the
//! API (so it validates the same way) and leaves the same trail: etag bumps and delta entries.
//! Readers return the Graph JSON representation, as a client would see it.

use serde_json::{Map, Value, json};

use super::error::ApiError;
use super::plans::{add_bucket, insert_plan};
use super::state::{Actor, Group, User, World, etag};
use super::tasks::{create_core, delete_core, find_task, patch_core, render_task};
use super::{GraphWorld, details};

fn object(body: Value) -> Result<Map<String, Value>, ApiError> {
    match body {
        Value::Object(m) => Ok(m),
        _ => Err(ApiError::bad_request("The edit must be a JSON object.")),
    }
}

fn human(world: &World) -> Actor {
    Actor::User(world.human.clone())
}

impl GraphWorld {
    /// The user id human edits are attributed to.
    pub fn human_id(&self) -> String {
        self.lock().human.clone()
    }

    /// Adds a user; returns its id (a new GUID).
    pub fn add_user(&self, display_name: &str, mail: Option<&str>, upn: &str) -> String {
        let id = uuid::Uuid::new_v4().to_string();
        self.lock().users.insert(
            id.clone(),
            User {
                id: id.clone(),
                display_name: display_name.to_owned(),
                mail: mail.map(str::to_owned),
                user_principal_name: upn.to_owned(),
            },
        );
        id
    }

    /// Adds a group (with a drive `drive-{id}`) if it does not exist.
    pub fn add_group(&self, id: &str, display_name: &str) {
        self.lock()
            .groups
            .entry(id.to_owned())
            .or_insert_with(|| Group {
                id: id.to_owned(),
                display_name: display_name.to_owned(),
                drive_id: format!("drive-{id}"),
            });
    }

    /// Adds a plan with a caller-chosen id to an existing group.
    pub fn add_plan(&self, group_id: &str, plan_id: &str, title: &str) -> Result<(), ApiError> {
        let mut world = self.lock();
        if !world.groups.contains_key(group_id) {
            return Err(ApiError::not_found("group"));
        }
        insert_plan(&mut world, group_id, plan_id, title);
        Ok(())
    }

    /// Adds a bucket (limits apply); returns its id.
    pub fn add_bucket(&self, plan_id: &str, name: &str) -> Result<String, ApiError> {
        let bucket = add_bucket(&mut self.lock(), plan_id, name)?;
        Ok(bucket["id"].as_str().unwrap_or_default().to_owned())
    }

    /// Names label `categoryN` (1–25) of a plan; `None` clears it.
    pub fn set_category_name(
        &self,
        plan_id: &str,
        n: usize,
        name: Option<&str>,
    ) -> Result<(), ApiError> {
        let mut world = self.lock();
        let plan = world
            .plans
            .get_mut(plan_id)
            .ok_or_else(|| ApiError::not_found("plan"))?;
        let slot = n
            .checked_sub(1)
            .and_then(|i| plan.categories.get_mut(i))
            .ok_or_else(|| ApiError::bad_request("category numbers are 1 to 25"))?;
        *slot = name.map(str::to_owned);
        Ok(())
    }

    /// Deletes a plan with its buckets and tasks (the API then answers 404 for it, and
    /// delta cursors of the plan answer 404 too).
    pub fn delete_plan(&self, plan_id: &str) -> Result<(), ApiError> {
        let mut world = self.lock();
        let plan = world
            .plans
            .remove(plan_id)
            .ok_or_else(|| ApiError::not_found("plan"))?;
        for id in &plan.task_ids {
            world.tasks.remove(id);
        }
        for id in &plan.bucket_ids {
            world.buckets.remove(id);
        }
        Ok(())
    }

    /// Creates a task in `plan_id` from a plannerTask body (`planId` implied); returns it.
    pub fn create_task(&self, plan_id: &str, body: Value) -> Result<Value, ApiError> {
        let mut body = object(body)?;
        body.insert("planId".to_owned(), json!(plan_id));
        let mut world = self.lock();
        let actor = human(&world);
        let id = create_core(&mut world, &body, &actor)?;
        Ok(render_task(find_task(&world, &id)?))
    }

    /// Edits a task with a PATCH-style body; returns the task.
    pub fn patch_task(&self, task_id: &str, body: Value) -> Result<Value, ApiError> {
        let body = object(body)?;
        let mut world = self.lock();
        let actor = human(&world);
        patch_core(&mut world, task_id, &body, &actor)?;
        Ok(render_task(find_task(&world, task_id)?))
    }

    /// Moves a task to a bucket of its plan, named by id or by name.
    pub fn move_task(&self, task_id: &str, bucket: &str) -> Result<Value, ApiError> {
        let bucket_id = {
            let world = self.lock();
            let plan_id = find_task(&world, task_id)?.plan_id.clone();
            world
                .buckets
                .values()
                .find(|b| b.plan_id == plan_id && (b.id == bucket || b.name == bucket))
                .map(|b| b.id.clone())
                .ok_or_else(|| ApiError::not_found("bucket"))?
        };
        self.patch_task(task_id, json!({ "bucketId": bucket_id }))
    }

    /// Deletes a task (delta then reports it `@removed`).
    pub fn delete_task(&self, task_id: &str) -> Result<(), ApiError> {
        delete_core(&mut self.lock(), task_id)
    }

    /// Edits details with a PATCH-style body; returns the details.
    pub fn patch_details(&self, task_id: &str, body: Value) -> Result<Value, ApiError> {
        let body = object(body)?;
        let mut world = self.lock();
        let actor = human(&world);
        details::patch_core(&mut world, task_id, &body, &actor)?;
        let task = find_task(&world, task_id)?;
        Ok(details::render_details(task_id, &task.details))
    }

    /// Adds a checklist item; returns its (new GUID) key.
    pub fn add_checklist_item(&self, task_id: &str, title: &str) -> Result<String, ApiError> {
        let key = uuid::Uuid::new_v4().to_string();
        let item = json!({"@odata.type": "#microsoft.graph.plannerChecklistItem", "title": title, "isChecked": false});
        self.patch_details(task_id, json!({ "checklist": { key.clone(): item } }))?;
        Ok(key)
    }

    /// Flips a checklist item named by key or title; returns its new `isChecked`.
    pub fn toggle_checklist(&self, task_id: &str, key_or_title: &str) -> Result<bool, ApiError> {
        let (key, checked) = {
            let world = self.lock();
            let task = find_task(&world, task_id)?;
            task.details
                .checklist
                .iter()
                .find(|(k, c)| k.as_str() == key_or_title || c.title == key_or_title)
                .map(|(k, c)| (k.clone(), c.is_checked))
                .ok_or_else(|| ApiError::not_found("checklist item"))?
        };
        let item =
            json!({"@odata.type": "#microsoft.graph.plannerChecklistItem", "isChecked": !checked});
        self.patch_details(task_id, json!({ "checklist": { key: item } }))?;
        Ok(!checked)
    }

    /// A task as `GET /v1.0/planner/tasks/{id}` shows it.
    pub fn task(&self, task_id: &str) -> Option<Value> {
        self.lock().tasks.get(task_id).map(render_task)
    }

    /// The current etag of a task.
    pub fn task_etag(&self, task_id: &str) -> Option<String> {
        self.lock().tasks.get(task_id).map(|t| etag(t.etag_seq))
    }

    /// Task details as `GET …/details` shows them.
    pub fn details(&self, task_id: &str) -> Option<Value> {
        let world = self.lock();
        let task = world.tasks.get(task_id)?;
        Some(details::render_details(task_id, &task.details))
    }

    /// Every task of a plan (unpaged).
    pub fn plan_tasks(&self, plan_id: &str) -> Vec<Value> {
        let world = self.lock();
        world
            .plans
            .get(plan_id)
            .map(|p| {
                p.task_ids
                    .iter()
                    .filter_map(|id| world.tasks.get(id))
                    .map(render_task)
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The first task of a plan with this title.
    pub fn find_task(&self, plan_id: &str, title: &str) -> Option<Value> {
        self.plan_tasks(plan_id)
            .into_iter()
            .find(|t| t["title"] == title)
    }

    /// A bucket id by name.
    pub fn bucket_id(&self, plan_id: &str, name: &str) -> Option<String> {
        let world = self.lock();
        world
            .buckets
            .values()
            .find(|b| b.plan_id == plan_id && b.name == name)
            .map(|b| b.id.clone())
    }

    /// Uploaded files: (drive id, path, size).
    pub fn drive_files(&self) -> Vec<(String, String, u64)> {
        let world = self.lock();
        world
            .drive_items
            .values()
            .map(|i| (i.drive_id.clone(), i.path.clone(), i.size))
            .collect()
    }
}
