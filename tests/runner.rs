//! One test binary for every end-to-end test (faster to link than one per file). A test file
//! not listed here would silently never run, so `every_test_file_is_listed` checks it.

mod common;
mod rel_world;

mod test_alerts_webhook;
mod test_backlog;
mod test_bootstrap_failures;
mod test_cli;
mod test_concurrency;
mod test_config;
mod test_create_directions;
mod test_database;
mod test_doctor_command;
mod test_echoes;
mod test_fault_storms;
mod test_graph_client;
mod test_hostile_input;
mod test_human_output;
mod test_issue_copies;
mod test_item_errors;
mod test_kill_points;
mod test_linear_budget;
mod test_linear_client;
mod test_linear_port;
mod test_list_mode_etags;
mod test_lost_answers;
mod test_map_command;
mod test_map_wizard;
mod test_other_commands;
mod test_planner_port;
mod test_progress;
mod test_push_command;
mod test_rich_directions;
mod test_rich_fields;
mod test_run_lock;
mod test_sandbox_command;
mod test_secrets;
mod test_sync_command;
mod test_sync_concurrency;
mod test_sync_control;
mod test_sync_failures;
mod test_sync_fields;
mod test_sync_flows;
mod test_users_command;
mod test_webhook_command;

#[test]
fn every_test_file_is_listed() {
    let listed = include_str!("runner.rs");
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests");
    for entry in std::fs::read_dir(dir).unwrap() {
        let name = entry.unwrap().file_name().into_string().unwrap();
        if let Some(module) = name
            .strip_prefix("test_")
            .and_then(|n| n.strip_suffix(".rs"))
        {
            assert!(
                listed.contains(&format!("mod test_{module};")),
                "tests/{name} is not listed in runner.rs"
            );
        }
    }
}
