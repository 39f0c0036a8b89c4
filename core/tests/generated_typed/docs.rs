//! The doc comments of the generated code: version phrases, the per-method and per-argument
//! sentences, and wrapping to the line width. Only text; which items exist is `render.rs`'s.

use livechat::methods::{MethodSpec, ParamSpec};
use livechat::{ApiVersion, VersionSet};

/// rustfmt's line width; doc lines are wrapped to it so the output needs no comment wrapping.
const WIDTH: usize = 100;

/// `"every API version (3.3–3.7)"`, `"API 3.3 only"`, `"API 3.6+"`, `"API 3.3–3.5"`, or a list
/// when the set has holes (`"API 3.3, 3.5"`).
pub fn versions(set: VersionSet) -> String {
    let vs = set.versions();
    let index = |v: &ApiVersion| ApiVersion::ALL.iter().position(|a| a == v);
    let contiguous = vs
        .windows(2)
        .all(|w| index(&w[0]).map(|i| i + 1) == index(&w[1]));
    match vs.as_slice() {
        [] => "no API version".to_owned(),
        _ if set.is_all() => format!(
            "every API version ({}–{})",
            ApiVersion::ALL[0],
            ApiVersion::ALL[ApiVersion::ALL.len() - 1]
        ),
        [one] => format!("API {one} only"),
        [first, .., last] if contiguous && Some(last) == ApiVersion::ALL.last() => {
            format!("API {first}+")
        }
        [first, .., last] if contiguous => format!("API {first}–{last}"),
        _ => {
            let list: Vec<&str> = vs.iter().map(|v| v.as_str()).collect();
            format!("API {}", list.join(", "))
        }
    }
}

/// The paragraphs of a method's doc: what it does, where it exists, its caveat, how it pages.
pub fn method(m: &MethodSpec, pages: Option<&str>) -> Vec<String> {
    let mut paras = vec![m.doc.to_owned()];
    let mut availability = format!("Available in {}", versions(m.versions));
    if let Some(r) = m.replacement {
        availability.push_str(&format!("; elsewhere use `{r}`"));
    }
    availability.push('.');
    paras.push(availability);
    if let Some(note) = m.note {
        paras.push(note.to_owned());
    }
    if let Some(pages) = pages {
        paras.push(pages.to_owned());
    }
    paras
}

/// One argument in a method's argument list: its doc, then what differs from the method
/// (versions, where it is required, its default, its later name).
pub fn argument(m: &MethodSpec, p: &ParamSpec, setter: bool) -> String {
    let name = if setter {
        format!("`.{}(…)`", p.name)
    } else {
        format!("`{}`", p.name)
    };
    let mut facts = Vec::new();
    let accepted = p.versions_in(m.versions);
    if accepted != m.versions {
        facts.push(versions(accepted));
    }
    facts.extend(setter_facts(m, p));
    let mut line = format!("* {name}: {}", p.doc);
    if !facts.is_empty() {
        line.push_str(&format!(" ({})", facts.join("; ")));
    }
    line
}

/// The paragraphs of a setter's doc: the argument's doc and the API versions that accept it.
pub fn setter(m: &MethodSpec, p: &ParamSpec) -> Vec<String> {
    let mut accepted = format!("Accepted in {}", versions(p.versions_in(m.versions)));
    for fact in setter_facts(m, p) {
        accepted.push_str("; ");
        accepted.push_str(&fact);
    }
    accepted.push('.');
    vec![p.doc.to_owned(), accepted]
}

/// Where an optional argument is nonetheless required, what is sent without it, and what later
/// versions call it.
fn setter_facts(m: &MethodSpec, p: &ParamSpec) -> Vec<String> {
    let mut facts = Vec::new();
    let required = p.required.intersect(m.versions);
    if required == p.versions_in(m.versions) && required != m.versions {
        facts.push("required there".to_owned());
    } else if required != VersionSet::EMPTY && required != m.versions {
        facts.push(format!("required in {}", versions(required)));
    }
    if let Some(default) = p.default {
        facts.push(format!("sent as `{default}` when not set"));
    }
    if let Some(to) = p.renamed_to {
        facts.push(format!("later versions take `{to}`"));
    }
    facts
}

/// `paragraphs` as `///` lines at `indent`, wrapped to the line width, a bare `///` between
/// paragraphs; bullet items (`* `) continue two spaces in.
pub fn comment(paragraphs: &[String], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (i, para) in paragraphs.iter().enumerate() {
        if i > 0 {
            out.push_str(&format!("{pad}///\n"));
        }
        for line in para.lines() {
            let hang = if line.starts_with("* ") { "  " } else { "" };
            for (j, wrapped) in wrap(line, WIDTH - indent - 4, hang.len())
                .iter()
                .enumerate()
            {
                let lead = if j == 0 { "" } else { hang };
                if wrapped.is_empty() {
                    out.push_str(&format!("{pad}///\n"));
                } else {
                    out.push_str(&format!("{pad}/// {lead}{wrapped}\n"));
                }
            }
        }
    }
    out
}

/// `text` split at spaces into lines of at most `width` characters (`hang` fewer after the
/// first); a word longer than the width gets a line of its own.
fn wrap(text: &str, width: usize, hang: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        let limit = if lines.is_empty() {
            width
        } else {
            width - hang
        };
        let len = line.chars().count();
        if len > 0 && len + 1 + word.chars().count() > limit {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;
    use livechat::ApiVersion::*;

    #[test]
    fn version_phrases_name_ranges_open_ends_and_holes() {
        assert_eq!(versions(VersionSet::ALL), "every API version (3.3–3.7)");
        assert_eq!(versions(VersionSet::only(V3_3)), "API 3.3 only");
        assert_eq!(versions(VersionSet::since(V3_6)), "API 3.6+");
        assert_eq!(versions(VersionSet::range(V3_3, V3_5)), "API 3.3–3.5");
        let holes =
            VersionSet::from_bits(VersionSet::only(V3_3).bits() | VersionSet::only(V3_5).bits());
        assert_eq!(versions(holes), "API 3.3, 3.5");
    }

    #[test]
    fn setter_docs_say_where_an_argument_is_accepted_required_defaulted_and_renamed() {
        let table = livechat::surfaces::AGENT;
        let doc = |method: &str, param: &str| {
            let m = table.find(method).unwrap();
            setter(m, m.param(param).unwrap())[1].clone()
        };
        assert_eq!(
            doc("add_user_to_chat", "visibility"),
            "Accepted in API 3.4+; required there."
        );
        assert_eq!(
            doc("remove_user_from_chat", "user_type"),
            "Accepted in every API version (3.3–3.7); sent as `\"agent\"` when not set."
        );
        assert_eq!(
            doc("transfer_chat", "force"),
            "Accepted in API 3.3 only; later versions take `ignore_agents_availability`."
        );
    }

    #[test]
    fn long_lines_wrap_at_spaces_and_bullets_hang() {
        let text = format!("* `x`: {}", "word ".repeat(40));
        let out = comment(&[text], 4);
        let lines: Vec<&str> = out.lines().collect();
        assert!(lines.len() > 1, "{out}");
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{out}");
        assert!(lines[1].starts_with("    ///   word"), "{out}");
        assert_eq!(comment(&["a".into(), "b".into()], 0), "/// a\n///\n/// b\n");
    }
}
