//! The schema, as an append-only list of migrations keyed by `PRAGMA user_version`.
//!
//! Rules (as in cargo's src/util/sqlite.rs): never edit, remove or reorder an entry; never make
//! an incompatible change (no dropped tables or columns). A new feature appends an entry. The
//! number of entries applied is the database's `user_version`; a database with a higher number
//! was written by a newer binary and is refused, so two cron binaries never fight over a schema.

/// One entry per feature; the comment names it.
pub const MIGRATIONS: &[&str] = &[
    // 1 `map`: Linear project+team ↔ Planner plan, and the bucket ↔ state pairs.
    "CREATE TABLE mapping (
        id INTEGER PRIMARY KEY,
        linear_team_id TEXT NOT NULL,
        linear_team_key TEXT NOT NULL,
        linear_project_id TEXT NOT NULL UNIQUE,
        linear_project_name TEXT NOT NULL,
        planner_plan_id TEXT NOT NULL UNIQUE,
        planner_plan_title TEXT NOT NULL,
        planner_group_id TEXT,
        state TEXT NOT NULL DEFAULT 'ok' CHECK (state IN ('ok', 'paused', 'disabled')),
        paused_reason TEXT,
        created_at TEXT NOT NULL,
        last_run_at TEXT,
        last_success_at TEXT
    );
    CREATE TABLE bucket_state (
        mapping_id INTEGER NOT NULL REFERENCES mapping(id) ON DELETE CASCADE,
        bucket_id TEXT NOT NULL,
        bucket_name TEXT NOT NULL,
        state_id TEXT NOT NULL,
        state_name TEXT NOT NULL,
        -- 'both': an explicit pair; 'to_linear'/'to_planner': the default for an unpaired
        -- bucket or state, used in that direction only.
        direction TEXT NOT NULL CHECK (direction IN ('both', 'to_linear', 'to_planner')),
        PRIMARY KEY (mapping_id, bucket_id, state_id)
    );",
    // 2 links between a task and an issue, and the last-synced Ticket of each (the shadow).
    "CREATE TABLE link (
        id INTEGER PRIMARY KEY,
        mapping_id INTEGER NOT NULL REFERENCES mapping(id) ON DELETE CASCADE,
        task_id TEXT NOT NULL,
        issue_id TEXT NOT NULL,
        issue_identifier TEXT,
        created_at TEXT NOT NULL,
        ended_at TEXT,
        ended_reason TEXT
    );
    CREATE UNIQUE INDEX link_task_live ON link(task_id) WHERE ended_at IS NULL;
    CREATE UNIQUE INDEX link_issue_live ON link(issue_id) WHERE ended_at IS NULL;
    CREATE INDEX link_mapping ON link(mapping_id);
    CREATE TABLE shadow (
        link_id INTEGER PRIMARY KEY REFERENCES link(id) ON DELETE CASCADE,
        ticket TEXT NOT NULL,
        task_etag TEXT,
        details_etag TEXT,
        issue_updated_at TEXT,
        synced_at TEXT NOT NULL
    );",
    // 3 read positions: Planner deltaLink per plan, Linear updatedAt cursor with the ids seen
    // at exactly that instant (ties).
    "CREATE TABLE cursor (
        mapping_id INTEGER NOT NULL REFERENCES mapping(id) ON DELETE CASCADE,
        side TEXT NOT NULL CHECK (side IN ('planner', 'linear')),
        position TEXT NOT NULL,
        tie_ids TEXT NOT NULL DEFAULT '[]',
        updated_at TEXT NOT NULL,
        PRIMARY KEY (mapping_id, side)
    );",
    // 4 `webhook`: verified Linear webhook events waiting for the next pass.
    "CREATE TABLE change_queue (
        id INTEGER PRIMARY KEY,
        delivery_key TEXT NOT NULL UNIQUE,
        event_type TEXT NOT NULL,
        action TEXT NOT NULL,
        entity_id TEXT,
        payload TEXT NOT NULL,
        received_at TEXT NOT NULL,
        processed_at TEXT
    );
    CREATE INDEX change_queue_pending ON change_queue(processed_at, id);",
    // 5 op intents: written before a create so a crash can never duplicate it.
    "CREATE TABLE op_intent (
        id TEXT PRIMARY KEY,
        mapping_id INTEGER NOT NULL REFERENCES mapping(id) ON DELETE CASCADE,
        kind TEXT NOT NULL,
        source_id TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        completed_at TEXT,
        result_id TEXT
    );
    CREATE INDEX op_intent_open ON op_intent(mapping_id, completed_at);",
    // 6 `dlq`: changes that failed after every retry, with what is needed to replay them.
    "CREATE TABLE dlq (
        id INTEGER PRIMARY KEY,
        mapping_id INTEGER REFERENCES mapping(id) ON DELETE SET NULL,
        op_kind TEXT NOT NULL,
        item TEXT NOT NULL,
        error_kind TEXT NOT NULL,
        error TEXT NOT NULL,
        request_id TEXT,
        payload TEXT NOT NULL,
        attempts INTEGER NOT NULL,
        created_at TEXT NOT NULL,
        last_attempt_at TEXT NOT NULL
    );",
    // 7 `audit`: every write, conflict, skip and link change, append-only.
    "CREATE TABLE audit (
        id INTEGER PRIMARY KEY,
        at TEXT NOT NULL,
        mapping_id INTEGER,
        task_id TEXT,
        issue_id TEXT,
        issue_identifier TEXT,
        action TEXT NOT NULL,
        field TEXT,
        old_value TEXT,
        new_value TEXT,
        detail TEXT
    );
    CREATE INDEX audit_at ON audit(at);
    CREATE INDEX audit_task ON audit(task_id);
    CREATE INDEX audit_issue ON audit(issue_id);",
    // 8 alerts: raised once per (mapping, condition), cleared when the condition clears.
    "CREATE TABLE alert (
        id INTEGER PRIMARY KEY,
        mapping_id INTEGER REFERENCES mapping(id) ON DELETE CASCADE,
        condition TEXT NOT NULL,
        message TEXT NOT NULL,
        raised_at TEXT NOT NULL,
        cleared_at TEXT
    );
    CREATE UNIQUE INDEX alert_open ON alert(ifnull(mapping_id, 0), condition) WHERE cleared_at IS NULL;",
    // 9 `users`: Linear ↔ AAD user cache (refreshed after user_cache_hours) and manual overrides.
    "CREATE TABLE user_map (
        email TEXT PRIMARY KEY COLLATE NOCASE,
        linear_user_id TEXT,
        aad_user_id TEXT,
        display_name TEXT,
        source TEXT NOT NULL CHECK (source IN ('auto', 'manual')),
        fetched_at TEXT NOT NULL
    );",
    // 10 Graph token cache, reused across runs until it is close to expiry.
    "CREATE TABLE token_cache (
        key TEXT PRIMARY KEY,
        access_token TEXT NOT NULL,
        expires_at TEXT NOT NULL
    );",
    // 11 run lock: one pass per database at a time.
    "CREATE TABLE run_lock (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        pid INTEGER NOT NULL,
        acquired_at TEXT NOT NULL,
        heartbeat_at TEXT NOT NULL
    );",
    // 12 sync controls: per-mapping settings as JSON (conflict policy, field directions,
    // filter, surface_errors); counters for `status --format prometheus`; the comments left
    // on Linear issues for dead letters (one per dead letter, then one when it recovers).
    "ALTER TABLE mapping ADD COLUMN control TEXT NOT NULL DEFAULT '{}';
    CREATE TABLE metric (
        scope INTEGER NOT NULL,
        name TEXT NOT NULL,
        value REAL NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (scope, name)
    );
    CREATE TABLE item_error (
        dlq_id INTEGER PRIMARY KEY,
        mapping_id INTEGER,
        issue_id TEXT NOT NULL,
        commented_at TEXT NOT NULL,
        recovered_at TEXT
    );",
    // 13 checklist ↔ sub-issues: which Planner checklist item of a linked task is which
    // Linear sub-issue (Planner has no custom attributes), the state to reopen a sub-issue in
    // when its item is unchecked, and items removed in Planner (their sub-issue is canceled and
    // no longer mirrored).
    "CREATE TABLE checklist_link (
        link_id INTEGER NOT NULL REFERENCES link(id) ON DELETE CASCADE,
        item_key TEXT NOT NULL,
        sub_issue_id TEXT NOT NULL,
        reopen_state_id TEXT,
        detached_at TEXT,
        PRIMARY KEY (link_id, sub_issue_id)
    );
    CREATE UNIQUE INDEX checklist_link_key ON checklist_link(link_id, item_key);",
    // 14 file mirror: each Linear upload copied to the drive once per link (its webUrl is
    // the task's reference); `web_url` NULL: skipped (the task's references were full).
    "CREATE TABLE file_mirror (
        link_id INTEGER NOT NULL REFERENCES link(id) ON DELETE CASCADE,
        source_url TEXT NOT NULL,
        web_url TEXT,
        name TEXT NOT NULL,
        mirrored_at TEXT NOT NULL,
        PRIMARY KEY (link_id, source_url)
    );",
    // 15 `push`: which Linear issue each pushed ticket's external_id became (idempotent intake).
    "CREATE TABLE push_intake (
        mapping_id INTEGER NOT NULL REFERENCES mapping(id) ON DELETE CASCADE,
        external_id TEXT NOT NULL,
        issue_id TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (mapping_id, external_id)
    );",
    // 16 alerts out: when each raise and clear was POSTed to `[alerts] webhook_url` (sent once).
    // Alerts from before this version count as sent: nobody wants a flood of old news.
    "ALTER TABLE alert ADD COLUMN raise_sent_at TEXT;
    ALTER TABLE alert ADD COLUMN clear_sent_at TEXT;
    UPDATE alert SET raise_sent_at = raised_at, clear_sent_at = cleared_at;",
    // 17 echoes: the task etag and the issue `updatedAt` whose whole state a link's shadow
    // holds (the answers of our own writes, checked), so a delta item or a polled issue at
    // exactly that etag / instant is our own echo and needs no read.
    "CREATE TABLE echo (
        link_id INTEGER PRIMARY KEY REFERENCES link(id) ON DELETE CASCADE,
        task_etag TEXT,
        issue_updated_at TEXT,
        recorded_at TEXT NOT NULL
    );",
    // 18 writes in doubt: what a link's writes were about to make both sides hold, kept until
    // a shadow is stored again (model/doubt.rs: a value we may have written is not taken for
    // a human's edit).
    "CREATE TABLE doubt (
        id INTEGER PRIMARY KEY,
        link_id INTEGER NOT NULL REFERENCES link(id) ON DELETE CASCADE,
        ticket TEXT NOT NULL,
        recorded_at TEXT NOT NULL
    );
    CREATE INDEX doubt_link ON doubt (link_id);",
    // 19 an open intent found by what it creates from (a task, a checklist item) without
    // reading every open intent of the mapping: a bootstrap holds thousands at once.
    "CREATE INDEX op_intent_source ON op_intent (mapping_id, kind, source_id)
        WHERE completed_at IS NULL;",
    // 20 the task as a link's echo holds it (store/task_copies.rs): a Linear-side change of a
    // task the delta does not report again is written with these etags, without a read.
    "CREATE TABLE task_copy (
        link_id INTEGER PRIMARY KEY REFERENCES link(id) ON DELETE CASCADE,
        etag TEXT NOT NULL,
        body TEXT NOT NULL
    );",
    // 21 the issue as a link's echo holds it (store/issue_copies.rs): a Planner-side change
    // of a pair whose issue a full poll does not report is merged without reading the issue.
    "CREATE TABLE issue_copy (
        link_id INTEGER PRIMARY KEY REFERENCES link(id) ON DELETE CASCADE,
        updated_at TEXT NOT NULL,
        body TEXT NOT NULL
    );",
];
