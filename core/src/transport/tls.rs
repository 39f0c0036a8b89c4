//! The TLS settings of the pool this crate builds: the same choices as reqwest 0.13's
//! default-tls (rustls with aws-lc-rs, TLS 1.2 and 1.3, the platform's verifier), so moving off
//! reqwest's pool changes which certificates are trusted in no way.

use std::sync::Arc;

use rustls::ClientConfig;
use rustls::crypto::CryptoProvider;
use rustls::pki_types::CertificateDer;
use rustls::pki_types::pem::PemObject;

use crate::error::{Error, ErrorKind, Result};

/// A rustls client config trusting the platform's roots plus the PEM certificates in `extra`.
pub(crate) fn client_config(extra: &[Vec<u8>]) -> Result<ClientConfig> {
    // A provider the application installed wins, as in reqwest.
    let provider = CryptoProvider::get_default()
        .cloned()
        .unwrap_or_else(|| Arc::new(rustls::crypto::aws_lc_rs::default_provider()));
    let builder = ClientConfig::builder_with_provider(Arc::clone(&provider))
        .with_protocol_versions(rustls::ALL_VERSIONS)
        .map_err(|e| internal("the TLS versions are not supported", e))?;
    let roots = extra_roots(extra)?;
    let verifier = if roots.is_empty() {
        rustls_platform_verifier::Verifier::new(provider)
    } else {
        rustls_platform_verifier::Verifier::new_with_extra_roots(roots, provider)
    }
    .map_err(|e| internal("cannot set up certificate verification", e))?;
    Ok(builder
        .dangerous()
        .with_custom_certificate_verifier(Arc::new(verifier))
        .with_no_client_auth())
}

/// Every certificate of the PEM bundles in `pems`.
fn extra_roots(pems: &[Vec<u8>]) -> Result<Vec<CertificateDer<'static>>> {
    let mut roots = Vec::new();
    for pem in pems {
        let before = roots.len();
        for cert in CertificateDer::pem_slice_iter(pem) {
            roots.push(cert.map_err(|e| {
                Error::invalid_argument(format!("the CA certificate is not valid PEM: {e}"))
            })?);
        }
        if roots.len() == before {
            return Err(Error::invalid_argument(
                "the CA certificate PEM holds no certificate",
            ));
        }
    }
    Ok(roots)
}

fn internal(what: &str, e: rustls::Error) -> Error {
    Error::new(ErrorKind::Internal, what.to_owned()).with_source(e)
}
