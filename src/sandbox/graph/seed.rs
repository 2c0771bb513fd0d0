//! The Graph part of each [`Seed`]: stable ids (`sandbox-group`, `plan-small`, `plan-demo`,
//! `plan-large`, `task-demo-01`, …) so docs and tests can name them.
//!
//! Seed users cover the user-mapping edge cases: mixed-case mail (case-insensitive filter),
//! an apostrophe (`O''Brien` quote doubling) and a user without `mail` (UPN fallback).
//! Tasks are built directly (not through JSON) so `Large(9000)` starts in well under a second.

use super::plans::{insert_bucket, insert_plan};
use super::state::{
    Actor, Assignment, Bucket, ChecklistItem, Group, Reference, Task, User, World, now_rfc3339,
    order_hint,
};
use super::tasks::{blank_task, insert_task};
use crate::sandbox::Seed;

pub const GROUP_ID: &str = "sandbox-group";
pub const ALICE: &str = "a11ce000-0000-4000-8000-000000000001";
pub const BOB: &str = "b0b00000-0000-4000-8000-000000000002";
pub const CAROL: &str = "ca501000-0000-4000-8000-000000000003";
pub const DAVE: &str = "da7e0000-0000-4000-8000-000000000004";

/// Adds the seed's data to `world` (idempotent for users and the group).
pub fn apply(world: &mut World, seed: &Seed) {
    if *seed == Seed::Empty {
        return;
    }
    users(world);
    group(world);
    match seed {
        Seed::Empty => {}
        Seed::Small => small(world),
        Seed::Demo => demo(world),
        Seed::Large(n) => large(world, *n),
    }
}

fn users(world: &mut World) {
    let people = [
        (
            ALICE,
            "Alice Martin",
            Some("alice@contoso.example"),
            "alice@contoso.example",
        ),
        (
            BOB,
            "Bob Chen",
            Some("Bob.Chen@Contoso.example"),
            "bob@contoso.example",
        ),
        (
            CAROL,
            "Carol O'Brien",
            Some("carol.o'brien@contoso.example"),
            "carol@contoso.example",
        ),
        (DAVE, "Dave Kim", None, "dave@contoso.example"),
    ];
    for (id, name, mail, upn) in people {
        world.users.entry(id.to_owned()).or_insert_with(|| User {
            id: id.to_owned(),
            display_name: name.to_owned(),
            mail: mail.map(str::to_owned),
            user_principal_name: upn.to_owned(),
        });
    }
    world.human = ALICE.to_owned();
}

fn group(world: &mut World) {
    world
        .groups
        .entry(GROUP_ID.to_owned())
        .or_insert_with(|| Group {
            id: GROUP_ID.to_owned(),
            display_name: "Sandbox team".to_owned(),
            drive_id: format!("drive-{GROUP_ID}"),
        });
}

/// A plan with stable bucket ids `{prefix}-todo`, `-doing`, `-done`; returns them.
fn plan_with_buckets(world: &mut World, plan_id: &str, title: &str, prefix: &str) -> [String; 3] {
    insert_plan(world, GROUP_ID, plan_id, title);
    let names = [
        ("todo", "To do"),
        ("doing", "In progress"),
        ("done", "Done"),
    ];
    names.map(|(suffix, name)| {
        let seq = world.next_seq();
        let id = format!("{prefix}-{suffix}");
        insert_bucket(
            world,
            Bucket {
                id: id.clone(),
                name: name.to_owned(),
                plan_id: plan_id.to_owned(),
                order_hint: order_hint(seq),
                etag_seq: seq,
            },
        );
        id
    })
}

fn task(world: &World, plan_id: &str, id: String, bucket: &str, title: &str) -> Task {
    let human = Actor::User(world.human.clone());
    let mut t = blank_task(world, plan_id, &human);
    t.id = id;
    t.bucket_id = Some(bucket.to_owned());
    t.title = title.to_owned();
    t
}

fn checklist_item(title: &str, checked: bool, hint: u64) -> ChecklistItem {
    ChecklistItem {
        title: title.to_owned(),
        is_checked: checked,
        order_hint: order_hint(hint),
        modified: now_rfc3339(),
        modified_by: Actor::User(ALICE.to_owned()),
    }
}

fn small(world: &mut World) {
    let buckets = plan_with_buckets(world, "plan-small", "Small plan", "bucket-small");
    let titles = [
        "Write README",
        "Set up CI",
        "Fix login bug",
        "Release 0.1",
        "Plan sprint 2",
    ];
    for (i, title) in titles.iter().enumerate() {
        let bucket = &buckets[i % 3];
        let mut t = task(
            world,
            "plan-small",
            format!("task-small-{}", i + 1),
            bucket,
            title,
        );
        t.percent_complete = [0, 50, 100][i % 3];
        insert_task(world, t);
    }
}

fn demo(world: &mut World) {
    let plan_id = "plan-demo";
    let buckets = plan_with_buckets(world, plan_id, "Website relaunch", "bucket");
    let labels = ["Urgent", "High", "Medium", "Low", "Bug", "Feature"];
    if let Some(p) = world.plans.get_mut(plan_id) {
        for (i, l) in labels.iter().enumerate() {
            p.categories[i] = Some((*l).to_owned());
        }
    }
    let titles = [
        "Design new landing page",
        "Migrate blog to new CMS",
        "Fix broken contact form",
        "Write launch announcement",
        "Set up analytics",
        "Accessibility audit",
        "Optimize hero images",
        "Translate pricing page",
        "Update privacy policy",
        "Load test checkout",
        "Redirect old URLs",
        "Launch retrospective",
    ];
    let people = [ALICE, BOB, CAROL, DAVE];
    for (i, title) in titles.iter().enumerate() {
        let n = i + 1;
        let mut t = task(
            world,
            plan_id,
            format!("task-demo-{n:02}"),
            &buckets[i % 3],
            title,
        );
        t.percent_complete = [0, 50, 100][i % 3];
        if t.percent_complete == 100 {
            t.completed = Some(now_rfc3339());
            t.completed_by = Some(Actor::User(ALICE.to_owned()));
        }
        t.priority = [1, 3, 5, 9][i % 4];
        t.due = Some(format!(
            "2026-{:02}-{:02}T00:00:00Z",
            5 + i % 6,
            1 + (i * 3) % 28
        ));
        t.categories.insert(format!("category{}", 1 + i % 4), true);
        t.categories.insert(format!("category{}", 5 + i % 2), true);
        let assignee = people[i % people.len()];
        t.assignments.insert(
            assignee.to_owned(),
            Assignment {
                assigned_by: Actor::User(ALICE.to_owned()),
                assigned: now_rfc3339(),
                order_hint: order_hint(n as u64),
            },
        );
        t.details.description = format!("{title}.\nOwner: see assignments. Seeded by the sandbox.");
        for j in 0..(1 + i % 3) {
            let key = format!("{n:08x}-0000-4000-8000-{j:012x}");
            let item = checklist_item(
                &format!("Step {} of {title}", j + 1),
                j == 0 && i % 2 == 0,
                j as u64,
            );
            t.details.checklist.insert(key, item);
        }
        if i % 4 == 0 {
            t.details.references.insert(
                format!("https%3A//contoso%2Eexample/spec/{n}"),
                Reference {
                    alias: Some(format!("Spec {n}")),
                    kind: Some("Other".to_owned()),
                    preview_priority: order_hint(n as u64),
                    modified: now_rfc3339(),
                    modified_by: Actor::User(ALICE.to_owned()),
                },
            );
        }
        insert_task(world, t);
    }
}

fn large(world: &mut World, n: usize) {
    let plan_id = "plan-large";
    let buckets = plan_with_buckets(world, plan_id, "Large plan", "bucket-large");
    for i in 0..n {
        let mut t = task(
            world,
            plan_id,
            format!("task-large-{i:05}"),
            &buckets[i % 3],
            &format!("Large task {i}"),
        );
        t.percent_complete = [0, 50, 100][i % 3];
        t.priority = [1, 3, 5, 9][i % 4];
        t.details.description = format!("Benchmark task {i}");
        t.details.checklist.insert(
            format!("{i:08x}-0000-4000-8000-000000000000"),
            checklist_item("First step", i % 2 == 0, 0),
        );
        insert_task(world, t);
    }
}
