//! The command line as a whole: help, completions, usage errors, broken pipes.

use crate::common::{TestEnv, seed};
use clap_complete::Shell;

#[test]
fn help_shows_a_coherent_tool() {
    let env = TestEnv::new();
    let out = env.run(["--help"]);
    out.success();
    insta::assert_snapshot!("help", out.to_string());
    for sub in [
        "demo",
        "bootstrap",
        "sync",
        "map",
        "users",
        "audit",
        "dlq",
        "status",
        "report",
        "doctor",
        "sandbox",
        "completions",
    ] {
        let out = env.run([sub, "--help"]);
        out.success();
        insta::assert_snapshot!(format!("help_{sub}"), out.to_string());
    }
}

#[test]
fn unknown_command_is_a_usage_error() {
    let env = TestEnv::new();
    let out = env.run(["frobnicate"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(
        out.stderr.contains("unrecognized subcommand 'frobnicate'"),
        "{out}"
    );
}

#[test]
fn bad_mapping_id_says_what_an_id_is() {
    let env = TestEnv::new();
    let out = env.run(["map", "show", "abc"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(
        out.stderr
            .contains("`abc` is not a mapping id; ids are numbers, see `map list`"),
        "{out}"
    );
}

/// The checked-in scripts under completions/ must match the CLI. To refresh them:
/// `UPDATE_COMPLETIONS=1 cargo test every_completion_script_is_current`.
#[test]
fn every_completion_script_is_current() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("completions");
    let update = std::env::var_os("UPDATE_COMPLETIONS").is_some();
    for (shell, file) in [
        (Shell::Bash, "linear-planner-sync.bash"),
        (Shell::Zsh, "_linear-planner-sync"),
        (Shell::Fish, "linear-planner-sync.fish"),
        (Shell::PowerShell, "_linear-planner-sync.ps1"),
        (Shell::Elvish, "linear-planner-sync.elv"),
    ] {
        let script = linear_planner_sync::commands::completions::script(shell);
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &script).unwrap();
            continue;
        }
        let checked_in = std::fs::read(&path).unwrap_or_default();
        assert!(
            checked_in == script,
            "completions/{file} is stale: run UPDATE_COMPLETIONS=1 cargo test every_completion_script_is_current"
        );
        let env = TestEnv::new();
        let out = env.run(["completions", &shell.to_string()]);
        out.success();
        assert_eq!(
            out.stdout.as_bytes(),
            script.as_slice(),
            "`completions {shell}` prints the same script"
        );
    }
}

#[test]
fn closed_stdout_is_quiet_and_keeps_the_status() {
    let env = TestEnv::new();
    {
        let store = env.store();
        let m = seed::mapping(&store, 1);
        for n in 0..200 {
            seed::audit(
                &store,
                Some(m),
                "update_task",
                "2026-11-25T10:00:00Z",
                Some(("title", "a", &format!("b{n}"))),
            );
        }
    }
    let bin = env!("CARGO_BIN_EXE_linear-planner-sync");
    let output = std::process::Command::new("bash")
        .env_clear()
        .envs([
            ("BIN", bin),
            ("LPS_DB", env.db_path().to_str().unwrap()),
            ("HOME", env.root().to_str().unwrap()),
        ])
        .args([
            "-c",
            "\"$BIN\" --json audit --limit 200 | head -1; echo \"status=${PIPESTATUS[0]}\"",
        ])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(stdout, "[\nstatus=0\n", "stderr: {stderr}");
    assert_eq!(stderr, "", "nothing is printed about the closed pipe");
}
