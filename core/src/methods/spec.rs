//! The shape of one method-table entry. The entries themselves live in `table.rs`; how arguments
//! become a request body lives in `body.rs`.

use crate::version::VersionSet;

/// Whether a failed attempt may be sent again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RetryClass {
    /// Read-only: retried after 500, `request_timeout`, read timeouts and broken connections too.
    Read,
    /// Changes state: retried only when the request certainly did not take effect (connection
    /// never established, or the API's own 429 `too_many_requests` JSON error). Never replayed
    /// after it may have reached the server: no 5xx, timeout or reset replays a write.
    Write,
}

impl RetryClass {
    /// `"read"` or `"write"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            RetryClass::Read => "read",
            RetryClass::Write => "write",
        }
    }
}

/// The JSON type an argument must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamKind {
    /// A JSON string.
    String,
    /// `true` or `false`.
    Bool,
    /// An integer.
    Int,
    /// A JSON object.
    Object,
    /// A JSON array.
    Array,
    /// Any JSON value.
    Any,
    /// A chat id string or an object (`resume_chat`).
    StringOrObject,
    /// File content: a path or bytes (`upload_file`); never part of a JSON body.
    File,
}

impl ParamKind {
    /// The name used in the exported table and in error messages.
    pub const fn as_str(self) -> &'static str {
        match self {
            ParamKind::String => "string",
            ParamKind::Bool => "bool",
            ParamKind::Int => "int",
            ParamKind::Object => "object",
            ParamKind::Array => "array",
            ParamKind::Any => "any",
            ParamKind::StringOrObject => "string|object",
            ParamKind::File => "file",
        }
    }
}

/// How a parameter appears in signatures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamStyle {
    /// A positional parameter of the seed's signature.
    Positional,
    /// A member of the seed's `opts` object: a keyword argument (Python), a setter (Rust).
    Option,
    /// A field a later API version added: keyword-only (Python), a setter (Rust).
    Keyword,
}

impl ParamStyle {
    /// `"positional"`, `"option"` or `"keyword"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            ParamStyle::Positional => "positional",
            ParamStyle::Option => "option",
            ParamStyle::Keyword => "keyword",
        }
    }
}

/// Where an argument goes in the request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// At this path of nested objects (usually one key, the parameter's name).
    Field(&'static [&'static str]),
    /// `resume_chat`'s seed rule: a string becomes `{"chat":{"id":…}}`; an object holding `chat`
    /// is the whole parameters object; any other object is the `chat` object.
    ChatRef,
    /// Not in the JSON body (upload parts).
    Multipart,
}

/// One parameter of a method.
#[derive(Debug, Clone, Copy)]
pub struct ParamSpec {
    /// Name (snake_case, as in the API).
    pub name: &'static str,
    /// JSON type.
    pub kind: ParamKind,
    /// Signature style.
    pub style: ParamStyle,
    /// Versions that accept it.
    pub versions: VersionSet,
    /// Versions where it must be given.
    pub required: VersionSet,
    /// Where it goes in the body.
    pub placement: Placement,
    /// The value sent when the caller gives none (JSON text), e.g. `"agent"`.
    pub default: Option<&'static str>,
    /// The parameter that replaces it in later versions.
    pub renamed_to: Option<&'static str>,
    /// The values the docs list for a string parameter (empty: any string). Typing hints for
    /// the bindings (`Literal[...]` in Python), not a check: the API may add values.
    pub choices: &'static [&'static str],
    /// One-line description.
    pub doc: &'static str,
}

const NONE: VersionSet = VersionSet::EMPTY;

impl ParamSpec {
    const fn new(
        name: &'static str,
        kind: ParamKind,
        style: ParamStyle,
        doc: &'static str,
    ) -> Self {
        ParamSpec {
            name,
            kind,
            style,
            versions: VersionSet::ALL,
            required: NONE,
            placement: Placement::Field(&[]),
            default: None,
            renamed_to: None,
            choices: &[],
            doc,
        }
    }

    /// A required positional parameter of the seed's signature.
    pub(crate) const fn pos(name: &'static str, kind: ParamKind, doc: &'static str) -> Self {
        let mut p = Self::new(name, kind, ParamStyle::Positional, doc);
        p.required = VersionSet::ALL;
        p
    }

    /// An optional positional parameter of the seed's signature.
    pub(crate) const fn pos_opt(name: &'static str, kind: ParamKind, doc: &'static str) -> Self {
        Self::new(name, kind, ParamStyle::Positional, doc)
    }

    /// A member of the seed's `opts` object.
    pub(crate) const fn opt(name: &'static str, kind: ParamKind, doc: &'static str) -> Self {
        Self::new(name, kind, ParamStyle::Option, doc)
    }

    /// A field added by a later version (keyword-only).
    pub(crate) const fn kw(name: &'static str, kind: ParamKind, doc: &'static str) -> Self {
        Self::new(name, kind, ParamStyle::Keyword, doc)
    }

    /// Accepted only in `versions`.
    pub(crate) const fn only(mut self, versions: VersionSet) -> Self {
        self.versions = versions;
        self.required = self.required.intersect(versions);
        self
    }

    /// Required (in the versions that accept it).
    pub(crate) const fn required(mut self) -> Self {
        self.required = self.versions;
        self
    }

    /// Placed at `path` instead of under its own name.
    pub(crate) const fn at(mut self, path: &'static [&'static str]) -> Self {
        self.placement = Placement::Field(path);
        self
    }

    /// Placed by a special rule.
    pub(crate) const fn placed(mut self, placement: Placement) -> Self {
        self.placement = placement;
        self
    }

    /// Sent with this JSON value when not given.
    pub(crate) const fn default_json(mut self, json: &'static str) -> Self {
        self.default = Some(json);
        self
    }

    /// Renamed to `to` in later versions.
    pub(crate) const fn renamed_to(mut self, to: &'static str) -> Self {
        self.renamed_to = Some(to);
        self
    }

    /// One of the listed string values (documented values; not enforced).
    pub(crate) const fn one_of(mut self, choices: &'static [&'static str]) -> Self {
        self.choices = choices;
        self
    }

    /// The versions that accept it within a method available in `method_versions`.
    pub fn versions_in(&self, method_versions: VersionSet) -> VersionSet {
        self.versions.intersect(method_versions)
    }

    /// Whether the parameter must be given on `version`.
    pub fn is_required(&self, version: crate::ApiVersion) -> bool {
        self.required.contains(version)
    }

    /// The body path: the declared one, or the parameter's own name.
    pub fn path(&self) -> Vec<&'static str> {
        match self.placement {
            Placement::Field([]) => vec![self.name],
            Placement::Field(path) => path.to_vec(),
            Placement::ChatRef => vec!["chat"],
            Placement::Multipart => vec![],
        }
    }
}

/// What a method returns, for documentation and generated stubs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ResultShape {
    /// An object of the named type.
    Object(&'static str),
    /// A top-level JSON array of the named item type.
    Array(&'static str),
    /// `{}`.
    Empty,
}

/// One method of the table.
#[derive(Debug, Clone, Copy)]
pub struct MethodSpec {
    /// Method name (snake_case) in every language.
    pub name: &'static str,
    /// The API action (path segment).
    pub action: &'static str,
    /// Parameters, in signature order (seed positional first).
    pub params: &'static [ParamSpec],
    /// Versions that have it.
    pub versions: VersionSet,
    /// Retry safety.
    pub retry: RetryClass,
    /// What to use instead where it is missing.
    pub replacement: Option<&'static str>,
    /// A caveat shown in docs (deprecations, seed/docs disagreements).
    pub note: Option<&'static str>,
    /// The response.
    pub result: ResultShape,
    /// For paginated list methods: the response fields holding the items (first match wins).
    pub items: &'static [&'static str],
    /// Sent as `multipart/form-data` instead of JSON.
    pub multipart: bool,
    /// Sent as an HTTP `GET` with the arguments as query parameters and no body (API 3.4's
    /// `get_license_id` and `get_organization_id`); every other method is a `POST` of JSON.
    pub http_get: bool,
    /// One-line description.
    pub doc: &'static str,
}

impl MethodSpec {
    pub(crate) const fn new(
        name: &'static str,
        versions: VersionSet,
        retry: RetryClass,
        result: ResultShape,
        doc: &'static str,
        params: &'static [ParamSpec],
    ) -> Self {
        MethodSpec {
            name,
            action: name,
            params,
            versions,
            retry,
            replacement: None,
            note: None,
            result,
            items: &[],
            multipart: false,
            http_get: false,
            doc,
        }
    }

    pub(crate) const fn replaced_by(mut self, replacement: &'static str) -> Self {
        self.replacement = Some(replacement);
        self
    }

    pub(crate) const fn note(mut self, note: &'static str) -> Self {
        self.note = Some(note);
        self
    }

    pub(crate) const fn paginated(mut self, items: &'static [&'static str]) -> Self {
        self.items = items;
        self
    }

    pub(crate) const fn multipart(mut self) -> Self {
        self.multipart = true;
        self
    }

    /// Sent as `GET` with a query string instead of a `POST` with a JSON body.
    pub(crate) const fn get(mut self) -> Self {
        self.http_get = true;
        self
    }

    /// `"GET"` or `"POST"`: the HTTP method the action is sent with.
    pub const fn http_method(&self) -> &'static str {
        if self.http_get { "GET" } else { "POST" }
    }

    /// Whether the method pages with `page_id`.
    pub fn is_paginated(&self) -> bool {
        !self.items.is_empty()
    }

    /// The parameter called `name`.
    pub fn param(&self, name: &str) -> Option<&'static ParamSpec> {
        self.params.iter().find(|p| p.name == name)
    }
}
