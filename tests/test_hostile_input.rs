//! Hostile and bad input: fuzzed webhook deliveries through `webhook ingest` and the verifier,
//! property tests of the markdown ↔ plain converter, user content at the edges (emoji, RTL,
//! control characters, a 10k-character title, dates out of range) synced end to end, and
//! config/CLI misuse. The promise: nothing queued unless validly signed and fresh, no panic,
//! nothing silently lost, and a usage mistake is exit 2 with what to fix.

use std::io::Write;
use std::process::Stdio;

use linear_planner_sync::linear::webhook::{MAX_BODY_BYTES, Rejection, Verified, sign, verify};
use linear_planner_sync::model::text::{escape_plain, to_plain};
use linear_planner_sync::sandbox::linear::SANDBOX_WEBHOOK_SECRET;
use linear_planner_sync::store::queue;
use proptest::prelude::*;
use serde_json::json;

use crate::common::{CommandOutput, NOW, TestEnv};
use crate::rel_world::{PLAN, bootstrapped, pairs, project_issues, reset_counts, writes};

fn now_ms() -> i64 {
    let at = time::OffsetDateTime::parse(NOW, &time::format_description::well_known::Rfc3339)
        .expect("NOW");
    (at.unix_timestamp_nanos() / 1_000_000) as i64
}

fn event_at(ts: i64) -> String {
    format!(
        r#"{{"action":"update","type":"Issue","data":{{"id":"issue-1"}},"actor":{{"id":"u"}},"webhookTimestamp":{ts}}}"#
    )
}

fn ingest(env: &TestEnv, body: &[u8], signature: &str, delivery: Option<&str>) -> CommandOutput {
    let mut cmd = env.command();
    cmd.args(["webhook", "ingest", "--signature", signature]);
    if let Some(d) = delivery {
        cmd.args(["--delivery", d]);
    }
    let mut child = cmd
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn");
    let mut stdin = child.stdin.take().expect("stdin");
    // The binary stops reading at the size limit: a broken pipe is expected then.
    let _ = stdin.write_all(body);
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    CommandOutput {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}

/// splitmix64: reproducible bytes without a dependency.
fn noise(seed: u64, len: usize) -> Vec<u8> {
    let mut s = seed;
    (0..len)
        .map(|_| {
            s = s.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            (z ^ (z >> 31)) as u8
        })
        .collect()
}

#[test]
fn hostile_deliveries_through_ingest_queue_nothing() {
    let mut env = TestEnv::new();
    env.set_env("LINEAR_WEBHOOK_SECRET", SANDBOX_WEBHOOK_SECRET);
    let good = event_at(now_ms());
    let good_sig = sign(SANDBOX_WEBHOOK_SECRET, good.as_bytes());
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let huge = format!(
        r#"{{"action":"update","type":"Issue","webhookTimestamp":{},"pad":"{}"}}"#,
        now_ms(),
        "x".repeat(MAX_BODY_BYTES)
    );
    let mut cases: Vec<(String, Vec<u8>, String)> = vec![
        (
            "wrong secret".into(),
            good.clone().into_bytes(),
            sign("nope", good.as_bytes()),
        ),
        (
            "short signature".into(),
            good.clone().into_bytes(),
            good_sig[..10].to_string(),
        ),
        (
            "long signature".into(),
            good.clone().into_bytes(),
            format!("{good_sig}00"),
        ),
        (
            "signature repeated".into(),
            good.clone().into_bytes(),
            good_sig.repeat(50),
        ),
        ("not hex".into(), good.clone().into_bytes(), "zz".repeat(32)),
        (
            "empty signature".into(),
            good.clone().into_bytes(),
            " ".into(),
        ),
        (
            "altered body".into(),
            good.replace("update", "remove").into_bytes(),
            good_sig.clone(),
        ),
        (
            "deep JSON, signed".into(),
            deep.clone().into_bytes(),
            sign(SANDBOX_WEBHOOK_SECRET, deep.as_bytes()),
        ),
        (
            "huge body, signed".into(),
            huge.clone().into_bytes(),
            sign(SANDBOX_WEBHOOK_SECRET, huge.as_bytes()),
        ),
        (
            "empty body, signed".into(),
            Vec::new(),
            sign(SANDBOX_WEBHOOK_SECRET, b""),
        ),
        (
            "JSON null, signed".into(),
            b"null".to_vec(),
            sign(SANDBOX_WEBHOOK_SECRET, b"null"),
        ),
    ];
    for ts in [
        0,
        -1,
        i64::MIN,
        i64::MAX,
        now_ms() - 61_000,
        now_ms() + 61_000,
        now_ms() - 86_400_000 * 365,
    ] {
        let body = event_at(ts);
        let sig = sign(SANDBOX_WEBHOOK_SECRET, body.as_bytes());
        cases.push((format!("timestamp {ts}, signed"), body.into_bytes(), sig));
    }
    let float_ts = format!(
        r#"{{"action":"update","type":"Issue","webhookTimestamp":{}.5}}"#,
        now_ms()
    );
    let sig = sign(SANDBOX_WEBHOOK_SECRET, float_ts.as_bytes());
    cases.push((
        "fractional timestamp, signed".into(),
        float_ts.into_bytes(),
        sig,
    ));
    for seed in 0..24u64 {
        let body = noise(seed, (seed as usize * 97) % 3000);
        let sig = if seed % 2 == 0 {
            hex::encode(noise(seed + 1000, 32))
        } else {
            sign(SANDBOX_WEBHOOK_SECRET, &body)
        };
        cases.push((format!("random bytes #{seed}"), body, sig));
    }
    for (name, body, sig) in &cases {
        let out = ingest(&env, body, sig, None);
        assert_eq!(out.status, 2, "{name}: {out}");
        assert!(out.stderr.contains("webhook rejected"), "{name}: {out}");
        assert!(out.stderr.contains("nothing was queued"), "{name}: {out}");
        assert!(!out.stderr.contains("panicked"), "{name}: {out}");
    }
    assert_eq!(queue::depth(env.store().conn()).unwrap(), 0);

    // Replays: the same delivery twice, and the same body under a new delivery id.
    let out = ingest(&env, good.as_bytes(), &good_sig, Some("d-1"));
    assert_eq!(out.status, 0, "{out}");
    let again = ingest(&env, good.as_bytes(), &good_sig, Some("d-1"));
    assert!(again.stderr.starts_with("Duplicate delivery"), "{again}");
    assert_eq!(queue::depth(env.store().conn()).unwrap(), 1);
    eprintln!(
        "hostile deliveries through ingest: {} rejected, 2 replays",
        cases.len()
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    /// Random bodies with random (or correct but mangled) signatures: never accepted, never a
    /// panic; the correct signature of a non-JSON body is refused as malformed.
    #[test]
    fn verify_refuses_whatever_is_not_signed(
        body in proptest::collection::vec(any::<u8>(), 0..2048),
        sig in "[0-9a-fA-F]{0,130}",
        flip in any::<usize>(),
    ) {
        let secret = "proptest-secret";
        let right = sign(secret, &body);
        let outcome = verify(secret, &body, Some(&sig), None, now_ms());
        if !sig.eq_ignore_ascii_case(&right) {
            prop_assert!(matches!(outcome, Err(Rejection::BadSignature | Rejection::MissingSignature)), "{outcome:?}");
        }
        // One flipped hex digit of the right signature is refused.
        let mut mangled: Vec<char> = right.chars().collect();
        let i = flip % mangled.len();
        mangled[i] = if mangled[i] == '0' { '1' } else { '0' };
        let mangled: String = mangled.into_iter().collect();
        prop_assert_eq!(verify(secret, &body, Some(&mangled), None, now_ms()), Err(Rejection::BadSignature));
        // Correctly signed: accepted only as a well-formed, fresh envelope.
        match verify(secret, &body, Some(&right), None, now_ms()) {
            Ok(Verified::Event(e)) => prop_assert!((e.webhook_timestamp_ms - now_ms()).abs() <= 60_000),
            Ok(Verified::Ignored { .. }) => {}
            Err(r) => prop_assert!(matches!(r, Rejection::Malformed(_) | Rejection::Stale { .. } | Rejection::TooLarge { .. }), "{r:?}"),
        }
    }

    /// Signed envelopes with arbitrary field values and timestamps: fresh ones are accepted
    /// with their fields intact, stale ones refused; nothing panics.
    #[test]
    fn signed_envelopes_are_accepted_only_when_fresh(
        kind in "\\PC{0,20}",
        action in "\\PC{0,20}",
        id in "\\PC{0,40}",
        offset in prop_oneof![Just(i64::MIN), Just(i64::MAX), -120_000i64..120_000],
    ) {
        let ts = now_ms().saturating_add(offset);
        let body = json!({"action": action, "type": kind, "data": {"id": id}, "webhookTimestamp": ts}).to_string();
        let sig = sign("s", body.as_bytes());
        let fresh = ts.saturating_sub(now_ms()).unsigned_abs() <= 60_000;
        match verify("s", body.as_bytes(), Some(&sig), Some("d"), now_ms()) {
            Ok(Verified::Event(e)) => {
                prop_assert!(fresh);
                prop_assert_eq!(e.entity_id.as_deref(), Some(id.as_str()));
                prop_assert_eq!(e.action, action);
                prop_assert_eq!(e.payload, body);
            }
            Ok(Verified::Ignored { .. }) => prop_assert!(fresh && kind == "Reaction"),
            Err(r) => prop_assert!(!fresh && matches!(r, Rejection::Stale { .. }), "{r:?}"),
        }
    }

    /// The converter never panics, whatever the markdown.
    #[test]
    fn to_plain_never_panics(md in "\\PC{0,400}", raw in proptest::collection::vec(any::<char>(), 0..200)) {
        let _ = to_plain(&md, &|_| None);
        let raw: String = raw.into_iter().collect();
        let _ = to_plain(&raw, &|_| Some("x@y.z".into()));
        let _ = escape_plain(&raw);
    }

    /// A link's destination survives the trip to plain text.
    #[test]
    fn links_are_preserved(
        before in "[a-zA-Z0-9 ,.]{0,30}",
        text in "[a-zA-Z0-9 ]{1,20}",
        host in "[a-z]{1,12}",
        path in "[a-zA-Z0-9/_-]{0,30}",
    ) {
        let url = format!("https://{host}.example/{path}");
        let md = format!("{before} [{text}]({url}) and <{url}>");
        let plain = to_plain(&md, &|_| None);
        prop_assert_eq!(plain.matches(url.as_str()).count(), 2, "{:?} → {:?}", md, plain);
    }

    /// Plain text written to Linear reads back identical (what stops echo writes), for text
    /// a person types: printable characters, inner spaces, line breaks.
    #[test]
    fn escaped_plain_text_reads_back_identical(lines in proptest::collection::vec("[ -~À-ÿ€😀א-ת]{0,40}", 1..5)) {
        let text = lines
            .iter()
            .map(|l| l.trim_end().to_string())
            .collect::<Vec<_>>()
            .join("\n");
        // Leading and trailing blank lines are not kept by markdown, and a run of blank lines
        // renders as one paragraph break (known, harmless: the words and their order stay).
        let text = text.trim_matches('\n');
        let md = escape_plain(text);
        let collapse = |t: &str| {
            let mut t = t.to_string();
            while t.contains("\n\n\n") {
                t = t.replace("\n\n\n", "\n\n");
            }
            t
        };
        prop_assert_eq!(collapse(&to_plain(&md, &|_| None)), collapse(text), "escaped as {:?}", md);
    }
}

/// Issue titles and descriptions at the edges sync without a crash, a loss or an echo.
#[test]
fn user_content_at_the_edges_syncs_both_ways() {
    let env = bootstrapped("");
    let p = pairs(&env);
    let linear = env.sandbox().linear();
    let graph = env.sandbox().graph();
    let titles = [
        "Ship it 🚀🔥 — 完成 ✅",
        "مرحبا بالعالم — שלום עולם",
        "tab\there and bell\u{7} and \u{1b}[31mred",
        "zero\u{200b}width and combining e\u{301}",
    ];
    for (i, title) in titles.iter().enumerate() {
        linear.set_title(&p[i].1, title).unwrap();
    }
    let out = env.run(["sync"]);
    assert!(out.status == 0 || out.status == 1, "{out}");
    for (i, title) in titles.iter().enumerate() {
        let task = graph.task(&p[i].0).unwrap();
        assert_eq!(
            crate::rel_world::strip_cycle(task["title"].as_str().unwrap()),
            *title,
            "{out}"
        );
    }
    // From Planner: emoji and RTL.
    graph
        .patch_task(&p[5].0, json!({"title": "Planner 🎉 عربي"}))
        .unwrap();
    env.run(["sync"]).success();
    assert_eq!(linear.issue(&p[5].1).unwrap().title, "Planner 🎉 عربي");
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env), (0, 0), "no echo of unusual text");
}

/// Planner titles hold at most 255 characters: a 10k-character Linear title is cut for
/// Planner, the cut is in the audit, and Linear keeps its full title (nothing flows back).
#[test]
fn a_10k_character_title_is_cut_for_planner_and_the_cut_audited() {
    let env = bootstrapped("");
    let (task, ident) = pairs(&env).remove(0);
    let linear = env.sandbox().linear();
    let long: String = "Lorem ipsum dolor sit amet 🚀 "
        .chars()
        .cycle()
        .take(10_000)
        .collect();
    linear.set_title(&ident, &long).unwrap();
    let out = env.run(["sync"]);
    assert_eq!(out.status, 0, "{out}");
    let planner = env.sandbox().graph().task(&task).unwrap()["title"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(planner.chars().count(), 255, "{planner}");
    // Planner shows the issue's cycle (if any) as a title prefix: the cut keeps room for it.
    let human = crate::common::without_cycle_prefix(&planner);
    assert!(
        long.starts_with(human.trim_end_matches('…')),
        "a prefix: {planner}"
    );
    assert_eq!(
        linear.issue(&ident).unwrap().title,
        long,
        "Linear keeps the whole title"
    );
    let audit = env.run(["--json", "audit", "--task", &task]).json();
    assert!(
        audit
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["detail"].as_str().is_some_and(|d| d.contains("255"))),
        "the cut is audited: {audit}"
    );
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(
        writes(&env),
        (0, 0),
        "the cut title is not an edit to copy back"
    );
    assert_eq!(linear.issue(&ident).unwrap().title, long);

    // A new issue with a long title gets a task (cut), not a dead letter.
    let draft = linear_planner_sync::sandbox::linear::IssueDraft {
        team_id: linear_planner_sync::sandbox::linear::seed_id(
            linear_planner_sync::sandbox::linear::ids::TEAM_ENG,
        ),
        title: format!("New {long}"),
        project_id: linear.issue(&ident).unwrap().project_id,
        ..Default::default()
    };
    linear.create_issue(draft).unwrap();
    let before = env.sandbox().graph().plan_tasks(PLAN).len();
    let out = env.run(["sync"]);
    assert_eq!(out.status, 0, "{out}");
    assert_eq!(
        env.sandbox().graph().plan_tasks(PLAN).len(),
        before + 1,
        "{out}"
    );
    reset_counts(&env);
    env.run(["sync"]).success();
    assert_eq!(writes(&env), (0, 0));
    assert_eq!(project_issues(&env).len(), pairs(&env).len());
}

/// Due dates at the edges of what either side accepts: synced or refused with a reason,
/// never a crash or a silent drop.
#[test]
fn due_dates_out_of_range_are_handled() {
    let env = bootstrapped("");
    let p = pairs(&env);
    let graph = env.sandbox().graph();
    let linear = env.sandbox().linear();
    let mut accepted = Vec::new();
    for (i, due) in [
        "0001-01-01T00:00:00Z",
        "9999-12-31T00:00:00Z",
        "1969-12-31T23:59:59Z",
    ]
    .iter()
    .enumerate()
    {
        if graph
            .patch_task(&p[i].0, json!({"dueDateTime": due}))
            .is_ok()
        {
            accepted.push((i, due[..10].to_string()));
        }
    }
    for (i, due) in ["1900-02-28", "9999-12-31"].iter().enumerate() {
        linear.set_due(&p[i + 3].1, Some(due)).unwrap();
    }
    let out = env.run(["sync"]);
    assert!(!out.stderr.contains("panicked"), "{out}");
    assert!(out.status == 0 || out.status == 1, "{out}");
    if out.status == 1 {
        // Refused by the other side: the reason is in the DLQ, nothing is silently dropped.
        let dlq = env.run(["--json", "dlq", "list"]).json();
        assert!(!dlq.as_array().unwrap().is_empty(), "{out}");
    }
    for (i, due) in accepted {
        let issue = linear.issue(&p[i].1).unwrap();
        let dead = env.run(["--json", "dlq", "list"]).json().to_string();
        assert!(
            issue.due_date.as_deref() == Some(due.as_str()) || dead.contains(&p[i].1),
            "{due} neither synced nor dead-lettered: {issue:?}"
        );
    }
    for (i, due) in ["1900-02-28", "9999-12-31"].iter().enumerate() {
        let task = graph.task(&p[i + 3].0).unwrap();
        assert_eq!(task["dueDateTime"], format!("{due}T00:00:00Z"), "{out}");
    }
}

/// Usage and config mistakes: exit 2, and the message says what to fix.
#[test]
fn misuse_is_exit_2_with_the_fix() {
    let mut env = TestEnv::new();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (vec!["sync", "--max-ops", "lots"], "invalid value"),
        (vec!["sync", "--time-budget", "-5"], "-5"),
        (vec!["sync", "--max-ops", "0"], "--max-ops"),
        (vec!["sync", "--time-budget", "0"], "1..=86400"),
        (
            vec!["sync", "--time-budget", "18446744073709551615"],
            "1..=86400",
        ),
        (vec!["sync", "--mapping", "0x1"], "--mapping"),
        (vec!["audit", "--since", "yesterday"], "RFC"),
        (vec!["audit", "--limit", "-1"], "-1"),
        (vec!["dlq", "retry"], "<ID>"),
        (vec!["map", "remove", "1"], "map list"),
        (vec!["nonsense"], "unrecognized subcommand"),
        (vec!["--db"], "a value is required"),
    ];
    for (args, fix) in &cases {
        let out = env.run(args);
        assert_eq!(out.status, 2, "{args:?}: {out}");
        assert!(
            out.stderr.contains(fix),
            "{args:?} should mention {fix:?}: {out}"
        );
    }
    // A missing secret names the variable.
    let out = env.run(["sync"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("GRAPH_"), "{out}");
    // A database path that is a directory, or a file that is not a database.
    let dir = env.root().join("a-dir");
    std::fs::create_dir_all(&dir).unwrap();
    let junk = env.write(
        "junk.db",
        "this is not sqlite, just text long enough to matter......",
    );
    for db in [dir.display().to_string(), junk.display().to_string()] {
        let out = env.run(["--db", &db, "status"]);
        assert_eq!(out.status, 2, "{db}: {out}");
        assert!(!out.stderr.contains("panicked"), "{out}");
    }
    assert_eq!(
        std::fs::read_to_string(&junk).unwrap(),
        "this is not sqlite, just text long enough to matter......",
        "left untouched"
    );
    // Config: NUL bytes, a huge file, a binary file.
    for (name, content) in [
        ("nul.toml", "[sync]\nmax_ops = 5\0\n".to_string()),
        (
            "huge.toml",
            format!("# {}\n[sync]\nmax_ops = \"x\"\n", "y".repeat(2_000_000)),
        ),
        ("neg.toml", "[sync]\nmax_ops = -1\n".to_string()),
    ] {
        let path = env.write(name, &content);
        env.set_env("LPS_CONFIG", &path.display().to_string());
        let out = env.run(["status"]);
        assert_eq!(out.status, 2, "{name}: {out}");
        assert!(out.stderr.contains(name), "{name}: names the file: {out}");
    }
    // Numbers that parse but would stop every sync: the key, the value and the range.
    let numbers = [
        (
            "[sync]\nretry_attempts = 0\n",
            "sync.retry_attempts",
            "between 1 and 20",
        ),
        ("[sync]\nmax_ops = 0\n", "sync.max_ops", "at least 1"),
        (
            "[sync]\ntime_budget_secs = 0\n",
            "sync.time_budget_secs",
            "between 1 and 86400",
        ),
        (
            "[graph.throttle]\ncapacity = 0\n",
            "graph.throttle.capacity",
            "at least 1",
        ),
        (
            "[graph.throttle]\nrefill_per_sec = 0.0\n",
            "graph.throttle.refill_per_sec",
            "positive",
        ),
        (
            "[graph]\nmax_references = 0\n",
            "graph.max_references",
            "at least 1",
        ),
    ];
    for (content, key, range) in numbers {
        let path = env.write("numbers.toml", content);
        env.set_env("LPS_CONFIG", &path.display().to_string());
        let out = env.run(["status"]);
        assert_eq!(out.status, 2, "{content}: {out}");
        assert!(
            out.stderr.contains(key) && out.stderr.contains(range),
            "{content}: names the key and the range: {out}"
        );
    }
    eprintln!("misuse cases: {}", cases.len() + 6 + numbers.len());
}
