//! `users sync` end to end: the real binary against the sandbox refreshes the user cache from
//! the mapped team's Linear members and the assignees of the synced pairs.

use linear_planner_sync::sandbox::Seed;

use crate::common::TestEnv;
use crate::common::demo;

/// The demo sandbox, mapped, with Azure AD accounts for two of the Linear people: Alice by
/// `mail`, Bob only by `userPrincipalName` (the fallback lookup).
/// Returns the new Azure AD ids too (fresh GUIDs, hidden in snapshots).
fn mapped() -> (TestEnv, [String; 2]) {
    let env = TestEnv::with_sandbox(Seed::Demo);
    let graph = env.sandbox().graph();
    let alice = graph.add_user("Alice Anders", Some("Alice@Acme.test"), "alice.a@acme.test");
    let bob = graph.add_user("Bob Berg", None, "bob.berg@acme.test");
    demo::map(&env, &[]);
    (env, [alice, bob])
}

fn user<'a>(doc: &'a serde_json::Value, email: &str) -> &'a serde_json::Value {
    doc["users"]
        .as_array()
        .and_then(|users| users.iter().find(|u| u["email"] == email))
        .unwrap_or_else(|| panic!("no {email} in {doc:#}"))
}

#[test]
fn users_sync_lists_mapped_and_unmapped_and_keeps_manual_overrides() {
    let (env, [alice_id, bob_id]) = mapped();
    env.run(["users", "map", "carol@acme.test", "aad-manual-carol"])
        .success();

    let out = env.run(["users", "sync"]);
    assert_eq!(out.status, 0, "{out}");
    // Azure AD ids are fresh GUIDs: hide them, keeping the columns aligned.
    let shown = out
        .to_string()
        .replace(&alice_id, &format!("{:<36}", "[aad id of alice]"))
        .replace(&bob_id, &format!("{:<36}", "[aad id of bob]"));
    insta::assert_snapshot!("users_sync", shown);
    let warnings: Vec<&str> = out
        .stderr
        .lines()
        .filter(|l| l.starts_with("Warning:"))
        .collect();
    assert_eq!(warnings.len(), 1, "one warning per unmapped user:\n{out}");
    assert!(warnings[0].contains("sync-bot@acme.test has no Azure AD account"));

    let doc = env.run(["--json", "users", "sync"]).json();
    assert_eq!(doc["mapped"], 3, "{doc:#}");
    assert_eq!(doc["unmapped"], 1, "{doc:#}");
    let alice = user(&doc, "alice@acme.test");
    assert_eq!(alice["mapped"], true);
    assert_eq!(alice["display_name"], "Alice Anders");
    assert_eq!(
        user(&doc, "bob.berg@acme.test")["mapped"],
        true,
        "found by UPN"
    );
    let carol = user(&doc, "carol@acme.test");
    assert_eq!(
        carol["aad_user_id"], "aad-manual-carol",
        "manual override kept"
    );
    assert_eq!(carol["source"], "manual");
    assert_eq!(carol["mapped"], true, "and the Linear side filled in");
    let bot = user(&doc, "sync-bot@acme.test");
    assert_eq!(bot["mapped"], false);
    assert_eq!(bot["missing"], "azure_ad");

    let listed = env.run(["--json", "users", "list", "--unmapped"]).json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed:#}");
    assert_eq!(listed[0]["email"], "sync-bot@acme.test");
}

#[test]
fn users_sync_includes_the_assignees_of_synced_pairs() {
    let (env, _) = mapped();
    env.run(["bootstrap"]).success();
    let doc = env.run(["--json", "users", "sync"]).json();
    // Planner assignees of the demo board live in Azure AD but have no Linear account.
    let alice = user(&doc, "alice@contoso.example");
    assert_eq!(alice["mapped"], false, "{doc:#}");
    assert_eq!(alice["missing"], "linear");
    assert!(alice["aad_user_id"].is_string());
}

#[test]
fn users_sync_without_credentials_names_them() {
    let mut env = TestEnv::new();
    env.remove_env("LINEAR_API_KEY");
    let out = env.run(["users", "sync"]);
    assert_eq!(out.status, 2, "{out}");
    assert!(out.stderr.contains("GRAPH_TENANT_ID"), "{out}");
}
