//! The sample scenarios shipped with perfcase, compiled into the binary.

use crate::model::Scenario;

/// A sample: its file name under `samples/` and its text.
pub struct Sample {
    /// File name, e.g. `orders-trace.ron`.
    pub file_name: &'static str,
    /// The RON text.
    pub text: &'static str,
}

/// Every sample, in the order the Help menu lists them.
pub const ALL: [Sample; 15] = [
    Sample {
        file_name: "funding-memo.ron",
        text: include_str!("../samples/funding-memo.ron"),
    },
    Sample {
        file_name: "rtb-rewrite.ron",
        text: include_str!("../samples/rtb-rewrite.ron"),
    },
    Sample {
        file_name: "orders-trace.ron",
        text: include_str!("../samples/orders-trace.ron"),
    },
    Sample {
        file_name: "thumbnail-profile.ron",
        text: include_str!("../samples/thumbnail-profile.ron"),
    },
    Sample {
        file_name: "pdf-invoice.ron",
        text: include_str!("../samples/pdf-invoice.ron"),
    },
    Sample {
        file_name: "rtb-matrix.ron",
        text: include_str!("../samples/rtb-matrix.ron"),
    },
    Sample {
        file_name: "pricing-payback.ron",
        text: include_str!("../samples/pricing-payback.ron"),
    },
    Sample {
        file_name: "chat-analytics-load.ron",
        text: include_str!("../samples/chat-analytics-load.ron"),
    },
    Sample {
        file_name: "inference-cost.ron",
        text: include_str!("../samples/inference-cost.ron"),
    },
    Sample {
        file_name: "router-usl.ron",
        text: include_str!("../samples/router-usl.ron"),
    },
    Sample {
        file_name: "uncertain-rewrite.ron",
        text: include_str!("../samples/uncertain-rewrite.ron"),
    },
    Sample {
        file_name: "fraud-tradeoff.ron",
        text: include_str!("../samples/fraud-tradeoff.ron"),
    },
    Sample {
        file_name: "moderation-tradeoff.ron",
        text: include_str!("../samples/moderation-tradeoff.ron"),
    },
    Sample {
        file_name: "imports/checkout-trace.ron",
        text: include_str!("../samples/imports/checkout-trace.ron"),
    },
    Sample {
        file_name: "imports/json-service.ron",
        text: include_str!("../samples/imports/json-service.ron"),
    },
];

/// The scenario the GUI opens with when given no file: the combined funding memo.
pub const DEFAULT: &Sample = &ALL[0];

impl Sample {
    /// Parses and validates the sample. Every sample is checked by the tests,
    /// so this fails only if a sample file was broken by hand.
    pub fn scenario(&self) -> Result<Scenario, crate::scenario_file::FileError> {
        crate::scenario_file::from_str(self.text, std::path::Path::new(self.file_name))
    }
}
