//! HWPX (한글 OWPML, KS X 6101): a [`Document`] as 한글 opens it, laid out like a government
//! 참고자료 — A4, 함초롬돋움, a centred bold title, □/-/· items and ruled tables.
//!
//! The file is built with `hwpforge`: the document becomes hwpforge's model (sections,
//! paragraphs, runs, tables) over a style store holding 한글's built-in styles plus this
//! layout's own named paragraph styles (문서 제목, 제목 1–3, 항목 1–3, 표 …), and hwpforge
//! writes the package. Nothing is shared between calls, so [`render`] can run on many
//! threads at once.

use hwpforge::blueprint::registry::StyleRegistry;
use hwpforge::core::section::PageNumber;
use hwpforge::core::{
    Document as HwpDocument, ImageStore, Metadata, PageSettings, Paragraph, ParagraphMeasure, Run, Section,
    Table as HwpTable, TableCell, TableRow,
};
use hwpforge::foundation::{
    Alignment, CharShapeIndex, FontId, HwpUnit, NumberFormatType, PageNumberPosition, ParaShapeIndex, StyleRef,
};
use hwpforge::hwpx::style_store::HwpxBorderFill;
use hwpforge::hwpx::{
    EncodeOptions, HancomStyleSet, HwpxCharShape, HwpxEncoder, HwpxParaShape, HwpxStyle, HwpxStyleStore,
};

use crate::document::{Block, Cell, Document, Table};

/// Why a document could not be written as HWPX.
#[derive(Debug, thiserror::Error)]
pub enum HwpxError {
    /// hwpforge refused a style, the document model or the package.
    #[error("HWPX 문서를 만들지 못했습니다: {detail}")]
    Build { detail: String },
    /// The package was written, but hwpforge reports that part of the content did not make it
    /// into the file; a partial official document is not returned.
    #[error("HWPX 문서에 내용이 빠졌습니다: {detail}")]
    ContentLost { detail: String },
}

impl HwpxError {
    fn build(detail: impl std::fmt::Display) -> HwpxError {
        HwpxError::Build {
            detail: detail.to_string(),
        }
    }
}

/// The HWPX file (a ZIP package) for `doc`.
pub fn render(doc: &Document) -> Result<Vec<u8>, HwpxError> {
    let styles = Styles::new()?;
    let mut writer = Writer {
        styles: &styles,
        paragraphs: Vec::new(),
        page_break: false,
    };
    writer.title(doc);
    for block in &doc.blocks {
        writer.block(block)?;
    }

    let mut section = Section::with_paragraphs(writer.paragraphs, PageSettings::a4());
    // "- 1 -" at the foot of every page.
    section.page_number = Some(PageNumber::with_decoration(
        PageNumberPosition::BottomCenter,
        NumberFormatType::Digit,
        "- ",
    ));
    let mut hwp = HwpDocument::with_metadata(Metadata::new().with_title(doc.title.clone()));
    hwp.add_section(section);
    let validated = hwp.validate().map_err(HwpxError::build)?;

    let outcome =
        HwpxEncoder::encode_with_diagnostics(&validated, &styles.store, &ImageStore::new(), EncodeOptions::default())
            .map_err(HwpxError::build)?;
    let lost: Vec<String> = outcome
        .warnings
        .iter()
        .filter(|w| w.is_semantic_loss())
        .map(|w| w.message())
        .collect();
    if !lost.is_empty() {
        return Err(HwpxError::ContentLost {
            detail: lost.join("; "),
        });
    }
    Ok(outcome.bytes)
}

// ── Styles ──────────────────────────────────────────────────────────────────────────────

/// The Hangul (and Latin) face for everything. 함초롬돋움 ships with every 한글, so the file
/// looks the same wherever it is opened; HWPX names the face, nothing is embedded.
const FONT: &str = "함초롬돋움";

/// A4 (210 mm) less hwpforge's 20 mm side margins: the width a table spans.
const TEXT_WIDTH: i32 = 48_189;

/// One way of writing a paragraph: a named style in the file, its paragraph shape and the
/// character shape of its text.
#[derive(Clone, Copy)]
struct Look {
    style: StyleRef,
    para: ParaShapeIndex,
    chars: CharShapeIndex,
}

/// The style store and the looks this layout uses.
struct Styles {
    store: HwpxStyleStore,
    title: Look,
    byline: Look,
    headings: [Look; 3],
    items: [Look; 3],
    note: Look,
    paragraph: Look,
    caption: Look,
    table_note: Look,
    head_cell: Look,
    text_cell: Look,
    number_cell: Look,
    /// Border/fill of a header cell: the table's rules with a light grey ground.
    head_fill: u32,
}

/// What a look is made of, before it is added to the store.
struct LookSpec {
    name: &'static str,
    eng_name: &'static str,
    pt: f64,
    bold: bool,
    align: Alignment,
    /// Left margin of every line, in HWPUNIT (1 pt = 100).
    left: i32,
    /// First-line indent relative to `left`; negative hangs the marker of an item.
    indent: i32,
    before: i32,
    after: i32,
    keep_with_next: bool,
}

impl LookSpec {
    fn new(name: &'static str, eng_name: &'static str, pt: f64, align: Alignment) -> LookSpec {
        LookSpec {
            name,
            eng_name,
            pt,
            bold: false,
            align,
            left: 0,
            indent: 0,
            before: 0,
            after: 0,
            keep_with_next: false,
        }
    }
    fn bold(mut self) -> LookSpec {
        self.bold = true;
        self
    }
    fn spacing(mut self, before: i32, after: i32) -> LookSpec {
        self.before = before;
        self.after = after;
        self
    }
    /// Lines start at `left`, the first one `hang` further left (where the marker goes).
    fn hanging(mut self, left: i32, hang: i32) -> LookSpec {
        self.left = left + hang;
        self.indent = -hang;
        self
    }
    fn keep_with_next(mut self) -> LookSpec {
        self.keep_with_next = true;
        self
    }
}

fn unit(value: i32) -> Result<HwpUnit, HwpxError> {
    HwpUnit::new(value).map_err(HwpxError::build)
}

fn measure(value: i32) -> Result<ParagraphMeasure, HwpxError> {
    Ok(ParagraphMeasure::from_hwp_unit(unit(value)?))
}

impl Styles {
    fn new() -> Result<Styles, HwpxError> {
        // 한글 2022's built-in styles (바탕글, 본문, 개요 1–10, 쪽 번호, …) over one face, with
        // the default border fills (page, character, table rules) at 1–3.
        let font = FontId::new(FONT).map_err(HwpxError::build)?;
        let mut store =
            HwpxStyleStore::from_registry_with(&StyleRegistry::with_fonts(vec![font]), HancomStyleSet::Modern)
                .map_err(HwpxError::build)?;

        let mut head_fill = HwpxBorderFill::default_table_border();
        head_fill.set_win_brush_fill("#E7E6E6", "#999999", "0", None);
        let head_fill = store.push_border_fill(head_fill);

        use Alignment::{Center, Justify, Left, Right};
        let mut add = |spec: LookSpec| add_look(&mut store, spec);
        let title = add(LookSpec::new("문서 제목", "Document Title", 20.0, Center)
            .bold()
            .spacing(0, 600))?;
        let byline = add(LookSpec::new("작성 정보", "Byline", 11.0, Center))?;
        let headings = [
            add(LookSpec::new("제목 1", "Heading 1", 16.0, Left)
                .bold()
                .spacing(1400, 400)
                .keep_with_next())?,
            add(LookSpec::new("제목 2", "Heading 2", 14.0, Left)
                .bold()
                .spacing(1000, 300)
                .keep_with_next())?,
            add(LookSpec::new("제목 3", "Heading 3", 13.0, Left)
                .bold()
                .spacing(800, 200)
                .keep_with_next())?,
        ];
        // "□ " hangs 1.5 em, "- " and "· " about 1 em; each depth starts under the text above.
        let items = [
            add(LookSpec::new("항목 1", "Item 1", 12.0, Justify)
                .hanging(0, 1800)
                .spacing(400, 0))?,
            add(LookSpec::new("항목 2", "Item 2", 12.0, Justify)
                .hanging(1800, 1200)
                .spacing(100, 0))?,
            add(LookSpec::new("항목 3", "Item 3", 12.0, Justify).hanging(3000, 1000))?,
        ];
        let note = add(LookSpec::new("주석", "Note", 10.0, Justify).hanging(1800, 1000))?;
        let paragraph = add(LookSpec::new("본문 문단", "Paragraph", 12.0, Justify).spacing(200, 0))?;
        let caption = add(LookSpec::new("표 제목", "Table Caption", 12.0, Left)
            .bold()
            .spacing(600, 200)
            .keep_with_next())?;
        let table_note = add(LookSpec::new("표 주석", "Table Note", 9.0, Left).spacing(100, 200))?;
        let head_cell = add(LookSpec::new("표 머리", "Table Header", 10.0, Center).bold())?;
        let text_cell = add(LookSpec::new("표 내용", "Table Text", 10.0, Center))?;
        let number_cell = add(LookSpec::new("표 숫자", "Table Number", 10.0, Right))?;

        Ok(Styles {
            store,
            title,
            byline,
            headings,
            items,
            note,
            paragraph,
            caption,
            table_note,
            head_cell,
            text_cell,
            number_cell,
            head_fill,
        })
    }
}

/// Adds a character shape, a paragraph shape and a named paragraph style joining them.
fn add_look(store: &mut HwpxStyleStore, spec: LookSpec) -> Result<Look, HwpxError> {
    // Font 0 in every script: the one face of the store.
    let mut chars = HwpxCharShape::default();
    chars.height = HwpUnit::from_pt(spec.pt).map_err(HwpxError::build)?;
    chars.bold = spec.bold;
    let chars = store.push_char_shape(chars);

    let mut para = HwpxParaShape::default();
    para.alignment = spec.align;
    para.margin_left = measure(spec.left)?;
    para.indent = measure(spec.indent)?;
    para.spacing_before = measure(spec.before)?;
    para.spacing_after = measure(spec.after)?;
    para.keep_with_next = spec.keep_with_next;
    let para = store.push_para_shape(para);

    let position = store.style_count();
    store.push_style(HwpxStyle::new(
        position as u32,
        "PARA",
        spec.name,
        spec.eng_name,
        para.get() as u32,
        chars.get() as u32,
        position as u32,
        1042,
        0,
    ));
    let style = store
        .style_ref_at(position)
        .ok_or_else(|| HwpxError::build(format!("스타일 {}의 참조가 없습니다", spec.name)))?;
    Ok(Look { style, para, chars })
}

// ── Blocks ──────────────────────────────────────────────────────────────────────────────

struct Writer<'a> {
    styles: &'a Styles,
    paragraphs: Vec<Paragraph>,
    /// A page break is pending: the next paragraph starts a page.
    page_break: bool,
}

impl Writer<'_> {
    fn push(&mut self, mut paragraph: Paragraph) {
        if std::mem::take(&mut self.page_break) {
            paragraph.page_break = true;
        }
        self.paragraphs.push(paragraph);
    }

    fn text(&mut self, look: Look, text: impl Into<String>) {
        self.push(paragraph(look, text));
    }

    fn title(&mut self, doc: &Document) {
        let styles = self.styles;
        self.text(styles.title, doc.title.as_str());
        for line in &doc.byline {
            self.text(styles.byline, line.as_str());
        }
    }

    fn block(&mut self, block: &Block) -> Result<(), HwpxError> {
        let styles = self.styles;
        match block {
            Block::Heading { level, text } => {
                // A named heading style, not 한글's 개요 (outline) styles: those number the
                // heading themselves, and the composer's headings carry their numbers already.
                // No titleMark either: hwpforge 0.19 writes it beside <hp:t> rather than
                // inside, which the OWPML schema rejects.
                let level = usize::from((*level).clamp(1, 3));
                self.text(styles.headings[level - 1], text.as_str());
            }
            Block::Paragraph(text) => self.text(styles.paragraph, text.as_str()),
            Block::Item { depth, text } => {
                let depth = (*depth).clamp(1, 3);
                let marker = ["□ ", "- ", "· "][usize::from(depth - 1)];
                self.text(styles.items[usize::from(depth - 1)], format!("{marker}{text}"));
            }
            Block::Note(text) => self.text(styles.note, format!("* {text}")),
            Block::Table(table) => self.table(table)?,
            Block::PageBreak => self.page_break = true,
        }
        Ok(())
    }

    fn table(&mut self, table: &Table) -> Result<(), HwpxError> {
        let styles = self.styles;
        self.text(styles.caption, table.caption.as_str());

        let columns = table.width();
        if columns == 0 {
            return Ok(());
        }
        let widths = column_widths(table, columns)?;

        let head = (0..columns)
            .map(|c| {
                let text = table.columns.get(c).map_or("", String::as_str);
                TableCell::new(vec![paragraph(styles.head_cell, text)], widths[c]).with_border_fill_id(styles.head_fill)
            })
            .collect();
        let mut rows = vec![TableRow::new(head).with_header(true)];

        for (data, span) in table.rows.iter().zip(table.first_column_spans()) {
            let mut cells = Vec::with_capacity(columns);
            for (c, &width) in widths.iter().enumerate() {
                if c == 0 && span == 0 {
                    continue; // covered by the label above, which spans this row
                }
                let cell = data.get(c).unwrap_or(&Cell::Empty);
                let look = match cell {
                    Cell::Eok(_) | Cell::Count { .. } | Cell::Permille(_) => styles.number_cell,
                    Cell::Text(_) | Cell::Empty => styles.text_cell,
                };
                let mut made = TableCell::new(vec![paragraph(look, cell.written())], width);
                if c == 0 && span > 1 {
                    made.row_span = span as _;
                }
                cells.push(made);
            }
            rows.push(TableRow::new(cells));
        }

        let hwp_table = HwpTable::new(rows)
            .with_width(unit(TEXT_WIDTH)?)
            .with_repeat_header(true);
        self.push(Paragraph::with_runs(
            vec![Run::table(hwp_table, styles.text_cell.chars)],
            styles.paragraph.para,
        ));

        if let Some(note) = &table.note {
            self.text(styles.table_note, note.as_str());
        }
        Ok(())
    }
}

/// A one-run paragraph in `look`.
fn paragraph(look: Look, text: impl Into<String>) -> Paragraph {
    Paragraph::with_runs(vec![Run::text(text, look.chars)], look.para).with_style(look.style)
}

/// Column widths summing exactly to the text width: each column gets a floor (12 mm, less when
/// there are many columns) and the rest is shared in proportion to the widest text of each column
/// (a Hangul syllable counts twice a Latin letter, and one long text counts as 40).
fn column_widths(table: &Table, columns: usize) -> Result<Vec<HwpUnit>, HwpxError> {
    fn display_width(s: &str) -> usize {
        s.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
    }
    let mut need = vec![4usize; columns];
    for (c, name) in table.columns.iter().enumerate() {
        need[c] = need[c].max(display_width(name));
    }
    for row in &table.rows {
        for (c, cell) in row.iter().enumerate() {
            need[c] = need[c].max(display_width(&cell.written()));
        }
    }
    for n in &mut need {
        *n = (*n).min(40);
    }
    let total_width = TEXT_WIDTH as usize;
    let floor = 3_400usize.min(total_width / columns);
    let spare = total_width - floor * columns;
    let total_need: usize = need.iter().sum();
    let mut widths: Vec<usize> = need.iter().map(|n| floor + spare * n / total_need).collect();
    let widest = (0..columns).max_by_key(|&c| need[c]).unwrap_or(0);
    widths[widest] += total_width - widths.iter().sum::<usize>();
    widths.into_iter().map(|w| unit(w as i32)).collect()
}

#[cfg(test)]
mod tests;
