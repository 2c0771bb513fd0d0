//! `map` without a subcommand: the setup wizard. It asks, on a terminal, for the Linear team
//! and project, the Planner group and plan (each listed live, fuzzy-searchable), then for the
//! state of each bucket (the defaults `map add` would choose are preselected), whether to
//! create buckets for the states that have none, and the filter: everything, or only items
//! created from today on (what bootstrap takes, too), and the Linear labels to include or
//! exclude.
//!
//! The wizard only gathers answers: it turns them into the `map add …` command line, prints
//! it, and runs exactly that through `map add`'s own code (which shows the resulting pairs and
//! asks to store them). So the wizard can never store anything `map add` would not, and the
//! printed line repeats the setup in a script. Without a terminal it stops with exit 2 and the
//! flags to pass to `map add` instead.

use std::io::Write;

use clap::{Args, Parser, Subcommand};

use super::Context;
use crate::commands::connect;
use crate::commands::map::MapCommand;
use crate::commands::map_add::{MapAddArgs, cmd_map_add};
use crate::engine::setup::{MappingRequest, plan_mapping};
use crate::error::{CommandError, Outcome};
use crate::store::mappings::PairDirection;
use crate::ui::Ui;

/// Manage project ↔ plan mappings (without a subcommand: an interactive setup wizard)
#[derive(Debug, Args)]
pub struct MapArgs {
    #[command(subcommand)]
    pub command: Option<MapCommand>,
}

/// The flags `map add` needs, shown when the wizard cannot ask.
const MAP_ADD_USAGE: &str = "linear-planner-sync map add --team <KEY> --project <ID|NAME> \
--plan <PLAN_ID> [--bucket NAME=STATE]... [--create-buckets] --yes";

/// `map`: the wizard, or one of the subcommands.
pub fn cmd_map_args(ui: &Ui, cx: &Context, args: MapArgs) -> Result<Outcome, CommandError> {
    match args.command {
        Some(cmd) => crate::commands::map::cmd_map(ui, cx, cmd),
        None => cmd_map_wizard(ui, cx),
    }
}

fn cmd_map_wizard(ui: &Ui, cx: &Context) -> Result<Outcome, CommandError> {
    if !ui.can_prompt() {
        return Err(CommandError::usage(
            "`map` without a subcommand is an interactive wizard and needs a terminal",
        )
        .with_hint(format!("to map without questions: {MAP_ADD_USAGE}"))
        .with_hint("`linear-planner-sync map add --help` explains each flag"));
    }
    let argv = {
        let store = cx.open_store()?;
        cx.runtime()?
            .block_on(async { ask(ui, cx, &store).await })?
    };
    writeln!(
        ui.status(),
        "\nThe same without the wizard:\n  linear-planner-sync map {} --yes\n",
        argv.iter()
            .map(|a| shell_quote(a))
            .collect::<Vec<_>>()
            .join(" ")
    )?;
    // The answers go through clap and `map add` exactly as if typed: one code path.
    let add = AddLine::try_parse_from(std::iter::once("map".to_string()).chain(argv))
        .map_err(|e| CommandError::internal(format!("the wizard built a bad command: {e}")))?;
    match add.command {
        AddOnly::Add(args) => cmd_map_add(ui, cx, &args),
    }
}

#[derive(Debug, Parser)]
struct AddLine {
    #[command(subcommand)]
    command: AddOnly,
}

#[derive(Debug, Subcommand)]
enum AddOnly {
    Add(MapAddArgs),
}

/// Ask everything; returns the `map add …` arguments (without `--yes`).
async fn ask(
    ui: &Ui,
    cx: &Context,
    store: &crate::store::Store,
) -> Result<Vec<String>, CommandError> {
    let instead = format!("pass the flags instead: {MAP_ADD_USAGE}");
    let ports = connect::ports(cx, store, None)?;
    let linear = ports.linear.client();
    let graph = ports.planner.client();

    let teams = linear.teams_with_projects().await?;
    if teams.is_empty() {
        return Err(CommandError::usage(
            "the Linear API key sees no team; check LINEAR_API_KEY",
        ));
    }
    let labels: Vec<String> = teams
        .iter()
        .map(|t| format!("{} · {}", t.key, t.name))
        .collect();
    let team = &teams[ui.pick("Linear team", &labels, 0, &instead)?];
    let projects = &team.projects.nodes;
    if projects.is_empty() {
        return Err(CommandError::usage(format!(
            "team {} has no project; create one in Linear first",
            team.key
        )));
    }
    let labels: Vec<String> = projects.iter().map(|p| p.name.clone()).collect();
    let project = &projects[ui.pick("Linear project", &labels, 0, &instead)?];

    let graph_err = |e| CommandError::from(crate::engine::EngineError::from(port_error(e)));
    let groups = graph.unified_groups().await.map_err(graph_err)?;
    if groups.is_empty() {
        return Err(CommandError::usage(
            "the app sees no Microsoft 365 group; check Group.Read.All (run `doctor`)",
        ));
    }
    let labels: Vec<String> = groups.iter().map(|g| g.display_name.clone()).collect();
    let group = &groups[ui.pick("Planner group", &labels, 0, &instead)?];
    let plans = graph.group_plans(&group.id).await.map_err(graph_err)?;
    if plans.is_empty() {
        return Err(CommandError::usage(format!(
            "group {:?} has no plan; create one in Planner first",
            group.display_name
        )));
    }
    let labels: Vec<String> = plans.iter().map(|p| p.title.clone()).collect();
    let plan = &plans[ui.pick("Planner plan", &labels, 0, &instead)?];

    let mut argv = vec![
        "add".to_string(),
        "--team".to_string(),
        team.key.clone(),
        "--project".to_string(),
        project.id.inner().to_string(),
        "--plan".to_string(),
        plan.id.clone(),
    ];
    let mut request = MappingRequest {
        project: project.id.inner().to_string(),
        team_key: team.key.clone(),
        plan_id: plan.id.clone(),
        buckets: Vec::new(),
        create_buckets: false,
    };
    // The suggestions are what `map add` would pick with no --bucket at all.
    let suggested = if plan_has_buckets(&ports, &plan.id).await? {
        Some(plan_mapping(&ports.planner, &ports.linear, store, &request).await?)
    } else {
        None
    };
    if let Some(suggested) = &suggested {
        let states: Vec<String> = suggested
            .team
            .states
            .iter()
            .map(|s| s.name.clone())
            .collect();
        writeln!(
            ui.status(),
            "Pick the Linear state of each Planner bucket (Enter keeps the suggestion):"
        )?;
        for bucket in &suggested.plan.buckets {
            let proposal = suggested
                .pairs
                .iter()
                .find(|(b, _, d)| *b == bucket.name && *d != PairDirection::ToPlanner)
                .map(|(_, s, _)| s.clone());
            let default = proposal
                .as_ref()
                .and_then(|p| states.iter().position(|s| s == p))
                .unwrap_or(0);
            let chosen = ui.pick(
                &format!("  bucket {:?} ↔", bucket.name),
                &states,
                default,
                &instead,
            )?;
            if proposal.as_deref() != Some(states[chosen].as_str()) {
                request
                    .buckets
                    .push((bucket.name.clone(), states[chosen].clone()));
            }
        }
    }
    // Which buckets `--create-buckets` would add, given the answers so far.
    let mut with_create = request.clone();
    with_create.create_buckets = true;
    let planned = plan_mapping(&ports.planner, &ports.linear, store, &with_create).await?;
    if !planned.new_buckets.is_empty() {
        let prompt = format!(
            "Create Planner buckets for the states without one ({})?",
            planned.new_buckets.join(", ")
        );
        // Creating is a write in Planner: only the default when the plan has no bucket at all.
        let needed = suggested.is_none();
        if ui.ask_yes_no(&prompt, needed, &instead)? {
            request.create_buckets = true;
        } else if needed {
            return Err(CommandError::usage(
                "the plan has no bucket: add one in Planner or let the wizard create them",
            ));
        }
    }
    let filter = ask_filter(ui, cx, &instead)?;
    for (bucket, state) in &request.buckets {
        argv.push("--bucket".to_string());
        argv.push(format!("{bucket}={state}"));
    }
    if request.create_buckets {
        argv.push("--create-buckets".to_string());
    }
    argv.extend(filter);
    Ok(argv)
}

fn port_error(e: crate::graph::GraphError) -> crate::engine::ports::PortError {
    crate::graph::port::port_error(e)
}

async fn plan_has_buckets(ports: &connect::Ports, plan_id: &str) -> Result<bool, CommandError> {
    use crate::engine::ports::PlannerPort;
    let plan = ports
        .planner
        .plan(plan_id)
        .await
        .map_err(crate::engine::EngineError::from)?;
    Ok(!plan.buckets.is_empty())
}

/// The filter questions, as `map add` flags: which items (everything, or only those created
/// from today on: `--created-after`), then Linear labels to include and to exclude.
fn ask_filter(ui: &Ui, cx: &Context, instead: &str) -> Result<Vec<String>, CommandError> {
    let mut argv = Vec::new();
    let today = cx.now().get(..10).unwrap_or_default().to_string();
    let scopes = [
        "Everything: items already in Planner and Linear too".to_string(),
        format!("Only items created from today on ({today})"),
    ];
    if ui.pick(
        "Which items sync (bootstrap takes the same)",
        &scopes,
        0,
        instead,
    )? == 1
    {
        argv.extend(["--created-after".to_string(), today]);
    }
    for (prompt, flag) in [
        (
            "Only Linear issues with one of these labels (comma-separated; Enter: any)",
            "--include-label",
        ),
        (
            "Never Linear issues with these labels (comma-separated; Enter: none)",
            "--exclude-label",
        ),
    ] {
        for label in split_labels(&ui.ask_text(prompt, instead)?) {
            argv.extend([flag.to_string(), label]);
        }
    }
    Ok(argv)
}

/// `"Customer, Bug ,"` → `["Customer", "Bug"]`.
fn split_labels(text: &str) -> Vec<String> {
    text.split(',')
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

/// Quote an argument for a POSIX shell when it needs it.
fn shell_quote(arg: &str) -> String {
    let plain = !arg.is_empty()
        && arg
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@,".contains(c));
    if plain {
        arg.to_string()
    } else {
        format!("'{}'", arg.replace('\'', r"'\''"))
    }
}

#[cfg(test)]
mod tests {
    use super::{shell_quote, split_labels};

    #[test]
    fn labels_are_split_on_commas() {
        assert_eq!(split_labels(" Customer, Bug ,,"), ["Customer", "Bug"]);
        assert!(split_labels("  ").is_empty());
    }

    #[test]
    fn quotes_only_what_a_shell_would_split() {
        assert_eq!(shell_quote("plan-demo"), "plan-demo");
        assert_eq!(shell_quote("To do=Todo"), "'To do=Todo'");
        assert_eq!(shell_quote("O'Brien"), r"'O'\''Brien'");
        assert_eq!(shell_quote(""), "''");
    }
}
