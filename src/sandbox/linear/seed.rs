//! Seed workspaces: Small (tests), Demo (the `demo` command) and Large(n) (the benchmark).
//!
//! All share one team `ENG` with a workflow state of every type (triage included), team and
//! workspace labels, an active cycle, a project and users, the first of which is the bridge's
//! own API user (`viewer`). Seeded ids are fixed (`…-8000-000000000001` style UUIDs) so tests
//! and snapshots can name them; issues are created through `ops` so they get identifiers,
//! numbers and timestamps exactly as API-created ones do.

use super::error::ApiError;
use super::limits::Limits;
use super::ops::{self, IssueDraft};
use super::records;
use super::state::{Cycle, Label, Org, Project, State, Team, User, WorkflowState};

/// A fixed, valid v4-shaped UUID for seeded entity number `n`.
pub fn seed_id(n: u64) -> String {
    format!("00000000-0000-4000-8000-{n:012x}")
}

/// Well-known ids of the seeded workspace.
pub mod ids {
    pub const ORG: u64 = 1;
    pub const VIEWER: u64 = 10;
    pub const ALICE: u64 = 11;
    pub const BOB: u64 = 12;
    pub const CAROL: u64 = 13;
    pub const TEAM_ENG: u64 = 20;
    /// Workflow states, in position order: triage … duplicate.
    pub const STATE_TRIAGE: u64 = 30;
    pub const STATE_BACKLOG: u64 = 31;
    pub const STATE_TODO: u64 = 32;
    pub const STATE_IN_PROGRESS: u64 = 33;
    pub const STATE_IN_REVIEW: u64 = 34;
    pub const STATE_DONE: u64 = 35;
    pub const STATE_CANCELED: u64 = 36;
    pub const STATE_DUPLICATE: u64 = 37;
    pub const LABEL_BUG: u64 = 40;
    pub const LABEL_FEATURE: u64 = 41;
    pub const LABEL_IMPROVEMENT: u64 = 42;
    pub const LABEL_CUSTOMER: u64 = 43;
    pub const CYCLE_CURRENT: u64 = 50;
    pub const PROJECT_WEBSITE: u64 = 60;
    pub const PROJECT_MOBILE: u64 = 61;
}

/// Which workspace to build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize)]
#[serde(tag = "kind", content = "issues", rename_all = "lowercase")]
pub enum Seed {
    Small,
    Demo,
    Large(usize),
}

/// Build a fresh state for `seed`, keeping keys, limits, clock and public base of `old`.
pub fn build(seed: Seed, old: &State) -> Result<State, ApiError> {
    let mut limits = Limits::default();
    limits.config = old.limits.config.clone();
    limits.api_keys = old.limits.api_keys.clone();
    limits.oauth_tokens = old.limits.oauth_tokens.clone();
    let mut st = State {
        public_base: old.public_base.clone(),
        clock: old.clock.clone(),
        limits,
        ..State::default()
    };
    base_workspace(&mut st);
    match seed {
        Seed::Small => small_issues(&mut st)?,
        Seed::Demo => {
            small_issues(&mut st)?;
            demo_issues(&mut st)?;
        }
        Seed::Large(n) => large_issues(&mut st, n)?,
    }
    Ok(st)
}

fn base_workspace(st: &mut State) {
    let now = st.clock.tick();
    st.org = Org {
        id: seed_id(ids::ORG),
        name: "Acme".into(),
        url_key: "acme".into(),
    };
    st.viewer_id = seed_id(ids::VIEWER);
    let users = [
        (ids::VIEWER, "Sync Bot", "sync-bot", "sync-bot@acme.test"),
        (ids::ALICE, "Alice Anders", "alice", "alice@acme.test"),
        (ids::BOB, "Bob Berg", "bob", "Bob.Berg@acme.test"),
        (ids::CAROL, "Carol Chen", "carol", "carol@acme.test"),
    ];
    st.users = users
        .iter()
        .map(|(n, name, display, email)| User {
            id: seed_id(*n),
            name: (*name).into(),
            display_name: (*display).into(),
            email: (*email).into(),
            active: true,
            created_at_ms: now,
            updated_at_ms: now,
        })
        .collect();
    let team = seed_id(ids::TEAM_ENG);
    st.teams = vec![Team {
        id: team.clone(),
        key: "ENG".into(),
        name: "Engineering".into(),
        member_ids: st.users.iter().map(|u| u.id.clone()).collect(),
        next_number: 1,
        created_at_ms: now,
        updated_at_ms: now,
    }];
    let states = [
        (ids::STATE_TRIAGE, "Triage", "triage", "#FC7840"),
        (ids::STATE_BACKLOG, "Backlog", "backlog", "#bec2c8"),
        (ids::STATE_TODO, "Todo", "unstarted", "#e2e2e2"),
        (ids::STATE_IN_PROGRESS, "In Progress", "started", "#f2c94c"),
        (ids::STATE_IN_REVIEW, "In Review", "started", "#0f783c"),
        (ids::STATE_DONE, "Done", "completed", "#5e6ad2"),
        (ids::STATE_CANCELED, "Canceled", "canceled", "#95a2b3"),
        (ids::STATE_DUPLICATE, "Duplicate", "duplicate", "#95a2b3"),
    ];
    st.states = states
        .iter()
        .enumerate()
        .map(|(i, (n, name, kind, color))| WorkflowState {
            id: seed_id(*n),
            team_id: team.clone(),
            name: (*name).into(),
            kind: (*kind).into(),
            color: (*color).into(),
            position: i as f64,
            created_at_ms: now,
            updated_at_ms: now,
        })
        .collect();
    let labels = [
        (ids::LABEL_BUG, "Bug", Some(&team), "#eb5757"),
        (ids::LABEL_FEATURE, "Feature", Some(&team), "#bb87fc"),
        (
            ids::LABEL_IMPROVEMENT,
            "Improvement",
            Some(&team),
            "#4ea7fc",
        ),
        (ids::LABEL_CUSTOMER, "Customer", None, "#26b5ce"),
    ];
    st.labels = labels
        .iter()
        .map(|(n, name, team, color)| Label {
            id: seed_id(*n),
            team_id: team.cloned(),
            name: (*name).into(),
            color: (*color).into(),
            description: None,
            created_at_ms: now,
            updated_at_ms: now,
        })
        .collect();
    st.cycles = vec![Cycle {
        id: seed_id(ids::CYCLE_CURRENT),
        team_id: team.clone(),
        number: 23,
        name: Some("Sprint 23".into()),
        starts_at_ms: now - 7 * 86_400_000,
        ends_at_ms: now + 7 * 86_400_000,
        created_at_ms: now,
        updated_at_ms: now,
    }];
    let projects = [
        (
            ids::PROJECT_WEBSITE,
            "Website Relaunch",
            "website-relaunch-1a2b3c",
        ),
        (ids::PROJECT_MOBILE, "Mobile App", "mobile-app-4d5e6f"),
    ];
    st.projects = projects
        .iter()
        .map(|(n, name, slug)| Project {
            id: seed_id(*n),
            name: (*name).into(),
            description: String::new(),
            slug_id: (*slug).into(),
            team_ids: vec![team.clone()],
            created_at_ms: now,
            updated_at_ms: now,
        })
        .collect();
}

fn draft(title: &str, state: u64, project: u64) -> IssueDraft {
    IssueDraft {
        team_id: seed_id(ids::TEAM_ENG),
        title: title.into(),
        state_id: Some(seed_id(state)),
        project_id: Some(seed_id(project)),
        ..IssueDraft::default()
    }
}

/// Small: 6 issues in "Website Relaunch" (ENG-1 … ENG-6), ENG-1 with two sub-issues.
fn small_issues(st: &mut State) -> Result<(), ApiError> {
    let actor = seed_id(ids::ALICE);
    let parent = ops::create_issue(
        st,
        &actor,
        IssueDraft {
            description: Some("The login form rejects valid passwords.\n\nSee @bob".into()),
            priority: Some(1),
            assignee_id: Some(seed_id(ids::ALICE)),
            label_ids: vec![seed_id(ids::LABEL_BUG), seed_id(ids::LABEL_CUSTOMER)],
            cycle_id: Some(seed_id(ids::CYCLE_CURRENT)),
            due_date: Some("2030-01-15".into()),
            ..draft(
                "Fix login bug",
                ids::STATE_IN_PROGRESS,
                ids::PROJECT_WEBSITE,
            )
        },
    )?;
    for (title, state) in [
        ("Reproduce on Safari", ids::STATE_DONE),
        ("Write regression test", ids::STATE_TODO),
    ] {
        ops::create_issue(
            st,
            &actor,
            IssueDraft {
                parent_id: Some(parent.clone()),
                ..draft(title, state, ids::PROJECT_WEBSITE)
            },
        )?;
    }
    ops::create_issue(
        st,
        &actor,
        IssueDraft {
            priority: Some(3),
            assignee_id: Some(seed_id(ids::BOB)),
            label_ids: vec![seed_id(ids::LABEL_FEATURE)],
            ..draft("New pricing page", ids::STATE_TODO, ids::PROJECT_WEBSITE)
        },
    )?;
    ops::create_issue(
        st,
        &actor,
        draft(
            "Customer report: slow search",
            ids::STATE_TRIAGE,
            ids::PROJECT_WEBSITE,
        ),
    )?;
    ops::create_issue(
        st,
        &actor,
        IssueDraft {
            priority: Some(4),
            ..draft(
                "Update footer links",
                ids::STATE_BACKLOG,
                ids::PROJECT_WEBSITE,
            )
        },
    )?;
    records::add_comment(
        st,
        &seed_id(ids::BOB),
        "ENG-1",
        "I can reproduce this on **Safari 17**.",
        None,
    )?;
    records::add_comment(st, &actor, "ENG-1", "Thanks @bob, looking into it.", None)?;
    let file = records::put_upload(
        st,
        "login-trace.txt",
        "text/plain",
        b"trace: 401 at /login\n".to_vec(),
    );
    records::upsert_attachment(st, &actor, "ENG-1", &file, "login-trace.txt", None, None)?;
    records::upsert_attachment(
        st,
        &actor,
        "ENG-1",
        "https://github.com/acme/web/pull/42",
        "PR #42",
        Some("open".into()),
        None,
    )?;
    Ok(())
}

/// Demo: Small plus a second, mobile project with a handful of issues.
fn demo_issues(st: &mut State) -> Result<(), ApiError> {
    let actor = seed_id(ids::CAROL);
    let titles = [
        ("Offline mode", ids::STATE_BACKLOG, 2),
        ("Push notification settings", ids::STATE_TODO, 3),
        ("Crash on Android 14 startup", ids::STATE_IN_PROGRESS, 1),
        ("Dark mode icons", ids::STATE_IN_REVIEW, 4),
        ("Remove legacy onboarding", ids::STATE_CANCELED, 0),
    ];
    for (title, state, priority) in titles {
        ops::create_issue(
            st,
            &actor,
            IssueDraft {
                priority: Some(priority),
                assignee_id: Some(seed_id(ids::CAROL)),
                ..draft(title, state, ids::PROJECT_MOBILE)
            },
        )?;
    }
    Ok(())
}

/// Large(n): n flat issues in "Website Relaunch", cycling through states, labels and users.
fn large_issues(st: &mut State, n: usize) -> Result<(), ApiError> {
    let actor = seed_id(ids::VIEWER);
    let states = [
        ids::STATE_BACKLOG,
        ids::STATE_TODO,
        ids::STATE_IN_PROGRESS,
        ids::STATE_DONE,
    ];
    let users = [ids::ALICE, ids::BOB, ids::CAROL];
    st.issues.reserve(n);
    for i in 0..n {
        let mut d = draft(
            &format!("Generated issue {}", i + 1),
            states[i % states.len()],
            ids::PROJECT_WEBSITE,
        );
        d.priority = Some((i % 5) as i64);
        if i % 3 != 0 {
            d.assignee_id = Some(seed_id(users[i % users.len()]));
        }
        if i % 10 == 0 {
            d.label_ids = vec![seed_id(ids::LABEL_BUG)];
        }
        ops::create_issue(st, &actor, d)?;
    }
    Ok(())
}
