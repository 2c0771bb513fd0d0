//! Token endpoint errors, token expiry and revocation, missing permissions.

use super::*;

#[tokio::test]
async fn token_endpoint_issues_bearer_tokens() {
    let env = Env::new(Seed::Empty).await;
    let r = env
        .token_request(SANDBOX_TENANT_ID, SANDBOX_CLIENT_ID, SANDBOX_CLIENT_SECRET)
        .await;
    assert_eq!(r.status, 200);
    assert_eq!(r.body["token_type"], "Bearer");
    assert_eq!(r.body["expires_in"], 3599);
    assert_eq!(r.body["ext_expires_in"], 3599);
    assert!(
        r.body["access_token"]
            .as_str()
            .is_some_and(|t| t.len() > 20)
    );
}

#[tokio::test]
async fn token_endpoint_errors_follow_aad() {
    let env = Env::new(Seed::Empty).await;
    let bad_secret = env
        .token_request(SANDBOX_TENANT_ID, SANDBOX_CLIENT_ID, "nope")
        .await;
    assert_eq!(bad_secret.status, 401);
    assert_eq!(bad_secret.body["error"], "invalid_client");
    assert!(
        bad_secret.body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS7000215: Invalid client secret provided")
    );

    let bad_tenant = env
        .token_request(
            "00000000-0000-0000-0000-000000000000",
            SANDBOX_CLIENT_ID,
            SANDBOX_CLIENT_SECRET,
        )
        .await;
    assert_eq!(bad_tenant.status, 400);
    assert_eq!(bad_tenant.body["error"], "invalid_request");
    assert!(
        bad_tenant.body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS90002")
    );

    let bad_client = env
        .token_request(
            SANDBOX_TENANT_ID,
            "11111111-2222-3333-4444-555555555555",
            SANDBOX_CLIENT_SECRET,
        )
        .await;
    assert_eq!(bad_client.status, 400);
    assert_eq!(bad_client.body["error"], "unauthorized_client");
    assert!(
        bad_client.body["error_description"]
            .as_str()
            .unwrap()
            .starts_with("AADSTS700016")
    );
    assert_eq!(bad_client.body["error_codes"][0], 700016);
}

#[tokio::test]
async fn graph_calls_need_a_valid_unexpired_unrevoked_token() {
    let mut env = Env::new(Seed::Small).await;
    let ok = env.get("/v1.0/planner/plans/plan-small").await;
    assert_eq!(ok.status, 200);

    let anonymous = send(env.http.get(env.url("/v1.0/planner/plans/plan-small"))).await;
    assert_eq!(
        (anonymous.status, anonymous.code()),
        (401, "InvalidAuthenticationToken")
    );

    env.sb.graph().revoke_tokens();
    let revoked = env.get("/v1.0/planner/plans/plan-small").await;
    assert_eq!(
        (revoked.status, revoked.code()),
        (401, "InvalidAuthenticationToken")
    );

    env.sb.graph().set_limits(GraphLimits {
        token_lifetime_secs: 1,
        ..GraphLimits::default()
    });
    env.token = env.fresh_token().await;
    assert_eq!(env.get("/v1.0/planner/plans/plan-small").await.status, 200);
    tokio::time::sleep(Duration::from_millis(1100)).await;
    let expired = env.get("/v1.0/planner/plans/plan-small").await;
    assert_eq!(
        (expired.status, expired.code()),
        (401, "InvalidAuthenticationToken")
    );
    assert!(
        expired.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("expired")
    );
}

#[tokio::test]
async fn missing_permissions_answer_403() {
    let mut env = Env::new(Seed::Demo).await;
    env.sb.graph().set_permissions(&[Permission::GroupReadAll]);
    // Roles are fixed at issue time: the old token still works until a new one is taken.
    assert_eq!(env.get("/v1.0/planner/plans/plan-demo").await.status, 200);
    env.token = env.fresh_token().await;
    let planner = env.get("/v1.0/planner/plans/plan-demo").await;
    assert_eq!(
        (planner.status, planner.code()),
        (403, "Authorization_RequestDenied")
    );
    assert!(
        planner.body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Tasks.ReadWrite.All")
    );
    let users = env.get("/v1.0/users").await;
    assert_eq!(
        (users.status, users.code()),
        (403, "Authorization_RequestDenied")
    );
    let group_plans = env.get("/v1.0/groups/sandbox-group/planner/plans").await;
    assert_eq!(group_plans.status, 200);
    let drive = send(
        env.req(
            Method::PUT,
            "/v1.0/groups/sandbox-group/drive/root:/a.txt:/content",
        )
        .body("x"),
    )
    .await;
    assert_eq!(
        (drive.status, drive.code()),
        (403, "Authorization_RequestDenied")
    );
}
