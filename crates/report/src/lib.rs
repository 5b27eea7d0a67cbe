//! 공식 문서: Sandan's official outputs. A composer turns the records into a [`Document`];
//! each writer turns a document into one format, so every format shows the same figures, and
//! every figure is written by the domain's one formatting module (조/억/만, 가나다, dates).

pub mod compose;
pub mod csv_file;
pub mod document;
pub mod format;
pub mod hwpx;
pub mod load;
pub mod pdf;
pub mod watermark;
pub mod xlsx;

pub use compose::Report;
pub use document::{Block, Cell, Document, Table};
pub use format::{Format, RenderError, UnknownFormat, render};
