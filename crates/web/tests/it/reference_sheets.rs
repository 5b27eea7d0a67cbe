//! The seed's per-region reference sheets (copied verbatim into fixtures/) against what the
//! plan pages render, cell by cell. Spacing is ignored; the seed's typos are mapped through the
//! corrections the record declares, so an undeclared change to any cell fails.

use crate::common;

use common::{TestApp, select, squash, text_of};

const FIXTURE: &str = include_str!("fixtures/seed_reference_sheets.md");
const REGIONS: [&str; 5] = ["경기", "경남", "부산", "울산", "전북"];

/// One region's sheet as the seed writes it.
struct Sheet {
    items: Vec<(String, String)>,
    tables: Vec<Vec<Vec<String>>>,
    conditions: Vec<String>,
    structure: Vec<String>,
}

fn sheets() -> Vec<Sheet> {
    let sections: Vec<&str> = FIXTURE.split("1. 혁신계획 개요").skip(1).collect();
    assert_eq!(sections.len(), REGIONS.len(), "the fixture holds five sheets");
    sections.iter().map(|s| parse(s)).collect()
}

fn parse(section: &str) -> Sheet {
    let (overview, rest) = section.split_once("2. 지역여건").expect("지역여건");
    let (conditions, structure) = rest.split_once("3. 혁신계획 구성").expect("혁신계획 구성");
    let mut items = Vec::new();
    let mut tables: Vec<Vec<Vec<String>>> = Vec::new();
    let mut in_table = false;
    for line in overview.lines().map(str::trim) {
        if let Some(row) = line.strip_prefix('|') {
            if !in_table {
                tables.push(Vec::new());
                in_table = true;
            }
            let cells: Vec<String> = row
                .trim_end_matches('|')
                .split('|')
                .map(|c| c.trim().replace("\\$", "$"))
                .collect();
            if !cells.iter().all(|c| !c.is_empty() && c.chars().all(|ch| ch == '-')) {
                tables.last_mut().unwrap().push(cells);
            }
            continue;
        }
        in_table = false;
        let bullet = line.trim_start_matches(['-', '○']).trim();
        if let Some((label, text)) = bullet.strip_prefix('(').and_then(|b| b.split_once(')')) {
            items.push((label.to_string(), text.trim().to_string()));
        }
    }
    let lines = |text: &str| -> Vec<String> {
        text.lines()
            .map(|l| l.trim().trim_start_matches('-').trim().to_string())
            .filter(|l| !l.is_empty())
            .collect()
    };
    Sheet {
        items,
        tables,
        conditions: lines(conditions),
        structure: lines(structure),
    }
}

/// The seed's text as the record corrects it, without spacing.
fn corrected(text: &str, corrections: &[(String, String)]) -> String {
    let mut text = text.to_string();
    for (original, fixed) in corrections {
        text = text.replace(original, fixed);
    }
    squash(&text)
}

/// The rendered table as a grid, with the empty cell the seed writes under a spanned group label.
fn grid(table: &scraper::ElementRef) -> Vec<Vec<String>> {
    let (tr, cell) = (
        scraper::Selector::parse("tr").unwrap(),
        scraper::Selector::parse("th, td").unwrap(),
    );
    table
        .select(&tr)
        .map(|row| {
            let cells: Vec<String> = row.select(&cell).map(|c| text_of(&c)).collect();
            if cells.len() == 1 {
                vec![String::new(), cells[0].clone()]
            } else {
                cells
            }
        })
        .collect()
}

#[tokio::test]
async fn every_cell_of_the_five_reference_sheets_is_rendered_as_published() {
    let sheets = sheets();
    for app in TestApp::all().await {
        for (region, sheet) in REGIONS.iter().zip(&sheets) {
            let at = format!("{} {region}", app.label());
            let (_, plan) = app.json(&format!("/api/v1/rounds/2021/plans/{region}")).await;
            let corrections: Vec<(String, String)> = plan["plan"]["corrections"]
                .as_array()
                .map_or(&[][..], |a| a.as_slice())
                .iter()
                .map(|c| {
                    (
                        c["original"].as_str().unwrap().to_string(),
                        c["corrected"].as_str().unwrap().to_string(),
                    )
                })
                .collect();
            let fix = |t: &str| corrected(t, &corrections);
            let html = app.page(&format!("/rounds/2021/plans/{region}")).await;

            let shown: Vec<(String, String)> = select(&html, ".sheet-items > div")
                .iter()
                .map(|d| {
                    (
                        squash(&text_of(&select_in(d, "dt"))),
                        squash(&text_of(&select_in(d, "dd"))),
                    )
                })
                .chain(
                    select(&html, "#declared-total")
                        .iter()
                        .map(|p| ("신청사업".to_string(), squash(&text_of(p)))),
                )
                .collect();
            for (label, text) in &sheet.items {
                if label == "대상지역" {
                    continue;
                }
                let want = (squash(label), fix(text));
                assert!(shown.contains(&want), "{at}: ({label}) {text}\n  not among {shown:?}");
            }

            let [sites, projects] = sheet.tables.as_slice() else {
                panic!("{at}: two tables")
            };
            let rendered = grid(&select(&html, "#sites")[0]);
            let want: Vec<Vec<String>> = sites[1..].iter().map(|r| r.iter().map(|c| fix(c)).collect()).collect();
            let got: Vec<Vec<String>> = rendered.iter().map(|r| r.iter().map(|c| squash(c)).collect()).collect();
            assert_eq!(got, want, "{at}: 대상지역");

            let rendered = grid(&select(&html, "#projects")[0]);
            let want: Vec<Vec<String>> = projects.iter().map(|r| r.iter().map(|c| fix(c)).collect()).collect();
            let got: Vec<Vec<String>> = rendered.iter().map(|r| r.iter().map(|c| squash(c)).collect()).collect();
            assert_eq!(got, want, "{at}: 신청 사업");

            for (heading, lines) in [
                ("conditions-heading", &sheet.conditions),
                ("structure-heading", &sheet.structure),
            ] {
                let section = select(&html, &format!("section[aria-labelledby={heading}]"));
                let h2 = select(&html, &format!("#{heading}"));
                let got = squash(&text_of(&section[0])).replacen(&squash(&text_of(&h2[0])), "", 1);
                let want: String = lines.iter().map(|l| fix(l)).collect();
                assert_eq!(got, want, "{at}: {heading}");
            }
        }
    }
}

fn select_in<'a>(element: &scraper::ElementRef<'a>, css: &str) -> scraper::ElementRef<'a> {
    element
        .select(&scraper::Selector::parse(css).unwrap())
        .next()
        .expect(css)
}

#[test]
fn the_fixture_holds_what_the_test_compares() {
    let sheets = sheets();
    let items: Vec<usize> = sheets.iter().map(|s| s.items.len()).collect();
    assert_eq!(
        items,
        [6, 6, 6, 6, 6],
        "주력업종, 비전, 목표, 대상지역, 신청 사업, 추진체계 per region"
    );
    let rows: Vec<(usize, usize)> = sheets
        .iter()
        .map(|s| (s.tables[0].len() - 1, s.tables[1].len() - 1))
        .collect();
    assert_eq!(
        rows,
        [(4, 3), (4, 3), (5, 3), (4, 3), (4, 4)],
        "sites and key-task rows per region"
    );
}
