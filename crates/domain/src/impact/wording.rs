//! The sentence an official reads under an estimate: the direction, the size in percent with one
//! decimal, and the 95% interval — and, when the interval holds zero, that no clear difference
//! was found rather than a direction the data cannot support.

use super::{Estimate, Indicator, percent_text};

/// "선정 거점산단의 고용은 선정 후 비교 산단보다 평균 4.9% 더 많았습니다 (95% 신뢰구간 3.1%~6.8%)."
/// Figures are written as the tables write them (`Estimate::percent_texts`).
pub(super) fn sentence(indicator: Indicator, estimate: &Estimate) -> String {
    let [size, low, high] = estimate.percent_tenths().map(percent_text);
    let interval = format!("95% 신뢰구간 {low}~{high}");
    let subject = format!("선정 거점산단의 {}", with_topic(indicator.korean()));
    if !estimate.is_significant() {
        return format!("{subject} 선정 후 비교 산단과 뚜렷한 차이가 확인되지 않습니다 (추정 {size}, {interval}).");
    }
    let (size, direction) = if estimate.coefficient > 0.0 {
        (estimate.percent_tenths()[0], "더 많았습니다")
    } else {
        (-estimate.percent_tenths()[0], "더 적었습니다")
    };
    format!(
        "{subject} 선정 후 비교 산단보다 평균 {} {direction} ({interval}).",
        percent_text(size)
    )
}

/// The topic particle 은/는 by whether the last syllable has a final consonant.
fn with_topic(noun: &str) -> String {
    let batchim = noun
        .chars()
        .last()
        .map(|c| c as u32)
        .filter(|c| (0xAC00..=0xD7A3).contains(c))
        .is_some_and(|c| (c - 0xAC00) % 28 != 0);
    format!("{noun}{}", if batchim { "은" } else { "는" })
}
