//! Sync controls end to end (issue 12): conflict policy, per-field direction, filters — the
//! real binary against the sandbox, settings made with `map add` / `map edit`.

use linear_planner_sync::sandbox::Seed;
use serde_json::json;

use crate::common::TestEnv;

pub(crate) use crate::common::demo::{PLAN, reset_counts, writes};

/// A sandbox with the demo mapping added with `extra` flags.
pub(crate) fn mapped_with(extra: &[&str]) -> TestEnv {
    let env = TestEnv::with_sandbox(Seed::Demo);
    crate::common::demo::map(&env, extra);
    env
}

/// The first linked pair after bootstrap: (task id, issue identifier).
pub(crate) fn first_pair(env: &TestEnv) -> (String, String) {
    nth_pair(env, 0)
}

/// The n-th task of the plan and its issue, after bootstrap.
pub(crate) fn nth_pair(env: &TestEnv, n: usize) -> (String, String) {
    let tasks = env.sandbox().graph().plan_tasks(PLAN);
    let task_id = tasks[n]["id"].as_str().unwrap().to_string();
    let audit = env.run(["--json", "audit", "--task", &task_id]).json();
    let ident = audit[0]["issue_identifier"].as_str().unwrap().to_string();
    (task_id, ident)
}

/// The task's title without the cycle prefix Planner shows for issues in a cycle (issue 8).
fn planner_title(env: &TestEnv, task: &str) -> String {
    let task = env.sandbox().graph().task(task).unwrap();
    let title = task["title"].as_str().unwrap();
    crate::common::without_cycle_prefix(title).to_string()
}

fn linear_title(env: &TestEnv, ident: &str) -> String {
    env.sandbox().linear().issue(ident).unwrap().title
}

#[test]
fn each_conflict_policy_picks_its_winner_and_audits_both_values() {
    for policy in ["latest", "planner-wins", "linear-wins"] {
        let env = mapped_with(&["--conflict", policy]);
        let show = env.run(["--json", "map", "show", "1"]).json();
        assert_eq!(show["control"]["conflict"], policy, "{show}");
        env.run(["bootstrap"]).success();
        let (task, ident) = first_pair(&env);
        env.sandbox()
            .graph()
            .patch_task(&task, json!({"title": "Planner says"}))
            .unwrap();
        env.sandbox()
            .linear()
            .set_title(&ident, "Linear says")
            .unwrap();
        env.run(["sync"]).success();
        let (p, l) = (planner_title(&env, &task), linear_title(&env, &ident));
        assert_eq!(p, l, "{policy}: converged");
        match policy {
            "planner-wins" => assert_eq!(p, "Planner says", "{policy}"),
            "linear-wins" => assert_eq!(p, "Linear says", "{policy}"),
            _ => {}
        }
        let conflicts = env.run(["--json", "audit", "--conflicts"]).json();
        assert_eq!(conflicts.as_array().unwrap().len(), 1, "{conflicts}");
        let c = &conflicts[0];
        assert_eq!(c["field"], "title");
        assert_eq!(c["old_value"], "\"Planner says\"", "{c}");
        assert_eq!(c["new_value"], "\"Linear says\"", "{c}");
        assert!(
            c["detail"].as_str().unwrap().contains(policy),
            "the audit names the policy: {c}"
        );
        reset_counts(&env);
        env.run(["sync"]).success();
        assert_eq!(writes(&env), (0, 0), "{policy}: no echo");
    }
}

/// A (bucket, state) pair that differs from both the task's bucket and the issue's state, so
/// an edit to it is a change on the edited side and visible on the other only if it flowed.
fn fresh_state(env: &TestEnv, task: &str, ident: &str) -> (&'static str, &'static str) {
    let bucket = env.sandbox().graph().task(task).unwrap()["bucketId"]
        .as_str()
        .unwrap()
        .to_string();
    let state = env.sandbox().linear().issue(ident).unwrap().state;
    [
        ("To do", "Todo"),
        ("In progress", "In Progress"),
        ("Done", "Done"),
    ]
    .into_iter()
    .find(|(b, s)| {
        env.sandbox().graph().bucket_id(PLAN, b).as_deref() != Some(bucket.as_str()) && *s != state
    })
    .unwrap()
}

/// A label both sides agree on: (name, category key, present). Toggling it on one side is a
/// change there, visible on the other side only if it flowed.
fn same_label(env: &TestEnv, task: &str, ident: &str) -> (&'static str, &'static str, bool) {
    let cats = env.sandbox().graph().task(task).unwrap()["appliedCategories"].clone();
    let labels = env.sandbox().linear().issue(ident).unwrap().labels;
    [("Bug", "category5"), ("Feature", "category6")]
        .into_iter()
        .map(|(name, key)| {
            (
                name,
                key,
                cats[key] == true,
                labels.iter().any(|l| l == name),
            )
        })
        .find(|(_, _, p, l)| p == l)
        .map(|(name, key, p, _)| (name, key, p))
        .expect("a label both sides agree on")
}

/// One edit of a field on one side, with a value different from the current one each time.
struct Editor<'a> {
    env: &'a TestEnv,
    task: String,
    ident: String,
    n: u32,
}

impl Editor<'_> {
    /// Edit `field` in Planner; returns a probe that says whether Linear now shows it.
    fn planner(&mut self, field: &str) -> Box<dyn Fn(&TestEnv) -> bool + '_> {
        self.n += 1;
        let (g, task, ident) = (self.env.sandbox().graph(), self.task.clone(), &self.ident);
        match field {
            "title" => {
                let title = format!("Planner title {}", self.n);
                g.patch_task(&task, json!({"title": title})).unwrap();
                Box::new(move |env| linear_title(env, ident) == title)
            }
            "state" => {
                let (bucket, state) = fresh_state(self.env, &task, ident);
                g.move_task(&task, bucket).unwrap();
                Box::new(move |env| env.sandbox().linear().issue(ident).unwrap().state == state)
            }
            "labels" => {
                let (name, key, now) = same_label(self.env, &task, ident);
                g.patch_task(&task, json!({"appliedCategories": {key: !now}}))
                    .unwrap();
                Box::new(move |env| {
                    let labels = env.sandbox().linear().issue(ident).unwrap().labels;
                    labels.iter().any(|x| x == name) != now
                })
            }
            _ => unreachable!(),
        }
    }

    /// Edit `field` in Linear; returns a probe that says whether Planner now shows it.
    fn linear(&mut self, field: &str) -> Box<dyn Fn(&TestEnv) -> bool + '_> {
        self.n += 1;
        let (l, task, ident) = (self.env.sandbox().linear(), self.task.clone(), &self.ident);
        match field {
            "title" => {
                let title = format!("Linear title {}", self.n);
                l.set_title(ident, &title).unwrap();
                Box::new(move |env| planner_title(env, &task) == title)
            }
            "state" => {
                let (bucket, state) = fresh_state(self.env, &task, ident);
                l.set_state(ident, state).unwrap();
                Box::new(move |env| {
                    let want = env.sandbox().graph().bucket_id(PLAN, bucket);
                    env.sandbox().graph().task(&task).unwrap()["bucketId"].as_str()
                        == want.as_deref()
                })
            }
            "labels" => {
                let (name, key, now) = same_label(self.env, &task, ident);
                if now {
                    l.remove_label(ident, name).unwrap();
                } else {
                    l.add_label(ident, name).unwrap();
                }
                Box::new(move |env| {
                    (env.sandbox().graph().task(&task).unwrap()["appliedCategories"][key] == true)
                        != now
                })
            }
            _ => unreachable!(),
        }
    }
}

#[test]
fn each_direction_for_title_state_and_labels() {
    for field in ["title", "state", "labels"] {
        let env = mapped_with(&[]);
        env.run(["bootstrap"]).success();
        for (i, dir) in ["both", "to-linear", "to-planner", "off"]
            .iter()
            .enumerate()
        {
            // A converged pair for each direction, so each edit is a change on its side.
            let (task, ident) = nth_pair(&env, i);
            let mut ed = Editor {
                env: &env,
                task,
                ident,
                n: 0,
            };
            let spec = format!("{field}={dir}");
            env.run(["map", "edit", "1", "--direction", &spec])
                .success();
            let show = env.run(["map", "show", "1"]);
            assert!(
                *dir == "both" || show.stdout.contains(&format!("{field} {dir}")),
                "{show}"
            );

            let probe = ed.planner(field);
            env.run(["sync"]).success();
            let flowed = probe(&env);
            drop(probe);
            assert_eq!(
                flowed,
                matches!(*dir, "both" | "to-linear"),
                "{field} {dir}: Planner → Linear"
            );

            let ident = ed.ident.clone();
            let before_l = env.sandbox().linear().issue(&ident).unwrap();
            let probe = ed.linear(field);
            let edited_l = env.sandbox().linear().issue(&ident).unwrap();
            env.run(["sync"]).success();
            let flowed = probe(&env);
            drop(probe);
            assert_eq!(
                flowed,
                matches!(*dir, "both" | "to-planner"),
                "{field} {dir}: Linear → Planner"
            );
            // Ignored, not reverted: the Linear edit stays.
            let after_l = env.sandbox().linear().issue(&ident).unwrap();
            assert_eq!(
                (&after_l.title, &after_l.state, &after_l.labels),
                (&edited_l.title, &edited_l.state, &edited_l.labels),
                "{field} {dir}: the Linear edit is kept (was {before_l:?})"
            );

            // No loop: the next passes write nothing.
            reset_counts(&env);
            env.run(["sync"]).success();
            assert_eq!(writes(&env), (0, 0), "{field} {dir}: no echo");
        }
        // Back to both after off: the ignored edits are not replayed.
        let spec = format!("{field}=both");
        env.run(["map", "edit", "1", "--direction", &spec])
            .success();
        reset_counts(&env);
        env.run(["sync"]).success();
        assert_eq!(writes(&env), (0, 0), "{field}: nothing replayed");
    }
}

#[test]
fn enforced_title_reverts_linear_edits() {
    let env = mapped_with(&["--direction", "title=to-linear", "--enforce", "title"]);
    env.run(["bootstrap"]).success();
    let (task, ident) = first_pair(&env);
    let planner = planner_title(&env, &task);
    env.sandbox().linear().set_title(&ident, "Rogue").unwrap();
    env.run(["sync"]).success();
    assert_eq!(linear_title(&env, &ident), planner, "reverted");
    assert_eq!(planner_title(&env, &task), planner, "Planner untouched");
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env), (0, 0));
    // --enforce needs a one-way direction.
    let out = env.run(["map", "edit", "1", "--enforce", "state"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("--direction state=to-linear"), "{out}");
    let out = env.run(["map", "edit", "1", "--direction", "nope=off"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("unknown field `nope`"), "{out}");
    let show = env.run(["--json", "map", "show", "1"]).json();
    assert_eq!(
        show["control"]["directions"]["title"], "to-linear",
        "{show}"
    );
    assert_eq!(show["control"]["enforce"], json!(["title"]), "{show}");
}

fn issue_by_title(env: &TestEnv, title: &str) -> linear_planner_sync::sandbox::linear::IssueView {
    env.sandbox()
        .linear()
        .issues()
        .into_iter()
        .find(|i| i.title == title)
        .unwrap()
}

#[test]
fn a_label_filter_lets_items_enter_and_leave() {
    let env = mapped_with(&["--include-label", "Customer"]);
    let out = env.run(["--json", "bootstrap"]);
    assert_eq!(out.status, 0, "{out}");
    let report = out.json();
    assert!(
        report["mappings"][0]["filtered"].as_u64().unwrap() > 0,
        "{report}"
    );
    assert_eq!(report["mappings"][0]["created_issues"], 0, "{report}");
    let project = env.run(["--json", "map", "show", "1"]).json()["linear_project_id"]
        .as_str()
        .unwrap()
        .to_string();
    // An issue outside the filter: not in Planner.
    let outside = env
        .sandbox()
        .linear()
        .issues()
        .into_iter()
        .find(|i| {
            i.project_id.as_deref() == Some(project.as_str())
                && i.parent.is_none()
                && !i.archived
                && !i.trashed
                && !i.labels.iter().any(|l| l == "Customer")
        })
        .unwrap();
    let find_task = |title: &str| env.sandbox().graph().find_task(PLAN, title);
    assert!(find_task(&outside.title).is_none());
    let filtered = env
        .run(["--json", "audit", "--issue", &outside.identifier])
        .json();
    assert_eq!(filtered[0]["action"], "filtered", "{filtered}");
    assert!(
        filtered[0]["detail"]
            .as_str()
            .unwrap()
            .contains("none of the labels Customer"),
        "{filtered}"
    );

    // Entering: the label is added → the task is created on the next pass.
    let l = env.sandbox().linear();
    l.add_label(&outside.identifier, "Customer").unwrap();
    let out = env.run(["--json", "sync"]);
    assert_eq!(out.json()["mappings"][0]["created_tasks"], 1, "{out}");
    let task = find_task(&outside.title).expect("created in Planner");
    let task_id = task["id"].as_str().unwrap().to_string();

    // Leaving: the label is removed → edits stop flowing, the link is kept.
    l.remove_label(&outside.identifier, "Customer").unwrap();
    l.set_title(&outside.identifier, "Renamed while outside")
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(planner_title(&env, &task_id), outside.title);
    let audit = env.run(["--json", "audit", "--task", &task_id]).json();
    assert_eq!(audit[0]["action"], "filtered", "{audit}");
    assert!(
        audit[0]["detail"].as_str().unwrap().contains("link kept"),
        "{audit}"
    );
    assert!(
        !audit
            .as_array()
            .unwrap()
            .iter()
            .any(|e| e["action"] == "unlink"),
        "{audit}"
    );
    // Back in: the pair syncs again from its shadow.
    l.add_label(&outside.identifier, "Customer").unwrap();
    env.run(["sync"]).success();
    assert_eq!(planner_title(&env, &task_id), "Renamed while outside");
    assert_eq!(
        issue_by_title(&env, "Renamed while outside").identifier,
        outside.identifier
    );
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env), (0, 0));
}

#[test]
fn bootstrap_since_keeps_older_items_out() {
    let env = mapped_with(&[]);
    let out = env.run(["--json", "bootstrap", "--since", "2999-01-01"]);
    assert_eq!(out.status, 0, "{out}");
    let m = &out.json()["mappings"][0];
    assert_eq!(
        (&m["created_issues"], &m["created_tasks"]),
        (&json!(0), &json!(0)),
        "{m}"
    );
    let show = env.run(["map", "show", "1"]);
    assert!(
        show.stdout.contains("created on or after 2999-01-01"),
        "{show}"
    );
    let out = env.run(["bootstrap", "--since", "01/01/2026"]);
    assert_eq!(out.status, 2, "{out}");
}

#[test]
fn status_prometheus_is_valid_exposition_with_per_mapping_values() {
    let env = mapped_with(&[]);
    env.run(["bootstrap"]).success();
    let (task, ident) = first_pair(&env);
    env.sandbox()
        .graph()
        .patch_task(&task, json!({"title": "Planner side"}))
        .unwrap();
    env.sandbox()
        .linear()
        .set_title(&ident, "Linear side")
        .unwrap();
    // One throttled answer from each API: each is a wait the metrics count.
    use linear_planner_sync::sandbox::faults::{Fault, FaultKind};
    env.sandbox().faults().add(
        Fault::new(
            "/beta/planner",
            FaultKind::TooManyRequests {
                retry_after: Some("0.05".into()),
            },
        )
        .method("GET"),
    );
    env.sandbox().faults().add(Fault::new(
        "/linear/graphql",
        FaultKind::LinearRateLimited { reset_ms: 50 },
    ));
    env.run(["sync"]).success();
    let out = env.run(["status", "--format", "prometheus"]);
    assert_eq!(out.status, 0, "{out}");
    let lines = out.stdout.lines().map(|l| Ok(l.to_string()));
    let scrape = prometheus_parse::Scrape::parse(lines).expect("valid Prometheus text");
    let value = |name: &str, label: Option<(&str, &str)>| {
        scrape
            .samples
            .iter()
            .find(|s| s.metric == name && label.is_none_or(|(k, v)| s.labels.get(k) == Some(v)))
            .map(|s| match s.value {
                prometheus_parse::Value::Gauge(v)
                | prometheus_parse::Value::Counter(v)
                | prometheus_parse::Value::Untyped(v) => v,
                _ => f64::NAN,
            })
            .unwrap_or_else(|| panic!("{name} missing: {}", out.stdout))
    };
    let one = Some(("mapping", "1"));
    assert_eq!(value("lps_mapping_conflicts_total", one), 1.0);
    assert!(value("lps_mapping_ops_applied_total", one) >= 2.0);
    assert_eq!(value("lps_mapping_dlq_depth", one), 0.0);
    assert_eq!(value("lps_mapping_healthy", one), 1.0);
    assert!(value("lps_mapping_last_success_timestamp_seconds", one) > 1.7e9);
    assert!(value("lps_requests_total", Some(("api", "graph"))) > 0.0);
    assert!(value("lps_requests_total", Some(("api", "linear"))) > 0.0);
    assert!(value("lps_linear_requests_remaining", None) > 0.0);
    assert_eq!(value("lps_queue_depth", None), 0.0);
    let graph_waits = value("lps_throttled_waits_total", Some(("api", "graph")));
    let linear_waits = value("lps_throttled_waits_total", Some(("api", "linear")));
    assert!(graph_waits >= 1.0, "{}", out.stdout);
    assert!(linear_waits >= 1.0, "{}", out.stdout);
    // Stored like the other counters: another pass without throttling keeps them.
    env.run(["sync"]).success();
    let again = env.run(["status", "--format", "prometheus"]);
    let lines = again.stdout.lines().map(|l| Ok(l.to_string()));
    let later = prometheus_parse::Scrape::parse(lines).expect("valid Prometheus text");
    let waits: Vec<f64> = later
        .samples
        .iter()
        .filter(|s| s.metric == "lps_throttled_waits_total")
        .map(|s| match s.value {
            prometheus_parse::Value::Counter(v) => v,
            _ => f64::NAN,
        })
        .collect();
    assert_eq!(waits.len(), 2, "{}", again.stdout);
    assert!(
        waits.iter().sum::<f64>() >= graph_waits + linear_waits,
        "{}",
        again.stdout
    );
    let kinds: Vec<_> = scrape
        .docs
        .keys()
        .filter(|k| k.ends_with("_total"))
        .collect();
    assert!(!kinds.is_empty(), "HELP lines parsed");
    // The table shows the remaining budget too.
    let table = env.run(["status"]);
    assert!(table.stdout.contains("linear budget:"), "{table}");
}
