//! `lc_methods`: the method tables of every surface as one static JSON string.

use std::ffi::{CString, c_char};
use std::sync::OnceLock;

/// The method tables of every API as JSON: `{"versions":[…],"default_version":"3.6",
/// "surfaces":[{"name":"agent"|"configuration","client","path","required_query","methods":[…]}],
/// "methods":[…]}` where the top-level `methods` are the Agent Chat API's and each method is
/// `{"name","action","versions","retry","replacement","note","result","items","multipart",
/// "http","doc","params":[{"name","kind","style","versions","required_in","path","choices"?,
/// "default"?,"renamed_to"?,"doc"}]}`. Every `name` of a surface is a valid `method` for
/// `lc_client_call` on a client of that surface (`"api"` in the config). The string is static:
/// never free it. NULL only if the library is broken.
#[unsafe(no_mangle)]
pub extern "C" fn lc_methods() -> *const c_char {
    crate::guard::value_guard(std::ptr::null(), || {
        static TABLE: OnceLock<Option<CString>> = OnceLock::new();
        TABLE
            .get_or_init(|| CString::new(livechat_core::surfaces::table_json()).ok())
            .as_ref()
            .map_or(std::ptr::null(), |c| c.as_ptr())
    })
}
