//! Shared by the reliability tests (kill points, fault storms, concurrency): a mapped and
//! bootstrapped demo world, a scripted workload of human edits on both sides, and the
//! invariants every run must end in — no duplicate on either side, every edit on both sides,
//! an audit row behind every link, no create intent left open, nothing dead-lettered, a sound
//! database, and no echo.

#![allow(dead_code)]

use std::collections::{BTreeMap, BTreeSet};

use linear_planner_sync::model::ids::MappingId;
use linear_planner_sync::sandbox::Seed;
use linear_planner_sync::sandbox::linear::{ids, seed_id};
use linear_planner_sync::store::{intents, links};
use serde_json::{Value, json};

use crate::common::TestEnv;

pub use crate::common::demo::{PLAN, reset_counts, writes};

/// The Website project mapped to the demo plan and bootstrapped; `config` is the TOML config.
pub fn bootstrapped(config: &str) -> TestEnv {
    let mut env = TestEnv::with_sandbox(Seed::Demo);
    let path = env.write("lps.toml", config);
    env.set_env("LPS_CONFIG", &path.display().to_string());
    crate::common::demo::map(&env, &[]);
    env.run(["bootstrap"]).success();
    env
}

/// (task id, issue identifier) of the live links of mapping 1, oldest first.
pub fn pairs(env: &TestEnv) -> Vec<(String, String)> {
    links::live(env.store().conn(), MappingId(1))
        .expect("links")
        .into_iter()
        .map(|l| (l.task_id.0, l.issue_identifier.unwrap_or_default()))
        .collect()
}

/// The Website project's top-level, live issues.
pub fn project_issues(env: &TestEnv) -> Vec<linear_planner_sync::sandbox::linear::IssueView> {
    let project = env
        .sandbox()
        .linear()
        .issues()
        .into_iter()
        .find(|i| i.identifier == pairs(env)[0].1)
        .and_then(|i| i.project_id);
    env.sandbox()
        .linear()
        .issues()
        .into_iter()
        .filter(|i| i.project_id == project && i.parent.is_none() && !i.archived && !i.trashed)
        .collect()
}

/// What the human edits of a workload must end as, checked on both sides.
#[derive(Debug, Default, Clone)]
pub struct Expected {
    /// Titles of items created by humans: exactly one task and one issue each.
    pub created: Vec<String>,
    /// Per task id: fields (as the Planner task JSON has them) that must hold.
    pub tasks: BTreeMap<String, Vec<(&'static str, Value)>>,
    /// Per issue identifier: what the issue must show.
    pub issues: BTreeMap<String, IssueExpect>,
    pub task_count: usize,
    pub issue_count: usize,
    /// Rich edits: each must show exactly once on both sides of its pair.
    pub rich: Vec<RichExpect>,
}

/// One rich edit and where it must end up: `(task id, issue identifier, what)`.
#[derive(Debug, Clone)]
pub struct RichExpect {
    pub task: String,
    pub ident: String,
    pub what: Rich,
}

#[derive(Debug, Clone)]
pub enum Rich {
    /// A Planner checklist item or a Linear sub-issue with this title: one of each.
    Step(String),
    /// A Linear comment: once in Linear, once in the task's appended comments.
    Comment(String),
    /// A link: one Planner reference and one Linear attachment with this URL.
    Link(String),
}

#[derive(Debug, Default, Clone)]
pub struct IssueExpect {
    pub title: Option<String>,
    pub priority: Option<u8>,
    pub due: Option<String>,
    pub state: Option<String>,
    pub has_labels: Vec<String>,
    pub lacks_labels: Vec<String>,
}

/// The scripted workload: creates both ways, field edits both ways, label changes both ways,
/// and rich edits both ways (checklist ↔ sub-issues, a comment, links).
/// `tag` makes titles unique per round (the storm runs several). Returns what must hold after.
pub fn human_workload(env: &TestEnv, tag: &str, expected: &mut Expected) {
    let graph = env.sandbox().graph();
    let linear = env.sandbox().linear();
    let p = pairs(env);
    let n = p.len();
    let pick = |i: usize| p[i % n].clone();
    let todo = graph.bucket_id(PLAN, "To do").expect("bucket");

    // Creates, one each way.
    let planner_born = format!("{tag} planner-born task");
    graph
        .create_task(PLAN, json!({"title": planner_born, "bucketId": todo}))
        .expect("create task");
    let linear_born = format!("{tag} linear-born issue");
    let project = linear
        .issue(&p[0].1)
        .and_then(|i| i.project_id)
        .expect("project");
    linear
        .create_issue(linear_planner_sync::sandbox::linear::IssueDraft {
            team_id: seed_id(ids::TEAM_ENG),
            title: linear_born.clone(),
            project_id: Some(project),
            priority: Some(2),
            ..Default::default()
        })
        .expect("create issue");
    expected.created.push(planner_born);
    expected.created.push(linear_born);
    expected.task_count += 2;
    expected.issue_count += 2;

    // Planner → Linear: title, priority, a label.
    let (task, ident) = pick(0);
    let title = format!("{tag} title from Planner");
    graph
        .patch_task(&task, json!({"title": title}))
        .expect("patch");
    expected.issue(&ident).title = Some(title);
    let (task, ident) = pick(1);
    graph
        .patch_task(&task, json!({"priority": 1}))
        .expect("patch");
    expected.issue(&ident).priority = Some(1);
    let (task, ident) = pick(2);
    let had_bug = graph
        .task(&task)
        .is_some_and(|t| t["appliedCategories"]["category5"] == true);
    graph
        .patch_task(&task, json!({"appliedCategories": {"category5": !had_bug}}))
        .expect("patch");
    if had_bug {
        expected.issue(&ident).lacks("Bug");
    } else {
        expected.issue(&ident).has("Bug");
    }

    // Linear → Planner: title, due date, state, a label added and one removed.
    let (task, ident) = pick(3);
    let title = format!("{tag} title from Linear");
    linear.set_title(&ident, &title).expect("title");
    expected.task(&task).push(("title", json!(title)));
    let (task, ident) = pick(4);
    linear.set_due(&ident, Some("2027-02-01")).expect("due");
    expected
        .task(&task)
        .push(("dueDateTime", json!("2027-02-01T00:00:00Z")));
    let (task, ident) = pick(5);
    let done = linear.issue(&ident).is_some_and(|i| i.state == "Done");
    let (state, percent) = if done {
        ("In Progress", 50)
    } else {
        ("Done", 100)
    };
    linear.set_state(&ident, state).expect("state");
    expected
        .task(&task)
        .push(("percentComplete", json!(percent)));
    expected.issue(&ident).state = Some(state.into());
    let (task, ident) = pick(6);
    let had_feature = linear
        .issue(&ident)
        .is_some_and(|i| i.labels.iter().any(|l| l == "Feature"));
    if had_feature {
        linear.remove_label(&ident, "Feature").expect("label");
        expected.issue(&ident).lacks("Feature");
        expected.task(&task).push(("category6", json!(false)));
    } else {
        linear.add_label(&ident, "Feature").expect("label");
        expected.issue(&ident).has("Feature");
        expected.task(&task).push(("category6", json!(true)));
    }
    rich_workload(env, tag, &pick, expected);
}

/// Rich edits both ways: a checklist item and a sub-issue, a comment, a link each way.
fn rich_workload(
    env: &TestEnv,
    tag: &str,
    pick: &dyn Fn(usize) -> (String, String),
    expected: &mut Expected,
) {
    let graph = env.sandbox().graph();
    let linear = env.sandbox().linear();
    let mut expect = |(task, ident): (String, String), what| {
        expected.rich.push(RichExpect { task, ident, what });
    };
    let (task, ident) = pick(7);
    let step = format!("{tag} step from Planner");
    graph.add_checklist_item(&task, &step).expect("checklist");
    expect((task, ident), Rich::Step(step));
    let (task, ident) = pick(8);
    let step = format!("{tag} step from Linear");
    linear.add_sub_issue(&ident, &step).expect("sub-issue");
    expect((task, ident), Rich::Step(step));
    let (task, ident) = pick(9);
    let comment = format!("{tag} comment from Linear");
    linear.add_comment(&ident, &comment).expect("comment");
    expect((task, ident), Rich::Comment(comment));
    let (task, ident) = pick(10);
    let url = format!("https://docs.example.test/{tag}/from-planner");
    graph
        .patch_details(
            &task,
            json!({"references": {
                linear_planner_sync::graph::encode_reference_key(&url): {
                    "@odata.type": "#microsoft.graph.plannerExternalReference",
                    "alias": format!("{tag} doc"), "type": "Other"
                }
            }}),
        )
        .expect("reference");
    expect((task, ident), Rich::Link(url));
    let (task, ident) = pick(11);
    let url = format!("https://errors.example.test/{tag}/from-linear");
    linear
        .add_attachment(&ident, &url, &format!("{tag} error"))
        .expect("attachment");
    expect((task, ident), Rich::Link(url));
}

/// Where each rich edit shows, counted: (on the Planner side, on the Linear side).
fn rich_counts(env: &TestEnv, want: &RichExpect) -> (usize, usize) {
    let graph = env.sandbox().graph();
    let linear = env.sandbox().linear();
    let details = graph.details(&want.task).unwrap_or_default();
    let issue = linear.issue(&want.ident);
    match &want.what {
        Rich::Step(title) => {
            let items = details["checklist"].as_object().map_or(0, |c| {
                c.values().filter(|i| i["title"] == title.as_str()).count()
            });
            let subs = linear
                .issues()
                .into_iter()
                .filter(|i| {
                    i.parent.as_deref() == Some(want.ident.as_str())
                        && &i.title == title
                        && !i.archived
                        && !i.trashed
                })
                .count();
            (items, subs)
        }
        Rich::Comment(text) => {
            let appended = details["description"]
                .as_str()
                .map_or(0, |d| d.matches(text.as_str()).count());
            let comments = issue.map_or(0, |i| {
                i.comments
                    .iter()
                    .filter(|c| c.contains(text.as_str()))
                    .count()
            });
            (appended, comments)
        }
        Rich::Link(url) => {
            let key = linear_planner_sync::graph::encode_reference_key(url);
            let refs = usize::from(
                details["references"]
                    .get(&key)
                    .is_some_and(|r| !r.is_null()),
            );
            let atts = issue.map_or(0, |i| i.attachments.iter().filter(|a| *a == url).count());
            (refs, atts)
        }
    }
}

impl Expected {
    /// The counts right now (call before the first workload).
    pub fn baseline(env: &TestEnv) -> Expected {
        Expected {
            task_count: env.sandbox().graph().plan_tasks(PLAN).len(),
            issue_count: project_issues(env).len(),
            ..Expected::default()
        }
    }

    pub fn issue(&mut self, ident: &str) -> &mut IssueExpect {
        self.issues.entry(ident.to_string()).or_default()
    }

    fn task(&mut self, task: &str) -> TaskFields<'_> {
        TaskFields(self.tasks.entry(task.to_string()).or_default())
    }
}

/// The expected fields of one task; a later expectation of a field replaces the earlier.
pub struct TaskFields<'a>(&'a mut Vec<(&'static str, Value)>);

impl TaskFields<'_> {
    pub fn push(self, (field, value): (&'static str, Value)) {
        self.0.retain(|(f, _)| *f != field);
        self.0.push((field, value));
    }
}

impl IssueExpect {
    fn has(&mut self, label: &str) {
        self.lacks_labels.retain(|l| l != label);
        self.has_labels.push(label.to_string());
    }

    fn lacks(&mut self, label: &str) {
        self.has_labels.retain(|l| l != label);
        self.lacks_labels.push(label.to_string());
    }
}

/// Planner edits on the tasks the workload's Linear edits write to (priority: a field the
/// engine does not write there), for 412 races when made while a pass runs.
pub fn planner_race_edits(env: &TestEnv, priority: u8, expected: &mut Expected) {
    let p = pairs(env);
    for i in [3, 4] {
        let (task, ident) = &p[i % p.len()];
        // Setting the value a task already has is no edit (Linear's "no priority" shows as
        // Planner 5): nothing to expect of the issue then.
        let before = env
            .sandbox()
            .graph()
            .task(task)
            .map(|t| t["priority"].clone());
        if before == Some(json!(priority)) {
            continue;
        }
        if env
            .sandbox()
            .graph()
            .patch_task(task, json!({"priority": priority}))
            .is_ok()
        {
            expected.issue(ident).priority = Some(match priority {
                0 | 1 => 1,
                2..=4 => 2,
                5..=7 => 3,
                _ => 4,
            });
        }
    }
}

/// Every invariant, as a list of violations (empty: all hold). `context` prefixes each.
pub fn violations(env: &TestEnv, expected: &Expected, context: &str) -> Vec<String> {
    let mut bad = Vec::new();
    let mut fail = |msg: String| bad.push(format!("{context}: {msg}"));
    let graph = env.sandbox().graph();
    let linear = env.sandbox().linear();
    let tasks = graph.plan_tasks(PLAN);
    let issues = project_issues(env);

    // No duplicates: counts, and each human-created item exactly once per side.
    if tasks.len() != expected.task_count {
        fail(format!(
            "{} tasks in the plan, expected {}",
            tasks.len(),
            expected.task_count
        ));
    }
    if issues.len() != expected.issue_count {
        fail(format!(
            "{} issues in the project, expected {}",
            issues.len(),
            expected.issue_count
        ));
    }
    for title in &expected.created {
        let t = tasks
            .iter()
            .filter(|t| t["title"].as_str().is_some_and(|s| s.ends_with(title)))
            .count();
        let i = issues.iter().filter(|i| &i.title == title).count();
        if (t, i) != (1, 1) {
            fail(format!("{title:?}: {t} task(s), {i} issue(s)"));
        }
    }
    let live = pairs(env);
    let task_ids: BTreeSet<&str> = live.iter().map(|(t, _)| t.as_str()).collect();
    let idents: BTreeSet<&str> = live.iter().map(|(_, i)| i.as_str()).collect();
    if task_ids.len() != live.len() || idents.len() != live.len() {
        fail("a task or issue is in two live links".into());
    }
    if live.len() != expected.task_count {
        fail(format!(
            "{} live links for {} tasks",
            live.len(),
            expected.task_count
        ));
    }

    // Every edit on both sides.
    for (task, fields) in &expected.tasks {
        let Some(now) = graph.task(task) else {
            fail(format!("task {task} is gone"));
            continue;
        };
        for (field, want) in fields {
            let got = match *field {
                f if f.starts_with("category") => json!(now["appliedCategories"][f] == true),
                f => now[f].clone(),
            };
            let got = match (*field, &got) {
                ("title", Value::String(s)) => json!(strip_cycle(s)),
                _ => got,
            };
            if &got != want {
                fail(format!("task {task}: {field} is {got}, expected {want}"));
            }
        }
    }
    for (ident, want) in &expected.issues {
        let Some(issue) = linear.issue(ident) else {
            fail(format!("issue {ident} is gone"));
            continue;
        };
        if let Some(t) = &want.title
            && &issue.title != t
        {
            fail(format!("{ident}: title {:?}, expected {t:?}", issue.title));
        }
        if let Some(p) = want.priority
            && issue.priority != p
        {
            fail(format!(
                "{ident}: priority {}, expected {p}",
                issue.priority
            ));
        }
        if let Some(d) = &want.due
            && issue.due_date.as_ref() != Some(d)
        {
            fail(format!("{ident}: due {:?}, expected {d}", issue.due_date));
        }
        if let Some(s) = &want.state
            && &issue.state != s
        {
            fail(format!("{ident}: state {}, expected {s}", issue.state));
        }
        for l in &want.has_labels {
            if !issue.labels.contains(l) {
                fail(format!("{ident}: label {l} missing ({:?})", issue.labels));
            }
        }
        for l in &want.lacks_labels {
            if issue.labels.contains(l) {
                fail(format!("{ident}: label {l} still there"));
            }
        }
    }
    // Every rich edit exactly once on each side: nothing lost, nothing duplicated.
    for want in &expected.rich {
        let counts = rich_counts(env, want);
        if counts != (1, 1) {
            fail(format!(
                "{} ↔ {}: {:?} is in Planner {}×, in Linear {}×",
                want.task, want.ident, want.what, counts.0, counts.1
            ));
        }
    }
    // Titles agree across every live link.
    for (task, ident) in &live {
        let (Some(t), Some(i)) = (graph.task(task), linear.issue(ident)) else {
            fail(format!("{task} ↔ {ident}: one side is gone"));
            continue;
        };
        let planner_title = strip_cycle(t["title"].as_str().unwrap_or_default());
        if planner_title != i.title {
            fail(format!(
                "{task} ↔ {ident}: titles differ: {planner_title:?} / {:?}",
                i.title
            ));
        }
    }

    // The audit names every live link's creation, nothing is dead-lettered, the DB is sound.
    let store = env.store();
    let audit = env.run(["--json", "audit", "--limit", "100000"]).json();
    let rows = audit.as_array().cloned().unwrap_or_default();
    for (task, _) in &live {
        let made = rows.iter().any(|r| {
            r["task_id"] == task.as_str()
                && ["link", "create_issue", "create_task"]
                    .contains(&r["action"].as_str().unwrap_or(""))
        });
        if !made {
            fail(format!("no audit row links task {task}"));
        }
    }
    let dlq = env.run(["--json", "dlq", "list"]).json();
    if dlq.as_array().is_none_or(|a| !a.is_empty()) {
        fail(format!("dead letters: {dlq}"));
    }
    // Every create's intent was closed by its link: none is left open to be guessed at.
    let open = intents::open(store.conn(), MappingId(1)).expect("intents");
    if !open.is_empty() {
        let what: Vec<String> = open
            .iter()
            .map(|i| format!("{} for {}", i.kind, i.source_id))
            .collect();
        fail(format!("open intents: {what:?}"));
    }
    let problems = store.integrity_problems().expect("integrity_check");
    if !problems.is_empty() {
        fail(format!("integrity_check: {problems:?}"));
    }
    bad
}

/// The title without a `[Cycle: …] ` prefix.
pub fn strip_cycle(title: &str) -> String {
    match title.strip_prefix("[Cycle: ") {
        Some(rest) => rest
            .split_once("] ")
            .map_or(title.to_string(), |(_, t)| t.to_string()),
        None => title.to_string(),
    }
}
