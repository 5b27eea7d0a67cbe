//! The bundled record: the program as published (data/record.json), compiled into the binary
//! so a fresh install starts with it and tests read the same text the product ships.

use crate::record::Record;

pub const BUNDLED_JSON: &str = include_str!("../../../data/record.json");

/// The bundled record. Its validity is proven by the `bundled_record` tests, so a failure
/// here is a build defect, not an input error.
pub fn bundled() -> Record {
    serde_json::from_str(BUNDLED_JSON).expect("data/record.json is checked by the bundled_record tests")
}
