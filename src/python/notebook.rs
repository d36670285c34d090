//! Jupyter notebooks: their code cells as one Python source, and the way back from a line of
//! that source to a cell and a line in it.
//!
//! The code cells are joined with one `\n` between them, in the form ruff's cell-wise parser
//! expects (each cell parses on its own; later cells see earlier definitions). Findings are
//! located in that joined text like in any file; reports translate lines with [`CellIndex`].

use ruff_text_size::{TextRange, TextSize};
use serde_json::Value as Json;

use crate::finding::CellIndex;

/// The code cells of a notebook, ready to parse.
#[derive(Debug)]
pub struct NotebookSource {
    /// The code cells joined with `\n`.
    pub text: String,
    /// Each code cell's range in `text`, without the separating `\n`.
    pub ranges: Vec<TextRange>,
    /// Which cell each line of `text` belongs to.
    pub cells: CellIndex,
}

/// Extracts the code cells of a notebook. `Ok(None)` for a notebook whose kernel is not Python
/// (an R or Julia notebook is not a Python file); `Err` names what is broken.
pub fn extract(bytes: &[u8]) -> Result<Option<NotebookSource>, String> {
    let document: Json = serde_json::from_slice(bytes)
        .map_err(|error| format!("not valid notebook JSON: {error}"))?;
    let language = document
        .pointer("/metadata/language_info/name")
        .or_else(|| document.pointer("/metadata/kernelspec/language"))
        .and_then(Json::as_str);
    if language.is_some_and(|language| !language.eq_ignore_ascii_case("python")) {
        return Ok(None);
    }
    let cells = document
        .get("cells")
        .and_then(Json::as_array)
        .ok_or_else(|| "not a notebook: no `cells` list".to_owned())?;
    let mut text = String::new();
    let mut ranges = Vec::new();
    let mut starts = Vec::new();
    let mut line = 1u32;
    for (index, cell) in cells.iter().enumerate() {
        if cell.get("cell_type").and_then(Json::as_str) != Some("code") {
            continue;
        }
        let source = match cell.get("source") {
            Some(Json::String(source)) => source.clone(),
            Some(Json::Array(lines)) => lines.iter().filter_map(Json::as_str).collect(),
            _ => String::new(),
        };
        let source = source.strip_suffix('\n').unwrap_or(&source);
        if !ranges.is_empty() {
            text.push('\n');
        }
        let start = text_size(text.len());
        text.push_str(source);
        ranges.push(TextRange::new(start, text_size(text.len())));
        starts.push((u32::try_from(index + 1).unwrap_or(u32::MAX), line));
        line = line
            .saturating_add(u32::try_from(source.matches('\n').count() + 1).unwrap_or(u32::MAX));
    }
    text.push('\n');
    Ok(Some(NotebookSource {
        text,
        ranges,
        cells: CellIndex::new(starts),
    }))
}

fn text_size(length: usize) -> TextSize {
    TextSize::try_from(length).unwrap_or(TextSize::new(u32::MAX))
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOTEBOOK: &str = r##"{
 "cells": [
  {"cell_type": "markdown", "metadata": {}, "source": ["# Title"]},
  {"cell_type": "code", "metadata": {}, "source": ["import socket\n", "s = socket.socket()\n"]},
  {"cell_type": "code", "metadata": {}, "source": "s.bind(('0.0.0.0', 1))"}
 ],
 "metadata": {"language_info": {"name": "python"}},
 "nbformat": 4, "nbformat_minor": 5
}"##;

    #[test]
    fn code_cells_are_joined_and_lines_map_back_to_cells() {
        let notebook = extract(NOTEBOOK.as_bytes())
            .expect("valid")
            .expect("python");
        assert_eq!(
            notebook.text,
            "import socket\ns = socket.socket()\ns.bind(('0.0.0.0', 1))\n"
        );
        assert_eq!(notebook.ranges.len(), 2);
        assert_eq!(notebook.cells.locate(1), (Some(2), 1));
        assert_eq!(notebook.cells.locate(2), (Some(2), 2));
        assert_eq!(notebook.cells.locate(3), (Some(3), 1));
    }

    #[test]
    fn broken_json_is_an_error() {
        assert!(
            extract(b"{\"cells\": [")
                .unwrap_err()
                .contains("notebook JSON")
        );
    }

    #[test]
    fn non_python_notebooks_are_skipped() {
        let r = r#"{"cells": [], "metadata": {"kernelspec": {"language": "R"}}}"#;
        assert!(extract(r.as_bytes()).expect("valid").is_none());
    }
}
