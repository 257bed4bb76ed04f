//! Format versions, one step each. Every format so far only added optional
//! fields, so a step changes no value: it says which format the scenario is
//! written in from then on. Saving writes the lowest format that holds the
//! scenario — format 2 unless it uses a format-3 field — so a file from an
//! older perfcase stays readable by it until a newer feature is used.

use crate::model::Scenario;

/// Format 1 → 2: format 2 added ranges, Monte Carlo settings,
/// `reduction_from` and the trade-off section; a format-1 file is a
/// format-2 file.
pub fn v1_to_v2(scenario: Scenario) -> Scenario {
    Scenario {
        format: 2,
        ..scenario
    }
}

/// Format 2 → 3: format 3 added the business side of the payback, evidence,
/// realistic load, the currency; a file is written as format 3 once it uses
/// any of them.
pub fn v2_to_v3(scenario: Scenario) -> Scenario {
    Scenario {
        format: scenario.required_format(),
        ..scenario
    }
}

/// Every step from the format `from` on.
pub fn migrate(scenario: Scenario, from: u32) -> Scenario {
    let scenario = if from <= 1 {
        v1_to_v2(scenario)
    } else {
        scenario
    };
    v2_to_v3(scenario)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_format_1_file_is_written_as_format_2_and_a_currency_makes_it_3() {
        let old = Scenario {
            format: 1,
            ..Scenario::default()
        };
        assert_eq!(migrate(old.clone(), 1).format, 2);
        let priced = Scenario {
            currency: Some("$".into()),
            ..old
        };
        assert_eq!(migrate(priced, 1).format, 3);
    }
}
