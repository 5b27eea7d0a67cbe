//! The framework's indicators and bonuses as lines of text, the way the office types them on
//! one form without scripts: "지표 | 세부항목 | 배점" and "가점 | 상한". Read all or nothing,
//! each bad line named.

use super::framework::{Bonus, Indicator, SubItem};
use super::points::Points;

/// "지역진단 전략성 | 산업 현황 진단 | 10" per sub-item, "혁신계획 타당성 | | 25" for an
/// indicator scored whole; the points may be left empty while they are undecided.
pub fn indicators_to_lines(indicators: &[Indicator]) -> String {
    let shown = |p: Option<Points>| p.map(|p| p.to_string()).unwrap_or_default();
    indicators
        .iter()
        .flat_map(|i| {
            if i.sub_items.is_empty() {
                vec![format!("{} | | {}", i.name, shown(i.max_points))]
            } else {
                i.sub_items
                    .iter()
                    .map(|s| format!("{} | {} | {}", i.name, s.name, shown(s.max_points)))
                    .collect()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn parse_indicators(text: &str) -> Result<Vec<Indicator>, Vec<String>> {
    let mut indicators: Vec<Indicator> = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in lines(text) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        if cells.len() != 3 || cells[0].is_empty() {
            problems.push(format!("{n}번째 줄: '지표 | 세부항목 | 배점' 형식으로 쓰십시오."));
            continue;
        }
        let points = match cells[2] {
            "" => None,
            p => match p.parse::<Points>() {
                Ok(p) => Some(p),
                Err(e) => {
                    problems.push(format!("{n}번째 줄: {e}"));
                    continue;
                }
            },
        };
        let (name, sub) = (cells[0], cells[1]);
        let existing = indicators.iter_mut().find(|i| i.name == name);
        match (existing, sub.is_empty()) {
            (None, true) => indicators.push(Indicator {
                name: name.to_string(),
                max_points: points,
                sub_items: vec![],
            }),
            (None, false) => indicators.push(Indicator {
                name: name.to_string(),
                max_points: None,
                sub_items: vec![SubItem {
                    name: sub.to_string(),
                    max_points: points,
                }],
            }),
            (Some(i), false) if !i.sub_items.is_empty() && i.sub_items.iter().all(|s| s.name != sub) => {
                i.sub_items.push(SubItem {
                    name: sub.to_string(),
                    max_points: points,
                })
            }
            (Some(_), _) => problems.push(format!(
                "{n}번째 줄: '{name}'이(가) 이미 있습니다. 지표 전체 배점과 세부항목을 함께 쓰거나 같은 세부항목을 두 번 쓸 수 없습니다."
            )),
        }
    }
    if problems.is_empty() {
        Ok(indicators)
    } else {
        Err(problems)
    }
}

pub fn bonuses_to_lines(bonuses: &[Bonus]) -> String {
    bonuses
        .iter()
        .map(|b| format!("{} | {}", b.name, b.max_points))
        .collect::<Vec<_>>()
        .join("\n")
}

pub fn parse_bonuses(text: &str) -> Result<Vec<Bonus>, Vec<String>> {
    let mut bonuses = Vec::new();
    let mut problems = Vec::new();
    for (n, line) in lines(text) {
        match line.split_once('|').map(|(a, b)| (a.trim(), b.trim())) {
            Some((name, points)) if !name.is_empty() => match points.parse::<Points>() {
                Ok(max_points) => bonuses.push(Bonus {
                    name: name.to_string(),
                    max_points,
                }),
                Err(e) => problems.push(format!("가점 {n}번째 줄: {e}")),
            },
            _ => problems.push(format!("가점 {n}번째 줄: '가점 이름 | 상한' 형식으로 쓰십시오.")),
        }
    }
    if problems.is_empty() {
        Ok(bonuses)
    } else {
        Err(problems)
    }
}

/// Non-blank lines with their 1-based numbers.
fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(k, l)| (k + 1, l.trim()))
        .filter(|(_, l)| !l.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::evaluation::framework::Framework;

    #[test]
    fn indicators_and_sub_items_are_read_back_from_their_lines() {
        let text = "지역진단 전략성 | 산업 현황 진단 | 10\n지역진단 전략성 | 발전 전략 | 15\n\n혁신계획 타당성 | | 25.5\n성과목표 실현가능성 | |";
        let indicators = parse_indicators(text).unwrap();
        assert_eq!(indicators.len(), 3);
        assert_eq!(indicators[0].sub_items.len(), 2);
        assert_eq!(indicators[1].max_points, Some(Points(255)));
        assert_eq!(indicators[2].max_points, None, "points may wait");
        assert_eq!(parse_indicators(&indicators_to_lines(&indicators)).unwrap(), indicators);
        let seed = Framework::seed_default(5).indicators;
        assert_eq!(parse_indicators(&indicators_to_lines(&seed)).unwrap(), seed);
    }

    #[test]
    fn bad_lines_are_named_and_nothing_is_read() {
        let text = "지역진단 전략성 | | 10\n지역진단 전략성 | 세부 | 5\n혁신계획 | 25\n성과 | | 8.25";
        let problems = parse_indicators(text).unwrap_err();
        assert_eq!(problems.len(), 3, "{problems:?}");
        assert!(
            problems[0].starts_with("2번째 줄")
                && problems[1].starts_with("3번째 줄")
                && problems[2].starts_with("4번째 줄")
        );
    }

    #[test]
    fn bonuses_are_a_name_and_a_cap_per_line() {
        let bonuses = parse_bonuses("한국판 뉴딜 연계 | 3\n").unwrap();
        assert_eq!(bonuses[0].max_points, Points::whole(3));
        assert_eq!(parse_bonuses(&bonuses_to_lines(&bonuses)).unwrap(), bonuses);
        assert!(parse_bonuses("뉴딜 3").is_err());
    }
}
