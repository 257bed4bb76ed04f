//! A Markdown table that leaves out what says nothing: a column whose every
//! cell is empty or "—" is dropped (the first column, which names the row,
//! always stays).

use std::fmt::Write as _;

/// How a column's cells line up.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Align {
    /// Text.
    Left,
    /// Numbers.
    Right,
    /// Yes/no marks.
    Center,
}

/// Rows under a header, written as GitHub-flavoured Markdown.
#[derive(Debug, Default)]
pub struct Table {
    header: Vec<(String, Align)>,
    rows: Vec<Vec<String>>,
}

/// Whether a cell says nothing.
fn blank(cell: &str) -> bool {
    let cell = cell.trim();
    cell.is_empty() || cell == "—"
}

impl Table {
    /// A table with these column headings.
    pub fn new(header: &[(&str, Align)]) -> Self {
        Self {
            header: header.iter().map(|(h, a)| ((*h).to_owned(), *a)).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; missing cells are blank, extra ones are ignored.
    pub fn row(&mut self, cells: Vec<String>) {
        self.rows.push(cells);
    }

    /// The columns worth writing: the first, and every one with a cell
    /// that says something.
    fn kept(&self) -> Vec<usize> {
        (0..self.header.len())
            .filter(|&c| {
                c == 0
                    || self
                        .rows
                        .iter()
                        .any(|r| r.get(c).is_some_and(|cell| !blank(cell)))
            })
            .collect()
    }

    /// Writes the table and a blank line after it; nothing without rows.
    pub fn write(&self, out: &mut String) {
        if self.rows.is_empty() {
            return;
        }
        let kept = self.kept();
        let line = |cells: Vec<&str>| {
            let cells: Vec<String> = cells.into_iter().map(cell).collect();
            format!("| {} |", cells.join(" | "))
        };
        let _ = writeln!(
            out,
            "{}",
            line(kept.iter().map(|&c| self.header[c].0.as_str()).collect())
        );
        let rule: Vec<&str> = kept
            .iter()
            .map(|&c| match self.header[c].1 {
                Align::Left => "---",
                Align::Right => "---:",
                Align::Center => ":---:",
            })
            .collect();
        let _ = writeln!(out, "|{}|", rule.join("|"));
        for row in &self.rows {
            let cells = kept
                .iter()
                .map(|&c| row.get(c).map_or("", |s| s.as_str()))
                .collect();
            let _ = writeln!(out, "{}", line(cells));
        }
        let _ = writeln!(out);
    }
}

/// One cell's text, safe in a row: control characters as spaces and every
/// `|` escaped once (a cell already escaped is left as it is).
fn cell(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut escaped = false;
    for c in text.chars() {
        if c == '|' && !escaped {
            out.push('\\');
        }
        escaped = c == '\\' && !escaped;
        out.push(if c.is_control() { ' ' } else { c });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drops_a_column_that_says_nothing_and_keeps_the_rest() {
        let mut t = Table::new(&[
            ("span", Align::Left),
            ("time", Align::Right),
            ("concurrent", Align::Center),
            ("lever", Align::Left),
        ]);
        t.row(vec!["db".into(), "610".into(), "".into(), "—".into()]);
        t.row(vec![
            "fraud".into(),
            "240".into(),
            "".into(),
            "cache".into(),
        ]);
        let mut out = String::new();
        t.write(&mut out);
        assert_eq!(
            out,
            "| span | time | lever |\n|---|---:|---|\n| db | 610 | — |\n| fraud | 240 | cache |\n\n"
        );
    }

    #[test]
    fn keeps_the_first_column_even_when_blank_and_writes_nothing_without_rows() {
        let mut t = Table::new(&[("name", Align::Left), ("x", Align::Right)]);
        let mut out = String::new();
        t.write(&mut out);
        assert_eq!(out, "");
        t.row(vec!["".into(), "1".into()]);
        t.write(&mut out);
        assert_eq!(out, "| name | x |\n|---|---:|\n|  | 1 |\n\n");
    }
}
