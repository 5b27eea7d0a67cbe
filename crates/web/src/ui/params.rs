//! Reading the parts of a URL, with messages that say how to write them. Pages and API share
//! these, so an address means the same thing in both.

use sandan_domain::{ComplexId, Region};

use crate::failure::Failure;

/// "2021" → 2021. Rounds are years; anything else is a malformed address.
pub fn year(text: &str) -> Result<i32, Failure> {
    match text.parse::<i32>() {
        Ok(y) if (1900..=2999).contains(&y) && text.len() == 4 => Ok(y),
        _ => Err(Failure::BadInput(format!(
            "'{text}'은(는) 연도가 아닙니다. 공모 회차는 /rounds/2021처럼 네 자리 연도로 적습니다."
        ))),
    }
}

/// Any way of writing a 시·도: "경기", "경기도", "gyeonggi", "41", "전라북도".
pub fn region(text: &str) -> Result<Region, Failure> {
    text.parse::<Region>().map_err(|_| {
        Failure::NotFound(format!(
            "'{text}'(이)라는 시·도를 찾을 수 없습니다. '경기', '경기도', 'gyeonggi'처럼 시·도 이름이나 영문 표기로 적어 주십시오."
        ))
    })
}

pub fn complex_id(text: &str) -> Result<ComplexId, Failure> {
    let id = ComplexId(text.to_string());
    if id.is_well_formed() {
        Ok(id)
    } else {
        Err(Failure::NotFound(format!(
            "'{text}'(이)라는 산업단지를 찾을 수 없습니다. 산업단지 주소는 /complexes/banwol-sihwa처럼 영문 소문자로 적습니다."
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_are_four_digits() {
        assert_eq!(year("2021").unwrap(), 2021);
        for bad in ["21", "abc", "20210", "-2021", "", "2021 "] {
            let Failure::BadInput(message) = year(bad).unwrap_err() else {
                panic!("{bad} should be bad input")
            };
            assert!(message.contains("네 자리 연도"), "{message}");
        }
    }

    #[test]
    fn regions_read_in_any_form_and_unknown_ones_say_how_to_write_them() {
        assert_eq!(region("경기").unwrap(), region("gyeonggi").unwrap());
        assert_eq!(region("전라북도").unwrap(), region("전북").unwrap());
        let Failure::NotFound(message) = region("서울X").unwrap_err() else {
            panic!()
        };
        assert!(message.contains("서울X") && message.contains("gyeonggi"), "{message}");
    }
}
