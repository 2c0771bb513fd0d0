//! The engine's Linear port (`linear::port::LinearAdapter`) against the sandbox over HTTP:
//! teams with states and labels, projects by name or id, the change poll with its cursor and
//! ties, issues by identifier, idempotent creates with their back-reference, updates that
//! add/remove labels and clear fields, labels, users, archived issues, and auth failures.

use std::time::Duration;

use linear_planner_sync::config::Secret;
use linear_planner_sync::engine::ports::{
    IssueWrite, LinearCursor, LinearPort, NewIssue, NewSubIssue, PortError,
};
use linear_planner_sync::linear::port::LinearAdapter;
use linear_planner_sync::linear::port_queries::POLL_PAGE;
use linear_planner_sync::linear::{Credential, LinearClient, LinearOptions};
use linear_planner_sync::model::ids::IssueId;
use linear_planner_sync::model::state::StateType;
use linear_planner_sync::sandbox::linear::{
    IssueDraft, SANDBOX_LINEAR_API_KEY, TimeSource, ids, seed_id,
};
use linear_planner_sync::sandbox::{Sandbox, SandboxOptions, Seed};

async fn sandbox() -> Sandbox {
    Sandbox::start(SandboxOptions {
        seed: Seed::Small,
        ..SandboxOptions::default()
    })
    .await
    .expect("sandbox")
}

fn adapter_with(sb: &Sandbox, key: &str) -> LinearAdapter {
    let client = LinearClient::new(LinearOptions {
        api_url: sb.linear_api_url(),
        credential: Credential::ApiKey(Secret::new(key)),
        retry_attempts: 3,
        time_budget: Duration::from_secs(30),
        request_timeout: Duration::from_secs(10),
    })
    .expect("client");
    LinearAdapter::new(client)
}

fn adapter(sb: &Sandbox) -> LinearAdapter {
    adapter_with(sb, SANDBOX_LINEAR_API_KEY)
}

fn team() -> String {
    seed_id(ids::TEAM_ENG)
}

fn website() -> String {
    seed_id(ids::PROJECT_WEBSITE)
}

fn new_issue(title: &str) -> NewIssue {
    NewIssue {
        id: IssueId(uuid::Uuid::new_v4().to_string()),
        team_id: team(),
        project_id: website(),
        title: title.into(),
        description: "From **Planner**".into(),
        state_id: seed_id(ids::STATE_TODO),
        assignee_id: Some(seed_id(ids::ALICE)),
        due: Some("2031-02-03".into()),
        priority: 2,
        label_ids: vec![seed_id(ids::LABEL_BUG)],
        attachment: (
            format!("https://tasks.office.com/acme/Home/Task/{title}"),
            format!("Planner task: {title}"),
        ),
    }
}

#[tokio::test]
async fn a_team_by_key_has_its_states_and_labels() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let eng = linear.team_by_key("eng").await.unwrap().expect("ENG");
    assert_eq!(
        (eng.id.as_str(), eng.key.as_str()),
        (team().as_str(), "ENG")
    );
    let in_progress = eng
        .states
        .iter()
        .find(|s| s.id == seed_id(ids::STATE_IN_PROGRESS))
        .expect("In Progress");
    assert_eq!(in_progress.kind, StateType::Started);
    assert_eq!(in_progress.name, "In Progress");
    assert_eq!(eng.states.len(), 8);
    assert!(eng.states.iter().any(|s| s.kind == StateType::Triage));
    // Team labels and the workspace label.
    assert_eq!(eng.labels.get("Bug"), Some(&seed_id(ids::LABEL_BUG)));
    assert_eq!(
        eng.labels.get("Customer"),
        Some(&seed_id(ids::LABEL_CUSTOMER))
    );
    assert_eq!(eng.labels.len(), 4, "{:?}", eng.labels);
    assert_eq!(linear.team(&team()).await.unwrap(), eng);
    assert_eq!(linear.team_by_key("NOPE").await.unwrap(), None);
    let err = linear.team(&seed_id(999)).await.expect_err("no such team");
    assert!(matches!(err, PortError::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn a_project_by_name_or_id_with_its_teams() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let by_name = linear
        .project("website RELAUNCH")
        .await
        .unwrap()
        .expect("by name");
    assert_eq!(by_name.id, website());
    assert_eq!(by_name.name, "Website Relaunch");
    assert_eq!(by_name.teams, vec![(team(), "ENG".to_string())]);
    let by_id = linear.project(&website()).await.unwrap().expect("by id");
    assert_eq!(by_id, by_name);
    assert_eq!(
        linear.project("Website").await.unwrap(),
        None,
        "exact names only"
    );
    assert_eq!(linear.project(&seed_id(999)).await.unwrap(), None);
}

#[tokio::test]
async fn changes_after_the_cursor_are_exactly_the_new_edits() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let (all, cursor) = linear.changes(&[website()], None).await.unwrap();
    assert_eq!(all.len(), 6, "seeded issues, sub-issues included");
    let login = all.iter().find(|i| i.identifier == "ENG-1").expect("ENG-1");
    assert_eq!(login.assignee_email.as_deref(), Some("alice@acme.test"));
    assert_eq!(login.due.as_deref(), Some("2030-01-15"));
    assert_eq!(login.priority, 1);
    assert!(login.labels.contains("Bug") && login.labels.contains("Customer"));
    // The poll leaves attachment URLs out (only the bootstrap pairs by them); a whole-project
    // read has them.
    assert!(login.attachments.is_empty(), "{login:?}");
    let whole = linear.all_issues(&website()).await.unwrap();
    let login_whole = whole
        .iter()
        .find(|i| i.identifier == "ENG-1")
        .expect("ENG-1");
    assert!(
        login_whole
            .attachments
            .iter()
            .any(|u| u.contains("github.com"))
    );
    assert_eq!(login.state_id, seed_id(ids::STATE_IN_PROGRESS));
    assert_eq!(login.project_id, Some(website()));
    let sub = all
        .iter()
        .find(|i| i.title == "Reproduce on Safari")
        .expect("sub");
    assert_eq!(sub.parent_id.as_ref(), Some(&login.id));
    let newest = all.iter().map(|i| i.updated_at.as_str()).max().unwrap();
    assert_eq!(cursor.updated_at, newest);

    let (none, same) = linear.changes(&[website()], Some(&cursor)).await.unwrap();
    assert!(none.is_empty(), "{none:?}");
    assert_eq!(same, cursor);

    sb.linear().advance_clock(5);
    sb.linear().set_title("ENG-4", "Pricing page v2").unwrap();
    let (edited, next) = linear.changes(&[website()], Some(&cursor)).await.unwrap();
    assert_eq!(edited.len(), 1, "{edited:?}");
    assert_eq!(edited[0].identifier, "ENG-4");
    assert_eq!(edited[0].title, "Pricing page v2");
    let view = sb.linear().issue("ENG-4").unwrap();
    assert_eq!(
        edited[0].updated_at, view.updated_at,
        "Linear's text, verbatim"
    );
    assert_eq!(next.updated_at, view.updated_at);
    assert_eq!(next.tie_ids, vec![view.id]);
    let (empty, _) = linear.changes(&[], Some(&next)).await.unwrap();
    assert!(empty.is_empty());
}

/// The last request's price (`X-Complexity`) keeps a fifth of Linear's 10,000-point ceiling
/// free.
/// The ids of every issue of the sandbox.
fn known_ids(sb: &Sandbox) -> Vec<IssueId> {
    sb.linear()
        .issues()
        .into_iter()
        .map(|i| IssueId(i.id))
        .collect()
}

/// `n` ids taken from `known` in turn (again from the start when there are fewer): a full
/// page, priced by `first` whatever it repeats.
fn cycled(known: &[IssueId], n: usize) -> Vec<IssueId> {
    known.iter().cycle().take(n).cloned().collect()
}

fn assert_last_request_leaves_a_fifth_free(linear: &LinearAdapter) {
    let cost = linear
        .client()
        .rate()
        .last_complexity
        .expect("X-Complexity");
    assert!(cost <= 8_000, "{cost} points");
}

#[tokio::test]
async fn ties_across_the_cursor_are_neither_skipped_nor_repeated() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let (_, cursor) = linear.changes(&[website()], None).await.unwrap();
    let world = sb.linear();
    world.set_time_source(TimeSource::Manual(world.now_ms() + 10_000));
    let draft = |title: String| IssueDraft {
        team_id: team(),
        title,
        project_id: Some(website()),
        ..IssueDraft::default()
    };
    // More issues at one instant than a poll page holds: two pages, the tie spans the page
    // boundary.
    let tied = POLL_PAGE + 10;
    for n in 0..tied {
        world.create_issue(draft(format!("tied {n}"))).unwrap();
    }
    world.reset_operation_counts();
    let (first, cursor) = linear.changes(&[website()], Some(&cursor)).await.unwrap();
    let mut titles: Vec<&str> = first.iter().map(|i| i.title.as_str()).collect();
    titles.sort_unstable();
    titles.dedup();
    assert_eq!(titles.len(), tied);
    assert_eq!(first.len(), tied);
    assert_eq!(cursor.tie_ids.len(), tied);
    assert_eq!(world.operation_counts().get("PolledIssuesQuery"), Some(&2));
    // A poll page (priced by `first`, full or not) keeps a fifth of the 10,000-point ceiling
    // free.
    assert_last_request_leaves_a_fifth_free(&linear);
    // Two more at the same instant: exactly those.
    for n in 0..2 {
        world.create_issue(draft(format!("late {n}"))).unwrap();
    }
    let (late, cursor) = linear.changes(&[website()], Some(&cursor)).await.unwrap();
    let mut titles: Vec<&str> = late.iter().map(|i| i.title.as_str()).collect();
    titles.sort_unstable();
    assert_eq!(titles, ["late 0", "late 1"]);
    assert_eq!(cursor.tie_ids.len(), tied + 2);
    let (again, _) = linear.changes(&[website()], Some(&cursor)).await.unwrap();
    assert!(again.is_empty());
}

#[tokio::test]
async fn issues_by_identifier_or_id_leave_out_missing_ones() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let eng4 = sb.linear().issue("ENG-4").unwrap().id;
    let asked = [
        IssueId("ENG-1".into()),
        IssueId(uuid::Uuid::new_v4().to_string()),
        IssueId(eng4.clone()),
        IssueId("ENG-999".into()),
    ];
    let found = linear.issues(&asked).await.unwrap();
    let keys: Vec<&str> = found.iter().map(|i| i.identifier.as_str()).collect();
    assert_eq!(keys, ["ENG-1", "ENG-4"]);
    assert_eq!(found[1].id, IssueId(eng4));
    assert!(found[0].url.contains("ENG-1"), "{}", found[0].url);
    assert_eq!(linear.issues(&[]).await.unwrap(), vec![]);
}

#[tokio::test]
async fn creating_twice_with_one_id_makes_one_issue_with_its_back_reference() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let before = sb.linear().issue_count();
    let new = new_issue("task-7");
    let first = linear.create_issue(&new).await.unwrap();
    // A retry after a crash: the same id again.
    let second = linear.create_issue(&new).await.unwrap();
    assert_eq!(sb.linear().issue_count(), before + 1);
    assert_eq!(first.id, new.id);
    assert_eq!(second.id, new.id);
    assert_eq!(first.attachments, vec![new.attachment.0.clone()]);
    assert_eq!(
        second.attachments, first.attachments,
        "upserted, not doubled"
    );
    let view = sb.linear().issue(&new.id.0).unwrap();
    assert_eq!(view.attachments, vec![new.attachment.0.clone()]);
    assert_eq!(view.title, "task-7");
    assert_eq!(view.labels, ["Bug"]);
    assert_eq!(view.assignee.as_deref(), Some("alice@acme.test"));
    assert_eq!(view.priority, 2);
    assert_eq!(first.description, "From **Planner**");
    assert_eq!(first.due.as_deref(), Some("2031-02-03"));
    assert_eq!(first.state_id, seed_id(ids::STATE_TODO));
    assert!(!first.archived);
}

#[tokio::test]
async fn updates_add_and_remove_labels_unassign_and_clear_the_due_date() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let created = linear.create_issue(&new_issue("task-8")).await.unwrap();
    // A person adds a label meanwhile; our removal must not drop it.
    sb.linear().add_label(&created.id.0, "Improvement").unwrap();
    let write = IssueWrite {
        title: Some("task-8 renamed".into()),
        state_id: Some(seed_id(ids::STATE_IN_PROGRESS)),
        assignee_id: Some(None),
        due: Some(None),
        priority: Some(4),
        add_label_ids: vec![seed_id(ids::LABEL_FEATURE)],
        remove_label_ids: vec![seed_id(ids::LABEL_BUG)],
        ..IssueWrite::default()
    };
    let updated = linear.update_issue(&created.id, &write).await.unwrap();
    let labels: Vec<&str> = updated.labels.iter().map(String::as_str).collect();
    assert_eq!(labels, ["Feature", "Improvement"]);
    assert_eq!(updated.assignee_email, None);
    assert_eq!(updated.due, None);
    assert_eq!(updated.priority, 4);
    assert_eq!(updated.title, "task-8 renamed");
    assert_eq!(updated.state_id, seed_id(ids::STATE_IN_PROGRESS));
    assert_eq!(updated.description, "From **Planner**", "left alone");
    let view = sb.linear().issue(&created.id.0).unwrap();
    assert_eq!((view.assignee, view.due_date), (None, None));
    // Assign again and set a due date.
    let write = IssueWrite {
        assignee_id: Some(Some(seed_id(ids::BOB))),
        due: Some(Some("2032-03-04".into())),
        description: Some(String::new()),
        ..IssueWrite::default()
    };
    let updated = linear.update_issue(&created.id, &write).await.unwrap();
    assert_eq!(
        updated.assignee_email.as_deref(),
        Some("Bob.Berg@acme.test")
    );
    assert_eq!(updated.due.as_deref(), Some("2032-03-04"));
    assert_eq!(updated.description, "");
    let missing = IssueId(uuid::Uuid::new_v4().to_string());
    let err = linear
        .update_issue(&missing, &write)
        .await
        .expect_err("gone");
    assert!(matches!(err, PortError::NotFound(_)), "{err:?}");
}

#[tokio::test]
async fn labels_are_created_once_and_users_found_ignoring_case() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let first = linear.create_label(&team(), "From Planner").await.unwrap();
    let again = linear.create_label(&team(), "from planner").await.unwrap();
    assert_eq!(first, again);
    let bug = linear.create_label(&team(), "Bug").await.unwrap();
    assert_eq!(bug, seed_id(ids::LABEL_BUG));
    let eng = linear.team(&team()).await.unwrap();
    assert_eq!(eng.labels.get("From Planner"), Some(&first));
    // Stored as Bob.Berg@acme.test.
    let bob = linear.user_id("bob.berg@ACME.test").await.unwrap();
    assert_eq!(bob, Some(seed_id(ids::BOB)));
    assert_eq!(linear.user_id("nobody@acme.test").await.unwrap(), None);
}

#[tokio::test]
async fn archived_and_trashed_issues_read_as_archived() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let (_, cursor) = linear.changes(&[website()], None).await.unwrap();
    sb.linear().advance_clock(5);
    sb.linear().archive_issue("ENG-5").unwrap();
    sb.linear().trash_issue("ENG-6").unwrap();
    let (changed, _) = linear.changes(&[website()], Some(&cursor)).await.unwrap();
    let mut keys: Vec<(&str, bool)> = changed
        .iter()
        .map(|i| (i.identifier.as_str(), i.archived))
        .collect();
    keys.sort_unstable();
    assert_eq!(keys, [("ENG-5", true), ("ENG-6", true)]);
    let all = linear.all_issues(&website()).await.unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!(all.iter().filter(|i| i.archived).count(), 2);
    let by_key = linear.issues(&[IssueId("ENG-6".into())]).await.unwrap();
    assert!(by_key[0].archived);
    let unchanged = LinearCursor::default();
    assert_eq!(
        linear.changes(&[], Some(&unchanged)).await.unwrap().0,
        vec![]
    );
}

#[tokio::test]
async fn a_wrong_key_is_an_auth_error_naming_the_variable() {
    let sb = sandbox().await;
    let linear = adapter_with(&sb, "lin_api_wrong");
    let err = linear.team_by_key("ENG").await.expect_err("must fail");
    match &err {
        PortError::Auth(message) => assert!(message.contains("LINEAR_API_KEY"), "{message}"),
        other => panic!("{other:?}"),
    }
    assert_eq!(err.kind(), "auth");
    let err = linear
        .changes(&[website()], None)
        .await
        .expect_err("must fail");
    assert!(matches!(err, PortError::Auth(_)), "{err:?}");
}

#[tokio::test]
async fn batch_create_is_one_request_per_fifty_and_adopts_ids_that_exist() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let news: Vec<NewIssue> = (0..3).map(|i| new_issue(&format!("Batch {i}"))).collect();
    // The middle one exists already, as after a batch Linear applied but whose answer was lost.
    sb.linear()
        .create_issue(IssueDraft {
            id: Some(news[1].id.0.clone()),
            team_id: team(),
            title: news[1].title.clone(),
            project_id: Some(website()),
            ..IssueDraft::default()
        })
        .unwrap();
    let issues_before = sb.linear().issues().len();
    sb.linear().reset_operation_counts();

    let created = linear.create_issues(&news).await;

    assert_eq!(created.len(), 3);
    for (new, got) in news.iter().zip(&created) {
        let got = got.as_ref().expect("created or adopted");
        assert_eq!(got.id, new.id, "results come in input order");
        let view = sb.linear().issue(&new.id.0).expect("in the sandbox");
        assert_eq!(view.attachments, vec![new.attachment.0.clone()]);
    }
    assert_eq!(
        sb.linear().issues().len(),
        issues_before + 2,
        "the existing id is adopted, never duplicated"
    );

    // Without a taken id: one issueBatchCreate for all, then one attachment each.
    let more: Vec<NewIssue> = (0..4).map(|i| new_issue(&format!("More {i}"))).collect();
    sb.linear().reset_operation_counts();
    let created = linear.create_issues(&more).await;
    assert!(created.iter().all(Result::is_ok));
    let ops = sb.linear().operation_counts();
    let creates: u64 = ops
        .iter()
        .filter(|(op, _)| op.contains("Create") && !op.contains("Attachment"))
        .map(|(_, n)| *n)
        .sum();
    assert_eq!(creates, 1, "{ops:?}");
    let identifiers: Vec<String> = more
        .iter()
        .map(|n| sb.linear().issue(&n.id.0).unwrap().identifier)
        .collect();
    let mut sorted = identifiers.clone();
    sorted.sort_by_key(|i| i.trim_start_matches("ENG-").parse::<u32>().unwrap_or(0));
    assert_eq!(identifiers, sorted, "identifiers follow the batch order");
}

#[tokio::test]
async fn rich_fields_sub_issues_attachments_and_cycles() {
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let parent = sb.linear().issue("ENG-1").unwrap();
    let parent_id = IssueId(parent.id.clone());
    let rich = linear
        .issue_rich(std::slice::from_ref(&parent_id))
        .await
        .unwrap()
        .remove(&parent_id)
        .expect("rich fields of ENG-1");
    assert_eq!(rich.cycle.as_deref(), Some("Sprint 23"));
    let mut subs: Vec<(&str, bool)> = rich
        .children
        .iter()
        .map(|c| (c.title.as_str(), c.done))
        .collect();
    subs.sort();
    assert_eq!(
        subs,
        vec![
            ("Reproduce on Safari", true),
            ("Write regression test", false)
        ]
    );
    assert_eq!(rich.comments.len(), 2);
    assert!(rich.comments[0].created_at <= rich.comments[1].created_at);
    assert!(rich.comments.iter().all(|c| c.author_email.contains('@')));
    assert!(
        rich.attachments
            .iter()
            .any(|a| a.url == "https://github.com/acme/web/pull/42" && a.title == "PR #42")
    );

    // A sub-issue with our id, twice: one issue, under the parent.
    let new = NewSubIssue {
        id: IssueId(uuid::Uuid::new_v4().to_string()),
        parent_id: parent_id.clone(),
        team_id: team(),
        project_id: website(),
        title: "Check Firefox".into(),
        state_id: Some(seed_id(ids::STATE_TODO)),
    };
    let before = sb.linear().issue_count();
    let first = linear.create_sub_issue(&new).await.unwrap();
    let second = linear.create_sub_issue(&new).await.unwrap();
    assert_eq!(sb.linear().issue_count(), before + 1);
    assert_eq!((first.id.clone(), first.done), (new.id.clone(), false));
    assert_eq!(second, first);
    let view = sb.linear().issue(&new.id.0).unwrap();
    assert_eq!(view.parent.as_deref(), Some("ENG-1"));

    // Attachments are deleted by id; an unknown id counts as deleted.
    let pr = rich
        .attachments
        .iter()
        .find(|a| a.title == "PR #42")
        .unwrap();
    linear.remove_attachment(&pr.id).await.unwrap();
    linear.remove_attachment(&pr.id).await.unwrap();
    assert!(
        !sb.linear()
            .issue("ENG-1")
            .unwrap()
            .attachments
            .contains(&pr.url)
    );

    // A cycle's issues by id; a renamed cycle without a name reads as "Cycle N".
    let cycle = sb.linear().cycle_id("Sprint 23").unwrap();
    let in_cycle = linear.cycle_issues(&cycle).await.unwrap();
    assert_eq!(in_cycle, vec![parent_id.clone()]);
    sb.linear().rename_cycle(&cycle, None).unwrap();
    let rich = linear
        .issue_rich(std::slice::from_ref(&parent_id))
        .await
        .unwrap();
    assert_eq!(rich[&parent_id].cycle.as_deref(), Some("Cycle 23"));
}

#[tokio::test]
async fn a_full_page_of_rich_reads_is_one_request_within_the_complexity_ceiling() {
    use linear_planner_sync::linear::port_rich::RICH_PAGE;
    let sb = sandbox().await;
    let linear = adapter(&sb);
    // Real ids where the seed has them (their connections priced by `first` all the same).
    let mut ids: Vec<IssueId> = sb
        .linear()
        .issues()
        .into_iter()
        .map(|i| IssueId(i.id))
        .take(RICH_PAGE)
        .collect();
    while ids.len() < RICH_PAGE {
        ids.push(IssueId(uuid::Uuid::new_v4().to_string()));
    }
    sb.linear().reset_operation_counts();
    let found = linear
        .issue_rich(&ids)
        .await
        .expect("accepted by the ceiling");
    assert!(!found.is_empty());
    assert_eq!(
        sb.linear().operation_counts().get("RichIssuesQuery"),
        Some(&1)
    );
}

#[tokio::test]
async fn issues_read_whole_come_a_page_per_request_within_the_complexity_ceiling() {
    use linear_planner_sync::linear::port_queries::SNAPSHOT_PAGE;
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let known = known_ids(&sb);
    // A full page keeps a fifth of Linear's 10,000-point ceiling free (priced by `first`).
    let page = cycled(&known, SNAPSHOT_PAGE);
    linear.issue_snapshots(&page).await.expect("one page");
    assert_last_request_leaves_a_fifth_free(&linear);
    // One page and one more id: two requests.
    let mut ids: Vec<IssueId> = known.iter().take(SNAPSHOT_PAGE + 1).cloned().collect();
    while ids.len() <= SNAPSHOT_PAGE {
        ids.push(IssueId(uuid::Uuid::new_v4().to_string()));
    }
    sb.linear().reset_operation_counts();
    let found = linear
        .issue_snapshots(&ids)
        .await
        .expect("accepted by the ceiling");
    assert_eq!(
        sb.linear().operation_counts().get("IssueSnapshotsQuery"),
        Some(&2)
    );
    // Unknown ids are left out; each issue found is whole, its rich fields with it.
    assert_eq!(found.len(), known.len().min(SNAPSHOT_PAGE + 1));
    for issue in &found {
        assert!(issue.snapshot, "{issue:?}");
        assert!(issue.rich.is_some(), "{issue:?}");
        let seen = sb.linear().issue(&issue.id.0).expect("a known issue");
        assert_eq!(issue.title, seen.title);
        assert_eq!(issue.updated_at, seen.updated_at);
    }
}

#[tokio::test]
async fn back_references_answer_their_issues_whole_a_document_per_snapshot_page() {
    use linear_planner_sync::linear::port_queries::SNAPSHOT_PAGE;
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let known: Vec<IssueId> = sb
        .linear()
        .issues()
        .into_iter()
        .filter(|i| i.parent.is_none())
        .map(|i| IssueId(i.id))
        .collect();
    // A full document keeps a fifth of the ceiling free, every answer a snapshot.
    let items: Vec<(IssueId, String, String)> = (0..SNAPSHOT_PAGE)
        .map(|n| {
            let issue = known[n % known.len()].clone();
            (
                issue,
                format!("https://planner.test/ref/{n}"),
                "Planner".into(),
            )
        })
        .collect();
    sb.linear().reset_operation_counts();
    let answers = linear.add_attachments(&items).await;
    assert_last_request_leaves_a_fifth_free(&linear);
    let ops = sb.linear().operation_counts();
    assert_eq!(ops.get("AttachmentCreateMany"), Some(&1), "{ops:?}");
    assert_eq!(ops.len(), 1, "no read after the writes: {ops:?}");
    // Items on the same issue come one after another: the last answer of an issue is the
    // issue as it is now.
    let mut last: std::collections::BTreeMap<IssueId, _> = Default::default();
    for ((id, url, _), answer) in items.iter().zip(answers) {
        let issue = answer.expect("attached");
        assert_eq!(&issue.id, id);
        assert!(issue.snapshot && issue.rich.is_some(), "{issue:?}");
        assert!(issue.attachments.contains(url), "{issue:?}");
        last.insert(id.clone(), issue);
    }
    for (id, issue) in last {
        let now = sb.linear().issue(&id.0).expect("known");
        assert_eq!(issue.updated_at, now.updated_at);
    }
    // Two more items: a second document (a single one would go as a plain attachmentCreate).
    let more: Vec<(IssueId, String, String)> = (0..SNAPSHOT_PAGE + 2)
        .map(|n| {
            (
                known[0].clone(),
                format!("https://planner.test/more/{n}"),
                "P".into(),
            )
        })
        .collect();
    sb.linear().reset_operation_counts();
    assert!(
        linear
            .add_attachments(&more)
            .await
            .iter()
            .all(Result::is_ok)
    );
    let ops = sb.linear().operation_counts();
    assert_eq!(ops.get("AttachmentCreateMany"), Some(&2), "{ops:?}");
}

#[tokio::test]
async fn the_team_rides_in_the_first_rich_read_within_the_complexity_ceiling() {
    use linear_planner_sync::linear::port_rich::RICH_WITH_TEAM_PAGE;
    let sb = sandbox().await;
    let linear = adapter(&sb);
    let known = known_ids(&sb);
    let team_alone = linear.team(&team()).await.expect("the team");
    let page = cycled(&known, RICH_WITH_TEAM_PAGE);
    let rich_alone = linear.issue_rich(&page).await.expect("rich fields");
    sb.linear().reset_operation_counts();

    let (rich, team_info) = linear.rich_and_team(&page, &team()).await;
    assert_last_request_leaves_a_fifth_free(&linear);
    let ops = sb.linear().operation_counts();
    assert_eq!(ops.get("RichWithTeamQuery"), Some(&1), "{ops:?}");
    assert_eq!(ops.len(), 1, "one request for both: {ops:?}");
    assert_eq!(rich.expect("rich fields"), rich_alone);
    assert_eq!(team_info.expect("the team"), team_alone);

    // More issues than the page: the rest in a rich read beside it.
    let mut more = page.clone();
    more.extend(known.iter().take(3).cloned());
    sb.linear().reset_operation_counts();
    let (rich, _) = linear.rich_and_team(&more, &team()).await;
    let asked: std::collections::BTreeSet<&IssueId> = more.iter().collect();
    assert_eq!(rich.expect("rich fields").len(), asked.len());
    let ops = sb.linear().operation_counts();
    assert_eq!(ops.get("RichWithTeamQuery"), Some(&1), "{ops:?}");
    assert_eq!(ops.get("RichIssuesQuery"), Some(&1), "{ops:?}");

    // An unknown team fails alone: the rich fields still come.
    let gone = uuid::Uuid::new_v4().to_string();
    let (rich, team_info) = linear.rich_and_team(&page, &gone).await;
    assert_eq!(rich.expect("rich fields"), rich_alone);
    assert!(
        matches!(team_info, Err(PortError::NotFound(_))),
        "{team_info:?}"
    );
}
