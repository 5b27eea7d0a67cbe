//! Reading a document's text when it is uploaded: PDF through poppler's `pdftotext` (a separate
//! process, so a hostile PDF can at worst make it fail, under a time limit), HWPX and PPTX from
//! their XML, XLSX through calamine. HWP 5 binaries are not read: the Rust readers of that
//! format are young and Sandan has no real HWP 5 file to prove one against, so the page asks
//! for an HWPX or PDF copy instead. The text is never executed or rendered as markup.

use std::io::{Cursor, Read};
use std::process::Stdio;
use std::time::Duration;

use sandan_domain::documents::FileType;
use sandan_domain::documents::text::{DocumentText, MAX_TEXT_BYTES, PAGE_BREAK};
use tokio::io::AsyncWriteExt;

use crate::ui::zipped::MAX_INFLATED_BYTES;

/// How long `pdftotext` may take with one file.
const PDF_SECONDS: u64 = 60;

/// The text of a checked file (its type read from its content).
pub async fn extract(file_type: FileType, content: Vec<u8>) -> DocumentText {
    match file_type {
        FileType::Pdf => pdf(content).await,
        FileType::Hwpx => offloaded(move || sections(&content, "Contents/section")).await,
        FileType::Pptx => offloaded(move || sections(&content, "ppt/slides/slide")).await,
        FileType::Xlsx => offloaded(move || sheets(&content)).await,
        FileType::Hwp => DocumentText::unsupported(
            "한글 5.x(HWP) 파일에서는 본문을 읽지 않아 목차와 문서 찾기에 나오지 않습니다. 같은 문서를 HWPX나 PDF로도 저장해 올리면 나옵니다.",
        ),
        FileType::Png | FileType::Jpeg => DocumentText::unsupported("그림 파일이라 읽을 글이 없습니다."),
    }
}

async fn offloaded(read: impl FnOnce() -> Result<String, String> + Send + 'static) -> DocumentText {
    match crate::offload::offload(read).await {
        Ok(Ok(text)) => DocumentText::extracted(text),
        Ok(Err(why)) => DocumentText::failed(why),
        Err(_) => DocumentText::failed("문서를 읽는 중에 오류가 나서 본문을 읽지 못했습니다."),
    }
}

async fn pdf(content: Vec<u8>) -> DocumentText {
    let child = tokio::process::Command::new("pdftotext")
        .args(["-q", "-enc", "UTF-8", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .kill_on_drop(true)
        .spawn();
    let mut child = match child {
        Ok(child) => child,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::warn!("pdftotext (poppler-utils) is not installed; PDF text is not read");
            return DocumentText::unsupported(
                "이 서버에 PDF 글 읽기 도구(poppler-utils)가 없어 본문을 읽지 않았습니다. 운영 담당자에게 알려 주십시오.",
            );
        }
        Err(e) => return DocumentText::failed(format!("PDF 글 읽기 도구를 시작하지 못했습니다: {e}")),
    };
    let mut stdin = child.stdin.take().expect("stdin is piped");
    // The tool may stop reading early (a damaged file); its answer says what happened.
    let feed = tokio::spawn(async move {
        let _ = stdin.write_all(&content).await;
    });
    let output = tokio::time::timeout(Duration::from_secs(PDF_SECONDS), child.wait_with_output()).await;
    feed.abort();
    match output {
        Ok(Ok(out)) if out.status.success() => {
            DocumentText::extracted(String::from_utf8_lossy(&out.stdout).into_owned())
        }
        Ok(Ok(_)) => DocumentText::failed("PDF를 읽지 못했습니다. 손상되었거나 암호가 걸린 파일일 수 있습니다."),
        Ok(Err(e)) => DocumentText::failed(format!("PDF 글 읽기 도구가 끝나지 못했습니다: {e}")),
        Err(_) => DocumentText::failed(format!(
            "PDF의 글을 {PDF_SECONDS}초 안에 읽지 못해 그만두었습니다. 파일은 그대로 올라갔습니다."
        )),
    }
}

/// The text of the numbered XML parts starting with `prefix` (HWPX sections, PPTX slides), in
/// their order; slides are pages.
fn sections(content: &[u8], prefix: &str) -> Result<String, String> {
    let unreadable = |_| "압축된 문서를 열 수 없어 본문을 읽지 못했습니다.".to_string();
    let mut zip = zip::ZipArchive::new(Cursor::new(content)).map_err(unreadable)?;
    let mut parts: Vec<(u32, String)> = zip
        .file_names()
        .filter_map(|name| {
            let name = name.ok()?;
            let number = name.strip_prefix(prefix)?.strip_suffix(".xml")?.parse().ok()?;
            Some((number, name.to_string()))
        })
        .collect();
    parts.sort();
    let mut text = String::new();
    let mut budget = MAX_INFLATED_BYTES;
    for (index, (_, name)) in parts.iter().enumerate() {
        let mut xml = String::new();
        let entry = zip.by_name(name).map_err(unreadable)?;
        entry
            .take(budget)
            .read_to_string(&mut xml)
            .map_err(|_| format!("문서의 '{name}'을(를) 읽을 수 없습니다."))?;
        budget = budget.saturating_sub(xml.len() as u64);
        if index > 0 && prefix.starts_with("ppt/") {
            text.push(PAGE_BREAK);
        }
        paragraphs(&xml, &mut text).map_err(|e| format!("문서의 '{name}'을(를) 읽을 수 없습니다: {e}"))?;
        if text.len() > MAX_TEXT_BYTES {
            break;
        }
    }
    Ok(text)
}

/// The text of OWPML (`hp:t` in `hp:p`) or DrawingML (`a:t` in `a:p`): both name a run of
/// text `t` and a paragraph `p`, so one reader serves both.
fn paragraphs(xml: &str, text: &mut String) -> Result<(), roxmltree::Error> {
    let options = roxmltree::ParsingOptions {
        allow_dtd: false,
        nodes_limit: 4_000_000,
        ..roxmltree::ParsingOptions::default()
    };
    let document = roxmltree::Document::parse_with_options(xml, options)?;
    for node in document.root().descendants() {
        if node.is_element() {
            match node.tag_name().name() {
                "p" if !text.is_empty() && !text.ends_with('\n') => text.push('\n'),
                "tab" => text.push('\t'),
                "lineBreak" | "br" => text.push('\n'),
                _ => {}
            }
        } else if let Some(run) = node.text()
            && node.is_text()
            && node.parent_element().is_some_and(|p| p.tag_name().name() == "t")
        {
            text.push_str(run);
        }
    }
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    Ok(())
}

/// Each sheet's name and rows, cells separated by tabs; each sheet a page.
fn sheets(content: &[u8]) -> Result<String, String> {
    use calamine::Reader;
    let mut book = calamine::Xlsx::new(Cursor::new(content))
        .map_err(|_| "엑셀 파일을 열 수 없어 본문을 읽지 못했습니다.".to_string())?;
    let mut text = String::new();
    for (index, name) in book.sheet_names().into_iter().enumerate() {
        let range = book
            .worksheet_range(&name)
            .map_err(|_| format!("엑셀 시트 '{name}'을(를) 읽을 수 없습니다."))?;
        if index > 0 {
            text.push(PAGE_BREAK);
        }
        text.push_str(&name);
        text.push('\n');
        for row in range.rows() {
            let cells: Vec<String> = row.iter().map(ToString::to_string).collect();
            text.push_str(cells.join("\t").trim_end());
            text.push('\n');
        }
        if text.len() > MAX_TEXT_BYTES {
            break;
        }
    }
    Ok(text)
}

#[cfg(test)]
mod tests {
    use super::paragraphs;

    #[test]
    fn runs_are_read_in_order_with_paragraphs_tabs_and_nested_tables() {
        let xml = r#"<hs:sec xmlns:hs="s" xmlns:hp="p"><hp:p><hp:run><hp:t>Ⅰ. 추진 배경</hp:t></hp:run></hp:p>
            <hp:p><hp:run><hp:t>반월&amp;시화<hp:tab/>산단</hp:t></hp:run>
            <hp:tbl><hp:tc><hp:subList><hp:p><hp:run><hp:t>표 안</hp:t></hp:run></hp:p></hp:subList></hp:tc></hp:tbl></hp:p></hs:sec>"#;
        let mut text = String::new();
        paragraphs(xml, &mut text).unwrap();
        assert_eq!(text, "Ⅰ. 추진 배경\n반월&시화\t산단\n표 안\n");
    }

    #[test]
    fn a_document_type_declaration_is_refused() {
        let xml = r#"<!DOCTYPE a [<!ENTITY x "xxxxxxxx">]><a><t>&x;&x;</t></a>"#;
        assert!(paragraphs(xml, &mut String::new()).is_err());
    }
}
