//! `demo`: the whole job on the embedded sandbox, with no account and no network: start the
//! stand-ins, map the demo plan to the demo project, bootstrap, make human edits on both
//! sides, sync, and tell the story with the requests it took.

use std::io::Write;
use std::time::Duration;

use clap::Args;
use serde_json::json;

use crate::clock::Clock;
use crate::commands::{Context, connect};
use crate::config::{Config, EnvMap};
use crate::engine::bootstrap::NoProgress;
use crate::engine::pass::{Engine, PassOptions};
use crate::engine::report::PassReport;
use crate::engine::setup::{MappingRequest, apply_mapping, plan_mapping};
use crate::error::{CommandError, Outcome};
use crate::sandbox::{Sandbox, SandboxOptions, Seed};
use crate::store::Store;
use crate::ui::Ui;

const PLAN: &str = "plan-demo";
const PROJECT: &str = "Website Relaunch";

/// Run the whole job on the embedded sandbox and show what happened
#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Keep the sandbox running afterwards and print the exports to explore it with the CLI
    #[arg(long)]
    keep: bool,
}

struct Counts {
    graph: u64,
    linear: u64,
}

fn counts(sandbox: &Sandbox) -> Counts {
    Counts {
        graph: sandbox.requests().graph_total(),
        linear: sandbox.requests().linear_total(),
    }
}

fn sandbox_err(e: impl std::fmt::Display) -> CommandError {
    CommandError::internal(format!("sandbox: {e}"))
}

pub fn cmd_demo(ui: &Ui, args: &DemoArgs) -> Result<Outcome, CommandError> {
    let dir =
        std::env::temp_dir().join(format!("linear-planner-sync-demo-{}", uuid::Uuid::new_v4()));
    std::fs::create_dir_all(&dir)?;
    let db_path = dir.join("state.db");
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| CommandError::internal(format!("cannot start the async runtime: {e}")))?;
    runtime.block_on(async {
        let sandbox = Sandbox::start(SandboxOptions { seed: Seed::Demo, ..SandboxOptions::default() })
            .await
            .map_err(sandbox_err)?;
        let env: EnvMap = sandbox.env_exports().into_iter().collect();
        let config = Config::from_toml("", None, &env)?;
        let cx = Context { config, db_path: db_path.clone(), clock: Clock::System, env };
        let mut store = Store::open(&db_path)?;
        let mut story = Story { ui, lines: Vec::new() };

        story.say(&format!(
            "Sandbox up at {}: Planner plan {PLAN:?} with {} tasks, Linear project {PROJECT:?} with {} issues.",
            sandbox.base_url(),
            sandbox.graph().plan_tasks(PLAN).len(),
            sandbox.linear().issues().iter().filter(|i| i.parent.is_none() && !i.archived && !i.trashed).count()
        ))?;

        let ports = connect::ports(&cx, &store, None)?;
        let before = counts(&sandbox);
        let request = MappingRequest {
            project: PROJECT.into(),
            team_key: "ENG".into(),
            plan_id: PLAN.into(),
            buckets: Vec::new(),
            create_buckets: false,
        };
        let plan = plan_mapping(&ports.planner, &ports.linear, &store, &request).await?;
        let id = apply_mapping(&ports.planner, &mut store, &plan, &cx.now()).await?;
        let pairs: Vec<String> = plan.pairs.iter().map(|(b, s, _)| format!("{b}→{s}")).collect();
        story.step("map", &format!("mapping {id}: {}", pairs.join(", ")), &before, &counts(&sandbox))?;

        let before = counts(&sandbox);
        let report = pass(&ports, &cx, &mut store, true).await?;
        let m = &report.mappings[0];
        story.step(
            "bootstrap",
            &format!("{} Linear issues created for Planner tasks, {} Planner tasks created for Linear issues", m.created_issues, m.created_tasks),
            &before,
            &counts(&sandbox),
        )?;

        // Humans at work on both sides.
        let graph = sandbox.graph();
        let linear = sandbox.linear();
        let task = graph.find_task(PLAN, "Fix broken contact form").ok_or_else(|| sandbox_err("demo task missing"))?;
        let task_id = task["id"].as_str().unwrap_or_default().to_string();
        graph.patch_task(&task_id, json!({"title": "Fix broken contact form (Safari)"})).map_err(sandbox_err)?;
        let moved = graph.find_task(PLAN, "Set up analytics").ok_or_else(|| sandbox_err("demo task missing"))?;
        let moved_id = moved["id"].as_str().unwrap_or_default().to_string();
        graph.move_task(&moved_id, "Done").map_err(sandbox_err)?;
        let issue = linear
            .issues()
            .into_iter()
            .find(|i| i.project_id.as_deref() == Some(plan.project.id.as_str()) && i.parent.is_none() && !i.archived && !i.trashed)
            .ok_or_else(|| sandbox_err("demo issue missing"))?;
        linear.set_priority(&issue.identifier, 1).map_err(sandbox_err)?;
        linear.set_due(&issue.identifier, Some("2026-12-24")).map_err(sandbox_err)?;
        story.say(&format!(
            "Humans edit: in Planner, a task renamed and \"Set up analytics\" moved to Done; in Linear, {} set to Urgent, due 2026-12-24.",
            issue.identifier
        ))?;

        let before = counts(&sandbox);
        let report = pass(&ports, &cx, &mut store, false).await?;
        let m = &report.mappings[0];
        story.step(
            "sync",
            &format!("{} issue(s) and {} task(s) updated, {} conflict(s)", m.updated_issues, m.updated_tasks, m.conflicts),
            &before,
            &counts(&sandbox),
        )?;
        let synced_issue = linear.issues().into_iter().find(|i| i.title == "Fix broken contact form (Safari)");
        let done = linear.issues().into_iter().find(|i| i.title == "Set up analytics").map(|i| i.state).unwrap_or_default();
        story.say(&format!(
            "After: Linear has {:?} and \"Set up analytics\" is {done:?}; Planner's copy of {} has priority {}.",
            synced_issue.map(|i| i.title).unwrap_or_default(),
            issue.identifier,
            graph
                .plan_tasks(PLAN)
                .iter()
                // Planner shows the issue's cycle as a title prefix.
                .find(|t| {
                    let title = t["title"].as_str().unwrap_or_default();
                    crate::engine::faces::split_cycle_prefix(title, &cx.config.sync.cycle_prefix).1 == issue.title
                })
                .map(|t| t["priority"].to_string())
                .unwrap_or_else(|| "?".into())
        ))?;

        let before = counts(&sandbox);
        let report = pass(&ports, &cx, &mut store, false).await?;
        story.step("sync again", &format!("{} write(s): nothing echoes back", report.mappings[0].writes()), &before, &counts(&sandbox))?;

        if ui.json() {
            ui.emit_json(&json!({ "steps": story.lines, "database": db_path }))?;
        }
        if args.keep {
            let mut out = ui.stdout();
            writeln!(out, "\nThe sandbox keeps running; in another shell:")?;
            for (key, value) in sandbox.env_exports() {
                writeln!(out, "export {key}={value}")?;
            }
            writeln!(out, "export LPS_DB={}", db_path.display())?;
            writeln!(out, "# then e.g.: linear-planner-sync status; linear-planner-sync audit")?;
            out.flush()?;
            let _ = tokio::signal::ctrl_c().await;
        } else {
            let _ = std::fs::remove_dir_all(&dir);
        }
        sandbox.shutdown().await;
        Ok(Outcome::Clean)
    })
}

async fn pass(
    ports: &connect::Ports,
    cx: &Context,
    store: &mut Store,
    bootstrap: bool,
) -> Result<PassReport, CommandError> {
    let options = PassOptions {
        mapping: None,
        max_ops: u32::MAX,
        time_budget: Duration::from_secs(600),
        dry_run: false,
    };
    let mut engine = Engine::new(&ports.planner, &ports.linear, &cx.config, cx.clock, options);
    Ok(if bootstrap {
        engine.bootstrap(store, &NoProgress).await?
    } else {
        engine.run_pass(store).await?
    })
}

/// The demo's narration: lines on stdout (or collected for `--json`).
struct Story<'a> {
    ui: &'a Ui,
    lines: Vec<serde_json::Value>,
}

impl Story<'_> {
    fn say(&mut self, text: &str) -> Result<(), CommandError> {
        self.lines.push(json!({ "note": text }));
        if !self.ui.json() {
            writeln!(self.ui.stdout(), "{text}")?;
        }
        Ok(())
    }

    fn step(
        &mut self,
        name: &str,
        what: &str,
        before: &Counts,
        after: &Counts,
    ) -> Result<(), CommandError> {
        let (graph, linear) = (after.graph - before.graph, after.linear - before.linear);
        self.lines.push(json!({ "step": name, "result": what, "graph_requests": graph, "linear_requests": linear }));
        if !self.ui.json() {
            writeln!(
                self.ui.stdout(),
                "{name:>10}: {what} ({graph} Graph + {linear} Linear requests)"
            )?;
        }
        Ok(())
    }
}
