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
    insta::with_settings!({filters => vec![(r"http://127\.0\.0\.1:\d+", "[SANDBOX]")]}, {
        insta::assert_snapshot!("demo_story", out.to_string());
    });
}
