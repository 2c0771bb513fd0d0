//! Snapshots of the human (table and text) output of `report` and `demo`; `status` and
//! `doctor` have theirs in test_other_commands.rs and test_doctor_command.rs.

use crate::common::TestEnv;
use crate::common::demo;

#[test]
fn report_tables() {
    let env = demo::bootstrapped();
    insta::assert_snapshot!("report_tables", env.run(["report"]).to_string());
}

#[test]
fn demo_story() {
    let env = TestEnv::new();
    let out = env.run(["demo"]);
    // Bootstrap and sync apply items concurrently, and how their Graph requests meet in
    // `$batch`es depends on timing: those two counts vary by a request or two from run to run
    // (the idle `sync again` does not).
    let filters = vec![
        (r"http://127\.0\.0\.1:\d+", "[SANDBOX]"),
        (r"((bootstrap|      sync): .*\()\d+ Graph", "${1}[n] Graph"),
    ];
    insta::with_settings!({filters => filters}, {
        insta::assert_snapshot!("demo_story", out.to_string());
    });
}
