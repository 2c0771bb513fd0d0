//! Priority: Linear's five levels ↔ Planner's 0–10 scale (bridge spec), plus the Planner
//! category that shows the priority as a colour.

use crate::config::PriorityCategories;

/// Linear priority → Planner priority: None→5, Urgent→1, High→3, Medium→5, Low→9.
pub fn to_planner(linear: u8) -> u8 {
    match linear {
        1 => 1,
        2 => 3,
        4 => 9,
        _ => 5,
    }
}

/// Planner priority → Linear priority: 0–1 Urgent, 2–4 High, 5–7 Medium, 8–10 Low.
pub fn to_linear(planner: u8) -> u8 {
    match planner {
        0..=1 => 1,
        2..=4 => 2,
        5..=7 => 3,
        _ => 4,
    }
}

/// The colour category for a Linear priority (`None` for no priority or an empty setting).
pub fn colour_category(linear: u8, categories: &PriorityCategories) -> Option<&str> {
    let key = match linear {
        1 => &categories.urgent,
        2 => &categories.high,
        3 => &categories.medium,
        4 => &categories.low,
        _ => return None,
    };
    (!key.is_empty()).then_some(key.as_str())
}

/// Every category used for priority colours: these are not synced as labels.
pub fn colour_categories(categories: &PriorityCategories) -> Vec<&str> {
    [
        &categories.urgent,
        &categories.high,
        &categories.medium,
        &categories.low,
    ]
    .into_iter()
    .filter(|c| !c.is_empty())
    .map(String::as_str)
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn outbound_follows_the_spec() {
        for (linear, planner) in [(0, 5), (1, 1), (2, 3), (3, 5), (4, 9)] {
            assert_eq!(to_planner(linear), planner, "linear {linear}");
        }
    }

    #[test]
    fn inbound_ranges() {
        let table = [
            (0, 1),
            (1, 1),
            (2, 2),
            (4, 2),
            (5, 3),
            (7, 3),
            (8, 4),
            (10, 4),
        ];
        for (planner, linear) in table {
            assert_eq!(to_linear(planner), linear, "planner {planner}");
        }
    }

    #[test]
    fn written_values_read_back_as_the_same_level() {
        for linear in 1..=4 {
            assert_eq!(to_linear(to_planner(linear)), linear);
        }
    }

    #[test]
    fn colours_come_from_config() {
        let mut cats = PriorityCategories::default();
        assert_eq!(colour_category(1, &cats), Some("category1"));
        assert_eq!(colour_category(0, &cats), None);
        cats.low = String::new();
        assert_eq!(colour_category(4, &cats), None);
        assert_eq!(
            colour_categories(&cats),
            vec!["category1", "category2", "category3"]
        );
    }
}
