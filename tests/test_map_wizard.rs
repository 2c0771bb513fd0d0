//! `map` without a subcommand: the wizard, driven in a real terminal (tmux) against the
//! sandbox, and its refusal without a terminal.

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::store::mappings::{self, PairDirection};

use crate::common::TestEnv;

/// A tmux server of our own (its own socket), killed when the test ends.
pub(crate) struct Tmux {
    socket: String,
}

impl Tmux {
    pub(crate) fn start(script: &Path) -> Tmux {
        let status = Command::new("sh")
            .args(["-c", "command -v tmux"])
            .output()
            .expect("sh");
        assert!(
            status.status.success(),
            "tmux is needed for the wizard test (.ci/run installs it: apt-get install tmux)"
        );
        // One server per test: parallel tests must never share (or kill) one.
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let socket = format!(
            "lps-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let tmux = Tmux { socket };
        let ok = tmux
            .cmd()
            .args(["new-session", "-d", "-s", "wizard", "-x", "160", "-y", "50"])
            .arg(format!("sh {}", script.display()))
            .status()
            .expect("tmux new-session");
        assert!(ok.success(), "tmux new-session failed");
        tmux
    }

    fn cmd(&self) -> Command {
        let mut cmd = Command::new("tmux");
        cmd.args(["-L", &self.socket]);
        cmd
    }

    pub(crate) fn screen(&self) -> String {
        let out = self
            .cmd()
            .args(["capture-pane", "-p", "-t", "wizard"])
            .output()
            .expect("capture-pane");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Wait until the screen shows `text` (the prompt is drawn), then return the screen.
    pub(crate) fn wait_for(&self, text: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {text:?}; the screen:\n{screen}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    pub(crate) fn keys(&self, keys: &[&str]) {
        let ok = self
            .cmd()
            .args(["send-keys", "-t", "wizard"])
            .args(keys)
            .status()
            .expect("send-keys");
        assert!(ok.success());
        // Let the prompt redraw before the next keys.
        std::thread::sleep(Duration::from_millis(300));
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = self.cmd().arg("kill-server").status();
    }
}

/// A shell script that runs the binary with `args` in the test's environment on a terminal
/// and records the exit status in `exit-status`.
pub(crate) fn terminal_script(env: &TestEnv, args: &str) -> std::path::PathBuf {
    let cmd = env.command();
    let mut script = String::from("cd \"$(dirname \"$0\")\"\n");
    for (key, value) in cmd.get_envs() {
        let (Some(key), Some(value)) = (key.to_str(), value.and_then(|v| v.to_str())) else {
            continue;
        };
        script.push_str(&format!("export {key}='{value}'\n"));
    }
    script.push_str("export TERM=xterm-256color\n");
    script.push_str(&format!(
        "'{}' {args}\necho $? > exit-status\nsleep 60\n",
        cmd.get_program().to_string_lossy()
    ));
    env.write("terminal.sh", &script)
}

/// The exit status the script recorded (waits up to 30 s for it).
pub(crate) fn exit_status(env: &TestEnv) -> i32 {
    let status_file = env.root().join("exit-status");
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let text = std::fs::read_to_string(&status_file).unwrap_or_default();
        if let Ok(status) = text.trim().parse() {
            return status;
        }
        assert!(Instant::now() < deadline, "the command did not exit");
        std::thread::sleep(Duration::from_millis(100));
    }
}

#[test]
fn wizard_answers_become_the_same_mapping_as_map_add() {
    let env = TestEnv::with_sandbox(Seed::Demo);
    let tmux = Tmux::start(&terminal_script(&env, "map"));

    tmux.wait_for("Linear project");
    tmux.keys(&["Website"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("bucket \"To do\"");
    assert!(screen.contains("Linear team: ENG"), "{screen}");
    assert!(
        screen.contains("Planner plan: Website relaunch"),
        "{screen}"
    );
    tmux.keys(&["Enter"]); // To do ↔ Todo, as suggested
    tmux.wait_for("bucket \"In progress\"");
    tmux.keys(&["In Review"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("bucket \"Done\"");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Create Planner buckets");
    tmux.keys(&["n"]);
    // The filter: everything (the default), no label condition.
    tmux.wait_for("Which items sync");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Only Linear issues with one of these labels");
    tmux.keys(&["Enter"]);
    tmux.wait_for("Never Linear issues with these labels");
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Store this mapping?");
    assert!(
        screen.contains(
            "linear-planner-sync map add --team ENG --project 00000000-0000-4000-8000-00000000003c \
             --plan plan-demo --bucket 'In progress=In Review' --yes"
        ),
        "the equivalent command line is printed:\n{screen}"
    );
    assert!(screen.contains("In progress ↔ In Review"), "{screen}");
    tmux.keys(&["y"]);
    tmux.wait_for("Mapping 1 added");

    assert_eq!(exit_status(&env), 0, "{}", tmux.screen());

    let store = env.store();
    let all = mappings::list(store.conn()).expect("mappings");
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].planner_plan_id, "plan-demo");
    assert_eq!(all[0].linear_project_name, "Website Relaunch");
    let pairs = mappings::pairs(store.conn(), all[0].id).expect("pairs");
    assert!(pairs.iter().any(|p| p.bucket_name == "In progress"
        && p.state_name == "In Review"
        && p.direction == PairDirection::Both));
    // No bucket was created for the states without one: the answer was no.
    assert!(!pairs.iter().any(|p| p.bucket_name == "Triage"));

    // Running the printed command instead gives the same pairs (a second database).
    let mut again = TestEnv::with_sandbox(Seed::Demo);
    again.set_env(
        "LPS_DB",
        &again.root().join("other.db").display().to_string(),
    );
    again
        .run([
            "map",
            "add",
            "--team",
            "ENG",
            "--project",
            "00000000-0000-4000-8000-00000000003c",
            "--plan",
            "plan-demo",
            "--bucket",
            "In progress=In Review",
            "--yes",
        ])
        .success();
    let other = linear_planner_sync::store::Store::open(&again.root().join("other.db"))
        .expect("other store");
    let other_pairs = mappings::pairs(other.conn(), all[0].id).expect("pairs");
    let names = |ps: &[mappings::BucketStatePair]| {
        let mut v: Vec<_> = ps
            .iter()
            .map(|p| (p.bucket_name.clone(), p.state_name.clone(), p.direction))
            .collect();
        v.sort_by(|a, b| (&a.0, &a.1).cmp(&(&b.0, &b.1)));
        v
    };
    assert_eq!(names(&pairs), names(&other_pairs));
}

#[test]
fn wizard_filter_choices_become_map_add_flags() {
    let env = TestEnv::with_sandbox(Seed::Demo);
    let tmux = Tmux::start(&terminal_script(&env, "map"));
    tmux.wait_for("Linear project");
    tmux.keys(&["Website"]);
    tmux.keys(&["Enter"]);
    for bucket in ["To do", "In progress", "Done"] {
        tmux.wait_for(&format!("bucket \"{bucket}\""));
        tmux.keys(&["Enter"]);
    }
    tmux.wait_for("Create Planner buckets");
    tmux.keys(&["n"]);
    tmux.wait_for("Which items sync");
    tmux.keys(&["created from today"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Only Linear issues with one of these labels");
    tmux.keys(&["Customer"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Never Linear issues with these labels");
    tmux.keys(&["Bug, Spam"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for("Store this mapping?");
    // The line is longer than the terminal: read it unwrapped.
    assert!(
        screen.replace('\n', "").contains(
            "--plan plan-demo --created-after 2026-11-25 --include-label Customer \
             --exclude-label Bug --exclude-label Spam --yes"
        ),
        "the filter is in the equivalent command line:\n{screen}"
    );
    tmux.keys(&["y"]);
    tmux.wait_for("Mapping 1 added");
    assert_eq!(exit_status(&env), 0, "{}", tmux.screen());
    let show = env.run(["--json", "map", "show", "1"]).json();
    let filter = &show["control"]["filter"];
    assert_eq!(filter["created_after"], "2026-11-25", "{show}");
    assert_eq!(
        filter["labels_include"],
        serde_json::json!(["Customer"]),
        "{show}"
    );
    assert_eq!(
        filter["labels_exclude"],
        serde_json::json!(["Bug", "Spam"]),
        "{show}"
    );
}

#[test]
fn map_without_a_terminal_names_the_flags_of_map_add() {
    let env = TestEnv::with_sandbox(Seed::Demo);
    let out = env.run(["map"]);
    insta::assert_snapshot!(out, @r"
    ------- stderr -------
    Error: `map` without a subcommand is an interactive wizard and needs a terminal
    Hint: to map without questions: linear-planner-sync map add --team <KEY> --project <ID|NAME> --plan <PLAN_ID> [--bucket NAME=STATE]... [--create-buckets] --yes
    Hint: `linear-planner-sync map add --help` explains each flag
    [exit status: 2]
    ");
}
