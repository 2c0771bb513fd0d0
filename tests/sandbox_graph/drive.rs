//! Simple uploads and upload sessions.

use super::*;

#[tokio::test]
async fn simple_uploads_return_drive_items() {
    let env = Env::new(Seed::Demo).await;
    let r = send(
        env.req(
            Method::PUT,
            "/v1.0/groups/sandbox-group/drive/root:/Linear attachments/shot one.png:/content",
        )
        .body(vec![7u8; 1000]),
    )
    .await;
    assert_eq!(r.status, 201, "{}", r.body);
    assert_eq!(r.body["name"], "shot one.png");
    assert_eq!(r.body["size"], 1000);
    let web = r.body["webUrl"].as_str().unwrap();
    assert!(
        web.ends_with("/Linear%20attachments/shot%20one.png"),
        "{web}"
    );
    let again = send(
        env.req(
            Method::PUT,
            "/v1.0/groups/sandbox-group/drive/root:/Linear attachments/shot one.png:/content",
        )
        .body(vec![7u8; 10]),
    )
    .await;
    assert_eq!(again.status, 200, "replacing answers 200");
    assert_eq!(again.body["id"], r.body["id"]);

    let drive = env.get("/v1.0/groups/sandbox-group/drive").await;
    let drive_id = drive.body["id"].as_str().unwrap();
    let by_parent = send(
        env.req(
            Method::PUT,
            &format!("/v1.0/drives/{drive_id}/items/root:/notes.txt:/content"),
        )
        .body("hello"),
    )
    .await;
    assert_eq!(by_parent.status, 201, "{}", by_parent.body);
    assert!(
        by_parent.body["webUrl"]
            .as_str()
            .unwrap()
            .ends_with("/notes.txt")
    );
    let files = env.sb.graph().drive_files();
    assert!(
        files
            .iter()
            .any(|(_, p, s)| p == "Linear attachments/shot one.png" && *s == 10)
    );
}

#[tokio::test]
async fn upload_sessions_take_chunks_without_authorization() {
    let env = Env::new(Seed::Demo).await;
    let created = env
        .post(
            "/v1.0/groups/sandbox-group/drive/root:/big/video.bin:/createUploadSession",
            json!({"item": {"@microsoft.graph.conflictBehavior": "replace"}}),
        )
        .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let upload_url = created.body["uploadUrl"].as_str().unwrap().to_owned();
    assert!(upload_url.starts_with(env.sb.base_url()));
    const K320: usize = 320 * 1024;
    let total = 2 * K320 + 1000;
    let chunk = |start: usize, len: usize| {
        env.http
            .put(&upload_url)
            .header(
                "Content-Range",
                format!("bytes {start}-{}/{total}", start + len - 1),
            )
            .body(vec![1u8; len])
    };

    let with_auth = send(chunk(0, K320).bearer_auth(&env.token)).await;
    assert_eq!(
        with_auth.status, 401,
        "a chunk must not carry Authorization"
    );
    let odd = send(chunk(0, 1000)).await;
    assert_eq!(odd.status, 400, "non-final chunks are multiples of 320 KiB");

    let first = send(chunk(0, K320)).await;
    assert_eq!(first.status, 202);
    assert_eq!(first.body["nextExpectedRanges"][0], format!("{K320}-"));
    let gap = send(chunk(2 * K320, 1000)).await;
    assert_eq!(gap.status, 416);
    let second = send(chunk(K320, K320)).await;
    assert_eq!(second.status, 202);
    let last = send(chunk(2 * K320, 1000)).await;
    assert_eq!(last.status, 201, "{}", last.body);
    assert_eq!(last.body["size"], total);
    assert_eq!(last.body["name"], "video.bin");
    assert!(
        last.body["webUrl"]
            .as_str()
            .unwrap()
            .ends_with("/big/video.bin")
    );
    assert_eq!(
        send(chunk(0, K320)).await.status,
        404,
        "a finished session is gone"
    );
}
