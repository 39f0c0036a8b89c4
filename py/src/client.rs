//! `NativeClient`: the core client behind the Python `livechat_client.AgentWeb` and
//! `livechat_client.Configuration`. The config's `"api"` picks the surface; every call goes through that
//! surface's method table by name and completes through the loop's `Bridge`.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use bytes::Bytes;
use livechat::{
    AgentWeb, CallOptions, Client, ClientConfig, Configuration, Error, SurfaceClient, UploadSource,
};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyFloat, PyString};

use crate::bridge::{Bridge, LoopTokenProvider};
use crate::convert::{Path, to_json, to_json_map};
use crate::errors::to_py;
use crate::pager::NativePager;

/// The native half of `livechat_client.AgentWeb` and `livechat_client.Configuration`.
#[pyclass(frozen, module = "livechat_client._native")]
pub struct NativeClient {
    /// The generic client of the surface the config named.
    agent: Client,
    /// The surface's name (`"agent"`, `"configuration"`).
    api: &'static str,
    /// Names this client's getter in token requests (0: no getter).
    getter_key: u64,
}

/// The key of the next client built with a getter.
static NEXT_GETTER_KEY: AtomicU64 = AtomicU64::new(1);

/// The per-call options of a Python call: seconds as numbers, `None` for the client's value.
/// Checked here, before anything starts; errors name the option.
fn options(
    timeout: Option<&Bound<'_, PyAny>>,
    attempt_timeout: Option<&Bound<'_, PyAny>>,
    max_retries: Option<&Bound<'_, PyAny>>,
) -> PyResult<CallOptions> {
    let mut o = CallOptions::new();
    if let Some(t) = number_of_seconds("timeout", timeout)? {
        o = o.timeout(seconds("timeout", t)?);
    }
    if let Some(t) = number_of_seconds("attempt_timeout", attempt_timeout)? {
        o = o.attempt_timeout(seconds("attempt_timeout", t)?);
    }
    if let Some(n) = max_retries.filter(|v| !v.is_none()) {
        let n = retries(n).ok_or_else(|| {
            to_py(invalid_argument(format!(
                "max_retries must be an integer from 0 to 10, got {}",
                describe(n)
            )))
        })?;
        o = o.max_retries(n);
    }
    o.validate().map_err(to_py)?;
    Ok(o)
}

/// An option in seconds: any real number (int, float, `Decimal`, `Fraction`…) but a bool or a
/// string, which are mistakes rather than numbers.
fn number_of_seconds(what: &str, value: Option<&Bound<'_, PyAny>>) -> PyResult<Option<f64>> {
    let Some(v) = value.filter(|v| !v.is_none()) else {
        return Ok(None);
    };
    let number = if v.is_instance_of::<PyBool>() || v.is_instance_of::<PyString>() {
        None
    } else {
        v.extract::<f64>().ok()
    };
    number.map(Some).ok_or_else(|| {
        to_py(invalid_argument(format!(
            "{what} must be a number of seconds, got {}",
            describe(v)
        )))
    })
}

/// A retry count: an int (or an `__index__` object), 0–10; the core checks the upper bound.
fn retries(v: &Bound<'_, PyAny>) -> Option<u32> {
    if v.is_instance_of::<PyBool>() || v.is_instance_of::<PyFloat>() {
        return None;
    }
    v.extract::<i64>().ok().and_then(|n| u32::try_from(n).ok())
}

/// A value for an error message: its repr when short (numbers), else only its type (a string
/// could be a secret).
fn describe(v: &Bound<'_, PyAny>) -> String {
    let type_name = v
        .get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "object".to_owned());
    if v.is_instance_of::<PyString>() || v.is_instance_of::<PyBytes>() {
        return format!("a {type_name}");
    }
    match v.repr().and_then(|r| r.extract::<String>()) {
        Ok(r) if r.len() <= 40 => format!("{r} ({type_name})"),
        _ => format!("a {type_name}"),
    }
}

/// An `InvalidArgumentError`.
fn invalid_argument(message: String) -> Error {
    Error::new(livechat::ErrorKind::InvalidArgument, message)
}

/// A positive, finite number of seconds.
fn seconds(what: &str, s: f64) -> PyResult<Duration> {
    Duration::try_from_secs_f64(s)
        .ok()
        .filter(|d| !d.is_zero())
        .ok_or_else(|| {
            to_py(invalid_argument(format!(
                "{what} must be a positive number of seconds, got {s}"
            )))
        })
}

/// `upload_file`'s `filename`: a str (valid UTF-8) or `None`.
fn upload_filename(filename: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(f) = filename.filter(|f| !f.is_none()) else {
        return Ok(None);
    };
    let Ok(s) = f.cast::<PyString>() else {
        return Err(to_py(invalid_argument(format!(
            "upload_file: `filename` must be a str, got {}",
            describe(f)
        ))));
    };
    s.to_str().map(|s| Some(s.to_owned())).map_err(|_| {
        to_py(invalid_argument(
            "upload_file: `filename` is not valid UTF-8 (it holds a lone surrogate)".to_owned(),
        ))
    })
}

/// Builds a `C` from `config`; a non-zero `getter_key` asks tokens from the loop running each
/// call.
fn build_as<C: SurfaceClient>(config: ClientConfig, getter_key: u64) -> PyResult<C> {
    let client_id = config.client_id.clone();
    let has_ua = config.user_agent.is_some();
    let mut builder = config.into_builder::<C>().map_err(to_py)?;
    if getter_key != 0 {
        builder = builder.token_provider(LoopTokenProvider { key: getter_key });
    }
    if !has_ua {
        builder = builder.user_agent(livechat::default_user_agent("livechat-python", &client_id));
    }
    builder.build().map_err(to_py)
}

#[pymethods]
impl NativeClient {
    /// Builds a client from the JSON config of `livechat::ClientConfig`; with
    /// `token_getter=True` tokens are asked from the loop running each call.
    #[new]
    #[pyo3(signature = (config_json, token_getter = false))]
    fn new(config_json: &str, token_getter: bool) -> PyResult<Self> {
        let config = ClientConfig::from_json(config_json).map_err(to_py)?;
        let surface =
            livechat::surfaces::by_name(config.api.as_deref().unwrap_or("agent")).map_err(to_py)?;
        let getter_key = if token_getter {
            NEXT_GETTER_KEY.fetch_add(1, Ordering::Relaxed)
        } else {
            0
        };
        let agent = if surface.name == Configuration::SURFACE.name {
            build_as::<Configuration>(config, getter_key)?
                .client()
                .clone()
        } else {
            build_as::<AgentWeb>(config, getter_key)?.client().clone()
        };
        Ok(NativeClient {
            agent,
            api: surface.name,
            getter_key,
        })
    }

    /// The API this client speaks (`"agent"`, `"configuration"`).
    #[getter]
    fn api(&self) -> &'static str {
        self.api
    }

    /// The key token requests of this client's getter carry (0 without a getter).
    #[getter]
    fn getter_key(&self) -> u64 {
        self.getter_key
    }

    #[getter]
    fn api_url(&self) -> &str {
        self.agent.api_url()
    }

    #[getter]
    fn client_id(&self) -> &str {
        self.agent.client_id()
    }

    #[getter]
    fn version(&self) -> &'static str {
        self.agent.version().as_str()
    }

    #[getter]
    fn region(&self) -> Option<String> {
        self.agent.region()
    }

    /// `(header, value)` of the first `Legacy`/`Deprecation` header seen, if any.
    fn lifecycle_notice(&self) -> Option<(String, String)> {
        self.agent
            .lifecycle_notice()
            .map(|n| (n.header.clone(), n.value.clone()))
    }

    /// Starts `method` with `args` (a dict); `fut` is resolved through `bridge`. Returns the
    /// call id. `timeout` bounds the whole call, `attempt_timeout` each attempt (seconds);
    /// `None` keeps the client's value.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (bridge, fut, method, args, timeout = None, attempt_timeout = None, max_retries = None))]
    fn call(
        &self,
        bridge: &Bound<'_, Bridge>,
        fut: Py<PyAny>,
        method: String,
        args: &Bound<'_, PyAny>,
        timeout: Option<&Bound<'_, PyAny>>,
        attempt_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u64> {
        let opts = options(timeout, attempt_timeout, max_retries)?;
        let args = to_json_map(args, &method)?;
        let agent = self.agent.clone();
        bridge.get().submit(
            fut,
            Box::pin(async move { agent.call_method_bytes(&method, args, opts).await }),
        )
    }

    /// Starts a raw `send(action, body)`, with the options of `call`.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (bridge, fut, action, body, timeout = None, attempt_timeout = None, max_retries = None))]
    fn send(
        &self,
        bridge: &Bound<'_, Bridge>,
        fut: Py<PyAny>,
        action: String,
        body: &Bound<'_, PyAny>,
        timeout: Option<&Bound<'_, PyAny>>,
        attempt_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u64> {
        let opts = options(timeout, attempt_timeout, max_retries)?;
        let body = to_json(body, 0, &Path::Root("body")).map_err(|b| b.into_py(&action, ""))?;
        let agent = self.agent.clone();
        bridge.get().submit(
            fut,
            Box::pin(async move { agent.send_bytes(&action, body, opts).await }),
        )
    }

    /// Starts an upload of `data` (bytes, or a path as str) named `filename`, with the options
    /// of `call`.
    #[allow(clippy::too_many_arguments)]
    #[pyo3(signature = (bridge, fut, data, filename = None, timeout = None, attempt_timeout = None, max_retries = None))]
    fn upload(
        &self,
        bridge: &Bound<'_, Bridge>,
        fut: Py<PyAny>,
        data: &Bound<'_, PyAny>,
        filename: Option<&Bound<'_, PyAny>>,
        timeout: Option<&Bound<'_, PyAny>>,
        attempt_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<u64> {
        let opts = options(timeout, attempt_timeout, max_retries)?;
        let filename = upload_filename(filename)?;
        let source = if let Ok(b) = data.cast::<PyBytes>() {
            UploadSource::Bytes(Bytes::copy_from_slice(b.as_bytes()))
        } else if let Ok(path) = data.extract::<String>() {
            UploadSource::Path(path.into())
        } else {
            return Err(to_py(Error::new(
                livechat::ErrorKind::InvalidArgument,
                "upload_file: `file` must be bytes or a path",
            )));
        };
        let agent = self.agent.clone();
        bridge.get().submit(
            fut,
            Box::pin(async move { agent.upload_bytes(source, filename, opts).await }),
        )
    }

    /// A pager over `method` (a paginated method of this client's API) starting with `args`
    /// (a dict); each page's call takes the options of `call`.
    #[pyo3(signature = (method, args, timeout = None, attempt_timeout = None, max_retries = None))]
    fn pager(
        &self,
        method: &str,
        args: &Bound<'_, PyAny>,
        timeout: Option<&Bound<'_, PyAny>>,
        attempt_timeout: Option<&Bound<'_, PyAny>>,
        max_retries: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<NativePager> {
        let opts = options(timeout, attempt_timeout, max_retries)?;
        let args = to_json_map(args, method)?;
        Ok(NativePager::new(livechat::Pager::new(
            &self.agent,
            method,
            args,
            opts,
        )))
    }

    /// A client of `api` (`"agent"`, `"configuration"`) sharing this one's connection pool,
    /// connection budget, token source, region and options. It keeps this client's getter key,
    /// so token requests of either client reach the same Python getter.
    fn sharing(&self, api: &str) -> PyResult<NativeClient> {
        let surface = livechat::surfaces::by_name(api).map_err(to_py)?;
        let agent = self.agent.for_surface(surface).map_err(to_py)?;
        Ok(NativeClient {
            agent,
            api: surface.name,
            getter_key: self.getter_key,
        })
    }

    /// Closes the client: calls in flight fail with `ClosedError`, later calls too.
    fn close(&self) {
        self.agent.close();
    }

    /// Whether `close` was called.
    #[getter]
    fn closed(&self) -> bool {
        self.agent.is_closed()
    }
}
