//! Transport: authentication, validation, rate limits, complexity, uploads.

use super::*;

#[tokio::test]
async fn authentication_errors() {
    let sb = small().await;
    let body = json!({"query": VIEWER});
    for auth in [
        None,
        Some("lin_api_wrong"),
        Some(&*format!("Bearer {SANDBOX_LINEAR_API_KEY}")),
    ] {
        let r = sb.post(auth, body.clone()).await;
        assert_eq!(r.status, 400, "{auth:?}");
        assert_eq!(r.code(), "AUTHENTICATION_ERROR", "{auth:?}");
    }
    let r = sb
        .post(Some(&format!("Bearer {SANDBOX_LINEAR_OAUTH_TOKEN}")), body)
        .await;
    assert_eq!(r.ok()["viewer"]["id"], json!(sb.world.viewer_id()));
}

#[tokio::test]
async fn validation_rejects_unknown_fields_and_missing_variables() {
    let sb = small().await;
    let r = sb
        .gql("query { viewer { id favouriteColour } }", json!({}))
        .await;
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "GRAPHQL_VALIDATION_FAILED");
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("favouriteColour")
    );
    let r = sb.gql(TEAM, json!({})).await;
    assert_eq!(r.status, 400, "{}", r.body);
    assert!(
        r.body["errors"][0]["message"]
            .as_str()
            .unwrap()
            .contains("variable 'id'"),
        "{}",
        r.body
    );
    let r = sb
        .gql("query { issue(id: \"nope\") { id } }", json!({}))
        .await;
    assert_eq!(r.code(), "ENTITY_NOT_FOUND");
    assert_eq!(r.body["data"], Value::Null);
}

#[tokio::test]
async fn rate_limit_headers_and_ratelimited_error() {
    let sb = small().await;
    sb.world.set_limits(LimitConfig {
        requests_per_hour: 3,
        ..LimitConfig::default()
    });
    let r = sb.gql(VIEWER, json!({})).await;
    r.ok();
    assert_eq!(r.header("x-ratelimit-requests-limit"), 3);
    assert_eq!(r.header("x-ratelimit-requests-remaining"), 2);
    assert!(
        r.header("x-ratelimit-requests-reset") > 1_600_000_000_000,
        "epoch ms"
    );
    assert_eq!(r.header("x-ratelimit-complexity-limit"), 250_000);
    assert!(r.header("x-ratelimit-complexity-remaining") < 250_000);
    assert!(r.header("x-complexity") >= 1);
    sb.gql(VIEWER, json!({})).await.ok();
    sb.gql(VIEWER, json!({})).await.ok();
    let limited = sb.gql(VIEWER, json!({})).await;
    assert_eq!(limited.status, 400);
    assert_eq!(limited.code(), "RATELIMITED");
    assert!(limited.body["errors"][0]["extensions"]["userPresentableMessage"].is_string());
    assert_eq!(limited.header("x-ratelimit-requests-remaining"), 0);
}

#[tokio::test]
async fn too_complex_query_is_refused() {
    let sb = small().await;
    let q =
        "query { issues(first: 250) { nodes { children(first: 250) { nodes { id title } } } } }";
    let r = sb.gql(q, json!({})).await;
    assert_eq!(r.status, 400);
    assert_eq!(r.code(), "INPUT_ERROR");
    assert_eq!(r.body["errors"][0]["message"], "Query too complex");
}

#[tokio::test]
async fn uploads_need_authorization() {
    let sb = small().await;
    let url = sb
        .world
        .add_upload("design.png", "image/png", vec![1, 2, 3]);
    assert!(url.starts_with(&format!("{}/uploads/", sb.base)));
    let anon = sb.client.get(&url).send().await.unwrap();
    assert_eq!(anon.status().as_u16(), 401);
    let ok = sb
        .client
        .get(&url)
        .header("Authorization", SANDBOX_LINEAR_API_KEY)
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status().as_u16(), 200);
    assert_eq!(ok.bytes().await.unwrap().as_ref(), &[1, 2, 3]);
    let bearer = sb
        .client
        .get(&url)
        .header("Authorization", format!("Bearer {SANDBOX_LINEAR_API_KEY}"))
        .send()
        .await
        .unwrap();
    assert_eq!(bearer.status().as_u16(), 200);
}

#[tokio::test]
async fn unmodelled_fields_answer_by_type_never_panic() {
    let sb = small().await;
    // Nullable → null; non-null list → []; non-null connection → empty connection.
    let q =
        "query { issue(id: \"ENG-1\") { estimate previousIdentifiers history { nodes { id } } } }";
    let issue = sb.gql(q, json!({})).await;
    assert_eq!(
        issue.ok()["issue"],
        json!({"estimate": null, "previousIdentifiers": [], "history": {"nodes": []}})
    );
    // Non-null scalar the sandbox does not model → a named field error, data nulled upwards.
    let r = sb
        .gql("query { organization { samlEnabled } }", json!({}))
        .await;
    assert_eq!(r.body["data"], Value::Null);
    let message = r.body["errors"][0]["message"].as_str().unwrap();
    assert!(message.contains("Organization.samlEnabled"), "{message}");
    // Aliases, fragments and __typename go through the generic walker.
    let q = "query { me: viewer { __typename ... on User { mail: email } } n: issue(id: \"ENG-1\") { ...F } }
             fragment F on Node { __typename id }";
    let r = sb.gql(q, json!({})).await;
    assert_eq!(
        r.ok()["me"],
        json!({"__typename": "User", "mail": "sync-bot@acme.test"})
    );
    assert_eq!(r.ok()["n"]["__typename"], "Issue");
}
