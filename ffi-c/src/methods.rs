//! The method table as JSON, straight from the core (the one source of method names, parameters
//! and versions).

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

/// The Agent Chat API's method table as JSON: `{"versions":[…],"default_version":"3.6",
/// "api":"agent","methods":[{"name",
/// "action","versions","retry","replacement","note","result","items","multipart","doc",
/// "params":[{"name","kind","style","versions","required_in","path","default"?,"renamed_to"?,
/// "doc"}]}]}`. Every `name` is a valid `method` for `lc_agent_web_call`. The string is static:
/// never free it. NULL only if the library is broken.
#[unsafe(no_mangle)]
pub extern "C" fn lc_agent_web_methods() -> *const c_char {
    crate::guard::value_guard(std::ptr::null(), || {
        static TABLE: OnceLock<Option<CString>> = OnceLock::new();
        TABLE
            .get_or_init(|| {
                CString::new(livechat_core::surfaces::surface_table_json(
                    livechat_core::surfaces::AGENT,
                ))
                .ok()
            })
            .as_ref()
            .map_or(std::ptr::null(), |c| c.as_ptr())
    })
}
