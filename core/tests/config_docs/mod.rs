//! Reads the official Configuration API pages (`../shared/reference/docs/configuration-api/
//! v3.x.mdx` beside the repository) at test time: each method's "Method URL" row, its HTTP
//! method, its request-parameters table and its request samples, plus the batch actions.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use serde_json::Value;

/// The versions the pages cover, oldest first.
pub const VERSIONS: [&str; 5] = ["3.3", "3.4", "3.5", "3.6", "3.7"];

/// `../shared/reference/docs` beside the repository. Missing is a failure, not a skip: CI has it.
pub fn docs_dir() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../shared/reference/docs");
    assert!(
        dir.join("configuration-api").is_dir(),
        "the official docs are missing: expected {} (the shared reference folder beside the \
         repository, ../shared/reference/docs); these tests check the Configuration API table \
         against them and cannot run without them",
        dir.join("configuration-api").display()
    );
    dir
}

/// The text of `configuration-api/v{version}.mdx`.
pub fn page(version: &str) -> String {
    let path = docs_dir().join(format!("configuration-api/v{version}.mdx"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
}

/// One row of a method's request-parameters table.
#[derive(Debug, Clone)]
pub struct DocParam {
    /// As written, without backticks and footnote marks: `id`, `groups[].id`, `filters.group_ids`.
    pub name: String,
    /// The data type cell, without backticks.
    pub ty: String,
    /// The Required cell says yes (`Yes`, or `Yes*` with a footnote).
    pub required: bool,
    /// The Required cell carries a footnote mark (`Yes*`: "exactly one of `ip` and
    /// `customer_id` is required").
    pub footnoted: bool,
    /// The Notes cell.
    pub notes: String,
}

impl DocParam {
    /// A top-level body field (not `a.b` or `a[].b`).
    pub fn is_top_level(&self) -> bool {
        !self.name.contains('.') && !self.name.contains('[') && !self.name.contains('<')
    }

    /// "Yes" qualified by "required only when/if …" in the notes (e.g. `owner_client_id` with a
    /// PAT) or by a footnote (`Yes*`, one of two): the API decides, so the table keeps it
    /// optional.
    pub fn conditionally_required(&self) -> bool {
        self.required && (self.footnoted || self.notes.to_lowercase().contains("required only"))
    }
}

/// One method as its page documents it.
#[derive(Debug, Clone)]
pub struct DocMethod {
    pub action: String,
    pub http_get: bool,
    pub params: Vec<DocParam>,
    /// 1-based line of the "Method URL" row.
    pub line: usize,
}

fn cells(line: &str) -> Vec<String> {
    line.trim()
        .trim_start_matches('|')
        .trim_end_matches('|')
        .split('|')
        .map(|c| c.trim().to_owned())
        .collect()
}

fn strip_sup(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("<sup>") {
        out.push_str(&rest[..i]);
        match rest[i..].find("</sup>") {
            Some(j) => rest = &rest[i + j + "</sup>".len()..],
            None => {
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out.replace('`', "").trim().to_owned()
}

/// The action named after `configuration/action/` in `text`, if any.
pub fn action_after(text: &str) -> Option<String> {
    let i = text.find("/configuration/action/")? + "/configuration/action/".len();
    let name: String = text[i..]
        .chars()
        .take_while(|c| c.is_ascii_lowercase() || *c == '_')
        .collect();
    (!name.is_empty()).then_some(name)
}

/// Every method with a "Method URL" row, in page order.
pub fn methods(version: &str) -> Vec<DocMethod> {
    let text = page(version);
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<DocMethod> = Vec::new();
    // Whether the current method's parameter table may still come (until the next heading).
    let mut open = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        // A new section (`#`, `##`, `###`) ends the method; `#### Request` is inside it.
        if line.starts_with('#') && !line.starts_with("####") {
            open = false;
        }
        if line.starts_with('|') {
            let row = cells(line);
            if row.first().map(String::as_str) == Some("Method URL") {
                let action = action_after(line)
                    .unwrap_or_else(|| panic!("v{version}.mdx:{}: no action in {line}", i + 1));
                let http_get = i > 0 && {
                    let prev = cells(lines[i - 1]);
                    prev.first().map(String::as_str) == Some("HTTP Method")
                        && prev.get(1).is_some_and(|c| c.contains("GET"))
                };
                out.push(DocMethod {
                    action,
                    http_get,
                    params: Vec::new(),
                    line: i + 1,
                });
                open = true;
            } else if open
                && matches!(
                    row.first().map(String::as_str),
                    Some("Parameter" | "Query string")
                )
            {
                open = false;
                let header = row;
                let col = |name: &str| header.iter().position(|h| h == name);
                let required_col = col("Required").expect("a Required column");
                let type_col = col("Data type").or_else(|| col("Type"));
                let notes_col = col("Notes");
                i += 2; // the header and the separator row
                while i < lines.len() && lines[i].starts_with('|') {
                    let row = cells(lines[i]);
                    let get =
                        |c: Option<usize>| c.and_then(|c| row.get(c)).cloned().unwrap_or_default();
                    let required = get(Some(required_col)).to_lowercase();
                    let method = out.last_mut().unwrap();
                    method.params.push(DocParam {
                        name: strip_sup(&row[0]),
                        ty: get(type_col).replace('`', ""),
                        required: required.starts_with("yes"),
                        footnoted: required.starts_with("yes") && required.contains('*'),
                        notes: get(notes_col),
                    });
                    i += 1;
                }
                continue;
            }
        }
        i += 1;
    }
    out
}

/// The batch actions the page names (its "Methods with batch support" tables and samples).
pub fn batch_actions(version: &str) -> Vec<String> {
    let mut out: Vec<String> = page(version)
        .lines()
        .filter_map(action_after)
        .filter(|a| a.starts_with("batch_"))
        .collect();
    out.sort();
    out.dedup();
    out
}

/// A `curl` request sample of the page.
#[derive(Debug, Clone)]
pub struct Sample {
    pub action: String,
    /// `GET` or `POST`.
    pub method: String,
    /// The query string of the sample's URL (after `?`), if any.
    pub query: Option<String>,
    /// The `-d '…'` text, if any.
    pub body: Option<String>,
}

impl Sample {
    /// The body as JSON, when it is valid JSON (a few samples hold comments or typos).
    pub fn json(&self) -> Option<Value> {
        serde_json::from_str(self.body.as_deref()?).ok()
    }
}

/// Every `curl -X …` sample of the page, in order.
pub fn samples(version: &str) -> Vec<Sample> {
    let text = page(version);
    let mut out = Vec::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find("curl -X ") {
        rest = &rest[i + "curl -X ".len()..];
        let end = rest.find("```").unwrap_or(rest.len());
        let block = &rest[..end];
        let method: String = block
            .chars()
            .take_while(|c| c.is_ascii_uppercase())
            .collect();
        let Some(url_at) = block.find("https://") else {
            continue;
        };
        let url: String = block[url_at..]
            .chars()
            .take_while(|c| !c.is_whitespace() && *c != '\\')
            .collect();
        let Some(action) = action_after(&url) else {
            continue;
        };
        let query = url.split_once('?').map(|(_, q)| q.to_owned());
        let body = block.find("-d '").map(|d| {
            let after = &block[d + 4..];
            let close = after.rfind('\'').unwrap_or(after.len());
            after[..close].to_owned()
        });
        out.push(Sample {
            action,
            method,
            query,
            body,
        });
    }
    out
}

/// The sample of `action` on `version`'s page (the first one).
pub fn sample(version: &str, action: &str) -> Sample {
    samples(version)
        .into_iter()
        .find(|s| s.action == action)
        .unwrap_or_else(|| panic!("no {action} sample in v{version}.mdx"))
}

/// A documented response sample: the `<CodeResponse>` that follows a `curl` sample in the same
/// `<Code>` block, written inline or named by `json="…"` and read from
/// `payloads/v{version}/configuration-api/` (its `index.js` maps names to files).
#[derive(Debug, Clone)]
pub struct ResponseSample {
    pub action: String,
    /// Where it was read: `v3.7.mdx:1169` or the payload file's path under `docs/`.
    pub origin: String,
    /// The sample's text, as published.
    pub text: String,
}

impl ResponseSample {
    /// The sample as JSON.
    pub fn json(&self) -> Result<Value, serde_json::Error> {
        serde_json::from_str(&self.text)
    }
}

/// `json="name"` → file, from `payloads/v{version}/configuration-api/index.js`.
fn payload_files(version: &str) -> Vec<(String, String)> {
    let dir = format!("payloads/v{version}/configuration-api");
    let index = docs_dir().join(&dir).join("index.js");
    let text = std::fs::read_to_string(&index)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", index.display()));
    text.lines()
        .filter_map(|line| {
            let name = line.split(" as ").nth(1)?.split_whitespace().next()?;
            let path = line.split('"').nth(1)?.trim_start_matches("./");
            Some((name.to_owned(), format!("{dir}/{path}")))
        })
        .collect()
}

/// Every response sample of the page, in order: the first `<CodeResponse>` after each `curl`
/// sample within its `<Code>` block (format illustrations, titled "Format of …", are not
/// samples). A method documented as "No response payload" has none.
pub fn response_samples(version: &str) -> Vec<ResponseSample> {
    let text = page(version);
    let files = payload_files(version);
    let starts: Vec<usize> = text.match_indices("curl -X ").map(|(i, _)| i).collect();
    let mut out = Vec::new();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(text.len());
        let mut block = &text[start..end];
        if let Some(close) = block.find("</Code>") {
            block = &block[..close];
        }
        let url_line = block.lines().take(3).collect::<Vec<_>>().join(" ");
        let Some(action) = action_after(&url_line) else {
            continue;
        };
        let mut rest = block;
        while let Some(at) = rest.find("<CodeResponse") {
            let tag_end = rest[at..].find('>').map_or(rest.len(), |e| at + e + 1);
            let tag = &rest[at..tag_end];
            let body = &rest[tag_end..];
            rest = body;
            if tag.contains("Format of") {
                continue;
            }
            if let Some(name) = tag
                .split("json=\"")
                .nth(1)
                .and_then(|s| s.split('"').next())
            {
                let file = files
                    .iter()
                    .find(|(n, _)| n == name)
                    .map(|(_, f)| f.clone())
                    .unwrap_or_else(|| {
                        panic!("v{version}.mdx: {action}: no payload {name} in index.js")
                    });
                let path = docs_dir().join(&file);
                let text = std::fs::read_to_string(&path)
                    .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
                out.push(ResponseSample {
                    action,
                    origin: file,
                    text,
                });
            } else {
                let open = body.find("```json\n").unwrap_or_else(|| {
                    panic!("v{version}.mdx: {action}: an inline response without ```json")
                });
                let json = &body[open + "```json\n".len()..];
                let close = json.find("```").unwrap_or(json.len());
                let line = text[..start].lines().count()
                    + block[..block.len() - body.len() + open].lines().count()
                    + 1;
                out.push(ResponseSample {
                    action,
                    origin: format!("v{version}.mdx:{line}"),
                    text: json[..close].to_owned(),
                });
            }
            break;
        }
    }
    out
}
