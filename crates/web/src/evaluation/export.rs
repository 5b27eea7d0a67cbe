//! 평가 결과 XLSX: a summary sheet and one sheet per evaluator. The published copy names
//! evaluators 평가위원 A, B, … in appointment order and leaves out their names and
//! affiliations everywhere, including who the trimmed mean left out.

use rust_xlsxwriter::{Color, Format, Workbook, XlsxError};
use sandan_domain::UserId;
use sandan_domain::evaluation::{Framework, PlanResult};
use sandan_store::evaluation::{PanelMember, StoredSheet};

/// Which copy: the office's own, or one fit to publish.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Copy {
    Internal,
    Published,
}

pub struct Evaluation<'a> {
    pub year: i32,
    pub framework: &'a Framework,
    pub results: &'a [PlanResult],
    pub members: &'a [PanelMember],
    pub sheets: &'a [StoredSheet],
}

/// "평가위원 A" … "평가위원 Z", then "평가위원 AA": letters by appointment order.
pub fn letter(position: usize) -> String {
    let mut n = position;
    let mut letters = Vec::new();
    loop {
        letters.push((b'A' + (n % 26) as u8) as char);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    format!("평가위원 {}", letters.iter().rev().collect::<String>())
}

impl Evaluation<'_> {
    fn label(&self, user: UserId, copy: Copy) -> String {
        let position = self.members.iter().position(|m| m.member.user == user);
        match (copy, position) {
            (Copy::Published, Some(k)) => letter(k),
            (Copy::Internal, Some(k)) => self.members[k].member.name.clone(),
            (_, None) => "(위촉 해제됨)".to_string(),
        }
    }

    pub fn workbook(&self, copy: Copy) -> Result<Vec<u8>, XlsxError> {
        let mut book = Workbook::new();
        let bold = Format::new().set_bold().set_background_color(Color::RGB(0xE7E6E6));
        let score = Format::new().set_num_format("0.00");
        let summary = book.add_worksheet();
        summary.set_name("요약")?;
        let mut headers = vec![
            "순위".to_string(),
            "시·도".into(),
            "평가표 수".into(),
            "산술평균".into(),
            "최고·최저점 제외 평균".into(),
        ];
        headers.extend(self.framework.indicators.iter().map(|i| format!("{} 평균", i.name)));
        headers.extend(["결과".to_string(), "제외된 평가표(최고, 최저)".into()]);
        summary.write_string(
            0,
            0,
            format!(
                "{}년 산업단지 대개조 평가 결과 — 결정 기준: {}",
                self.year,
                self.framework.aggregation.korean()
            ),
        )?;
        for (c, h) in headers.iter().enumerate() {
            summary.write_string_with_format(1, c as u16, h, &bold)?;
            summary.set_column_width(c as u16, if c < 3 { 10.0 } else { 18.0 })?;
        }
        for (k, r) in self.results.iter().enumerate() {
            let row = k as u32 + 2;
            if let Some(rank) = r.rank {
                summary.write_number(row, 0, rank)?;
            }
            summary.write_string(row, 1, r.region.short_name())?;
            summary.write_number(row, 2, r.sheets as f64)?;
            summary.write_number_with_format(row, 3, r.mean.value(), &score)?;
            if let Some(t) = r.trimmed {
                summary.write_number_with_format(row, 4, t.value(), &score)?;
            }
            let mut c = 5u16;
            for m in &r.indicator_means {
                summary.write_number_with_format(row, c, m.value(), &score)?;
                c += 1;
            }
            summary.write_string(row, c, r.outcome.korean())?;
            let left: Vec<String> = r.left_out.iter().map(|u| self.label(*u, copy)).collect();
            summary.write_string(row, c + 1, left.join(", "))?;
        }
        summary.set_freeze_panes(2, 0)?;

        let items = self.framework.items();
        for member in self.members {
            let sheet = book.add_worksheet();
            let name = self.label(member.member.user, copy);
            sheet.set_name(sheet_name(&name))?;
            let title = match copy {
                Copy::Internal => format!("{name} ({})", member.member.affiliation),
                Copy::Published => name.clone(),
            };
            sheet.write_string(0, 0, title)?;
            for (c, h) in ["시·도", "평가항목", "배점", "점수", "평가 사유"].iter().enumerate() {
                sheet.write_string_with_format(1, c as u16, *h, &bold)?;
            }
            for (c, w) in [8.0, 36.0, 8.0, 8.0, 60.0].iter().enumerate() {
                sheet.set_column_width(c as u16, *w)?;
            }
            let mut row = 2u32;
            for r in self.results {
                let Some(s) = self
                    .sheets
                    .iter()
                    .find(|s| s.evaluator == member.member.user && s.region == r.region && s.submitted_at.is_some())
                else {
                    continue;
                };
                let lines = items
                    .iter()
                    .map(|i| (i.label.clone(), i.max_points))
                    .zip(&s.sheet.items)
                    .chain(
                        self.framework
                            .bonuses
                            .iter()
                            .map(|b| (format!("가점: {}", b.name), Some(b.max_points)))
                            .zip(&s.sheet.bonuses),
                    );
                for ((label, max), mark) in lines {
                    sheet.write_string(row, 0, r.region.short_name())?;
                    sheet.write_string(row, 1, &label)?;
                    if let Some(max) = max {
                        sheet.write_number(row, 2, max.0 as f64 / 10.0)?;
                    }
                    if let Some(p) = mark.points {
                        sheet.write_number(row, 3, p.0 as f64 / 10.0)?;
                    }
                    sheet.write_string(row, 4, &mark.reason)?;
                    row += 1;
                }
                sheet.write_string_with_format(row, 0, r.region.short_name(), &bold)?;
                sheet.write_string_with_format(row, 1, "총점", &bold)?;
                sheet.write_number_with_format(row, 3, s.sheet.total(self.framework).0 as f64 / 10.0, &bold)?;
                sheet.write_string(row, 4, &s.sheet.opinion)?;
                row += 2;
            }
            sheet.set_freeze_panes(2, 0)?;
        }
        book.save_to_buffer()
    }
}

/// Excel allows 31 characters and none of []:*?/\ in a sheet name.
fn sheet_name(name: &str) -> String {
    name.chars()
        .map(|c| if "[]:*?/\\".contains(c) { '_' } else { c })
        .take(31)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluators_are_lettered_in_appointment_order() {
        assert_eq!(letter(0), "평가위원 A");
        assert_eq!(letter(8), "평가위원 I");
        assert_eq!(letter(25), "평가위원 Z");
        assert_eq!(letter(26), "평가위원 AA");
        assert_eq!(sheet_name("김[평가]/위원"), "김_평가__위원");
    }
}
