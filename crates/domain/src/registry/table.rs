//! 표: a sheet or CSV file as the decoder hands it over — rows of cell texts, each row with the
//! line it came from, so every message can point at the line the office sees in its own file.

/// One row of cells and its 1-based line in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    pub line: usize,
    pub cells: Vec<String>,
}

/// A decoded table. CSV cells may span lines and spreadsheets skip hidden rows, so the decoder
/// numbers the rows; [`Table::from_rows`] numbers them 1, 2, 3, … when nothing is skipped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Table {
    pub rows: Vec<TableRow>,
}

impl Table {
    /// Rows numbered from line 1.
    pub fn from_rows(rows: Vec<Vec<String>>) -> Table {
        Table {
            rows: rows
                .into_iter()
                .enumerate()
                .map(|(i, cells)| TableRow { line: i + 1, cells })
                .collect(),
        }
    }
}

impl TableRow {
    /// The cell at `index`, trimmed; "" past the end, as short CSV rows leave it.
    pub fn cell(&self, index: usize) -> &str {
        self.cells.get(index).map_or("", |c| c.trim())
    }

    /// Whether every cell is blank.
    pub fn is_blank(&self) -> bool {
        self.cells.iter().all(|c| c.trim().is_empty())
    }
}
