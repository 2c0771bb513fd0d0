//! User lookups (quote doubling, case, UPN fallback) and attachment uploads (simple PUT and
//! an upload session whose chunks carry no Authorization).

use super::*;

#[tokio::test]
async fn users_by_mail_with_quotes_case_and_upn_fallback() {
    let sb = sandbox(Seed::Small).await;
    let c = client(&sb);
    let carol = c
        .user_by_mail("carol.o'brien@contoso.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(carol.id, CAROL);
    let bob = c
        .user_by_mail("BOB.CHEN@contoso.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(bob.id, BOB);
    sb.reset_requests();
    let dave = c
        .user_by_mail("dave@contoso.example")
        .await
        .unwrap()
        .unwrap();
    assert_eq!((dave.id.as_str(), dave.mail.as_deref()), (DAVE, None));
    assert_eq!(
        sb.requests().by_route("GET", "/v1.0/users"),
        2,
        "mail first, then UPN"
    );
    assert!(
        c.user_by_mail("nobody@contoso.example")
            .await
            .unwrap()
            .is_none()
    );
    assert_eq!(
        c.user_by_id(ALICE)
            .await
            .unwrap()
            .unwrap()
            .display_name
            .as_deref(),
        Some("Alice Martin")
    );
    assert!(
        c.user_by_id("00000000-0000-0000-0000-000000000000")
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn uploads_simple_and_in_a_session_without_auth_on_chunks() {
    let sb = sandbox(Seed::Small).await;
    let mut opts = options(&sb, Arc::new(MemoryTokenCache::new()));
    opts.simple_upload_max_bytes = 256 * 1024;
    let c = GraphClient::new(opts).unwrap();
    let group = DriveTarget::from_setting("group", "sandbox-group");

    let small = c
        .upload_file(&group, "Linear attachments", "note.txt", b"hello".to_vec())
        .await
        .unwrap();
    assert!(
        small.web_url.ends_with("Linear%20attachments/note.txt"),
        "{}",
        small.web_url
    );
    assert_eq!(c.stats().get(RequestKind::UploadChunk), 0);

    let data: Vec<u8> = (0..1_000_000u32).map(|i| (i % 251) as u8).collect();
    let big = c
        .upload_file(&group, "Linear attachments", "big file.bin", data)
        .await
        .unwrap();
    assert!(big.web_url.contains("big%20file.bin"), "{}", big.web_url);
    assert_eq!(big.size, Some(1_000_000));
    // 1,000,000 bytes in 320 KiB chunks: 3 full chunks and a last one. The sandbox refuses a
    // chunk that carries Authorization, so success proves none did.
    assert_eq!(c.stats().get(RequestKind::UploadChunk), 4);
    assert!(
        sb.graph()
            .drive_files()
            .iter()
            .any(|(_, path, size)| path.ends_with("big file.bin") && *size == 1_000_000)
    );

    let drive = DriveTarget::from_setting("drive-sandbox-group", "ignored");
    let other = c
        .upload_file(&drive, "Linear attachments", "b.txt", b"x".to_vec())
        .await
        .unwrap();
    assert!(other.web_url.ends_with("b.txt"));
    assert_eq!(sb.requests().token_requests(), 1);
}
