//! The method-table machinery every surface shares: the shape of a table entry (`spec.rs`) and
//! the argument → body rules (`body.rs`). The tables themselves live in their surface's folder
//! (`surfaces/<surface>/table.rs`); lookup by name and version is `Surface::resolve`.

mod body;
mod spec;

pub use body::build_body;
pub use body::next_page_args;
pub use body::{build_query, query_pairs};
pub use spec::{MethodSpec, ParamKind, ParamSpec, ParamStyle, Placement, ResultShape, RetryClass};
