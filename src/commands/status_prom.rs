//! `status --format prometheus`: the per-mapping health and the stored counters in the
//! Prometheus text exposition format (version 0.0.4), for a node_exporter textfile collector
//! run from cron (`status --format prometheus > dir/lps.prom.tmp && mv …`).

use std::collections::BTreeMap;
use std::fmt::Write;

use crate::store::metrics::{GLOBAL, Metric};

/// What one mapping contributes besides its stored counters.
pub struct MappingGauges {
    pub id: i64,
    pub project: String,
    pub plan: String,
    pub healthy: bool,
    pub enabled: bool,
    pub last_success_unix: Option<i64>,
    pub dlq_depth: i64,
    pub linked_tasks: i64,
}

/// A label value with `\`, `"` and newlines escaped.
fn escape(value: &str) -> String {
    value
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

struct Family<'a> {
    name: &'a str,
    kind: &'a str,
    help: &'a str,
    samples: Vec<(String, f64)>,
}

impl Family<'_> {
    fn write(&self, out: &mut String) {
        if self.samples.is_empty() {
            return;
        }
        let _ = writeln!(out, "# HELP {} {}", self.name, self.help);
        let _ = writeln!(out, "# TYPE {} {}", self.name, self.kind);
        for (labels, value) in &self.samples {
            let _ = writeln!(out, "{}{labels} {value}", self.name);
        }
    }
}

/// The whole exposition.
pub fn render(mappings: &[MappingGauges], queue_depth: i64, stored: &[Metric]) -> String {
    let label = |m: &MappingGauges| {
        format!(
            "{{mapping=\"{}\",project=\"{}\",plan=\"{}\"}}",
            m.id,
            escape(&m.project),
            escape(&m.plan)
        )
    };
    let by_scope: BTreeMap<(i64, &str), f64> = stored
        .iter()
        .map(|m| ((m.scope, m.name.as_str()), m.value))
        .collect();
    let per_mapping = |f: &dyn Fn(&MappingGauges) -> Option<f64>| -> Vec<(String, f64)> {
        mappings
            .iter()
            .filter_map(|m| f(m).map(|v| (label(m), v)))
            .collect()
    };
    let counter =
        |name: &str| per_mapping(&|m| Some(by_scope.get(&(m.id, name)).copied().unwrap_or(0.0)));
    let global = |name: &str| by_scope.get(&(GLOBAL, name)).copied();
    let mut families = vec![
        Family {
            name: "lps_mapping_healthy",
            kind: "gauge",
            help: "1 when the mapping needs no attention.",
            samples: per_mapping(&|m| Some(f64::from(u8::from(m.healthy)))),
        },
        Family {
            name: "lps_mapping_enabled",
            kind: "gauge",
            help: "1 when the mapping takes part in passes.",
            samples: per_mapping(&|m| Some(f64::from(u8::from(m.enabled)))),
        },
        Family {
            name: "lps_mapping_last_success_timestamp_seconds",
            kind: "gauge",
            help: "Unix time of the last pass over the mapping that completed.",
            samples: per_mapping(&|m| m.last_success_unix.map(|t| t as f64)),
        },
        Family {
            name: "lps_mapping_dlq_depth",
            kind: "gauge",
            help: "Dead-lettered changes waiting for dlq retry or drop.",
            samples: per_mapping(&|m| Some(m.dlq_depth as f64)),
        },
        Family {
            name: "lps_mapping_linked_tasks",
            kind: "gauge",
            help: "Live task-issue links.",
            samples: per_mapping(&|m| Some(m.linked_tasks as f64)),
        },
        Family {
            name: "lps_mapping_ops_applied_total",
            kind: "counter",
            help: "Writes applied to Planner or Linear (creates, updates, unlinks).",
            samples: counter("ops_applied"),
        },
        Family {
            name: "lps_mapping_conflicts_total",
            kind: "counter",
            help: "Fields changed on both sides, decided by the conflict policy.",
            samples: counter("conflicts"),
        },
        Family {
            name: "lps_mapping_dead_lettered_total",
            kind: "counter",
            help: "Changes dead-lettered after their retries.",
            samples: counter("dead_lettered"),
        },
        Family {
            name: "lps_mapping_filtered_total",
            kind: "counter",
            help: "Items kept out by the mapping's filter.",
            samples: counter("filtered"),
        },
        Family {
            name: "lps_queue_depth",
            kind: "gauge",
            help: "Webhook events waiting for the next pass.",
            samples: vec![(String::new(), queue_depth as f64)],
        },
    ];
    let requests: Vec<(String, f64)> = [("graph", "requests_graph"), ("linear", "requests_linear")]
        .into_iter()
        .map(|(api, name)| (format!("{{api=\"{api}\"}}"), global(name).unwrap_or(0.0)))
        .collect();
    families.push(Family {
        name: "lps_requests_total",
        kind: "counter",
        help: "HTTP requests sent, by API (every attempt counts).",
        samples: requests,
    });
    let throttled: Vec<(String, f64)> = [
        ("graph", "throttled_waits_graph"),
        ("linear", "throttled_waits_linear"),
    ]
    .into_iter()
    .map(|(api, name)| (format!("{{api=\"{api}\"}}"), global(name).unwrap_or(0.0)))
    .collect();
    families.push(Family {
        name: "lps_throttled_waits_total",
        kind: "counter",
        help: "Waits for an API's rate limit: on the token bucket (Graph), pacing near the budget's end (Linear), and before retrying a 429/503 or RATELIMITED answer.",
        samples: throttled,
    });
    families.push(Family {
        name: "lps_linear_polls_skipped_total",
        kind: "counter",
        help: "Passes that left the full Linear poll to the webhook queue.",
        samples: vec![(String::new(), global("linear_polls_skipped").unwrap_or(0.0))],
    });
    for (name, stored_as, help) in [
        (
            "lps_linear_requests_remaining",
            "linear_requests_remaining",
            "Linear requests left this hour (rate-limit headers of the last response).",
        ),
        (
            "lps_linear_requests_limit",
            "linear_requests_limit",
            "Linear requests allowed per hour.",
        ),
        (
            "lps_linear_complexity_remaining",
            "linear_complexity_remaining",
            "Linear complexity points left this hour.",
        ),
    ] {
        families.push(Family {
            name,
            kind: "gauge",
            help,
            samples: global(stored_as)
                .map(|v| vec![(String::new(), v)])
                .unwrap_or_default(),
        });
    }
    let mut out = String::new();
    for family in &families {
        family.write(&mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_empty_families_left_out() {
        let m = MappingGauges {
            id: 1,
            project: "A \"quoted\" \\ name".into(),
            plan: "P".into(),
            healthy: true,
            enabled: true,
            last_success_unix: None,
            dlq_depth: 0,
            linked_tasks: 3,
        };
        let text = render(&[m], 2, &[]);
        assert!(text.contains(r#"project="A \"quoted\" \\ name""#), "{text}");
        assert!(!text.contains("last_success"), "{text}");
        assert!(text.contains("lps_queue_depth 2\n"), "{text}");
    }
}
