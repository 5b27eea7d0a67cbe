//! 일괄 보고의 크기: how many rows one bulk call (a finance system's quarterly execution, a
//! province's measurements) may carry — one rule for every bulk endpoint, so a client learns it
//! once.

/// The most rows one bulk call takes: a year's quarters of every project of a plan fit with room.
pub const MAX_ROWS: usize = 1_000;

/// Refuses a batch of `rows` rows larger than [`MAX_ROWS`], saying how to send it instead.
pub fn check(rows: usize) -> Result<(), String> {
    if rows > MAX_ROWS {
        return Err(format!(
            "한 번에 보낼 수 있는 행은 1,000개까지입니다 (보낸 행: {rows}개). 나누어 보내 주십시오. 아무것도 기록하지 않았습니다."
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_batch_of_up_to_a_thousand_rows_passes_and_one_more_is_refused_with_its_count() {
        assert!(check(0).is_ok());
        assert!(check(MAX_ROWS).is_ok());
        let refused = check(MAX_ROWS + 1).unwrap_err();
        assert!(
            refused.contains("1,000개까지") && refused.contains("1001개"),
            "{refused}"
        );
    }
}
