//! HTTPS: a generated CA + server certificate (rcgen), or PEM files, served with rustls
//! (aws-lc-rs provider, ALPN h2 and http/1.1).

use crate::config::Tls;
use rcgen::{
    BasicConstraints, CertificateParams, CertifiedIssuer, DnType, ExtendedKeyUsagePurpose, IsCa,
    KeyPair, KeyUsagePurpose,
};
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::rustls::crypto::aws_lc_rs;
use tokio_rustls::rustls::pki_types::pem::PemObject;
use tokio_rustls::rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};

/// A ready TLS acceptor and, for generated certificates, the CA to trust.
pub(crate) struct TlsSetup {
    pub(crate) acceptor: TlsAcceptor,
    /// The generated CA's PEM file (removed at shutdown).
    pub(crate) ca_file: Option<PathBuf>,
    pub(crate) ca_pem: Option<String>,
}

/// Prepares TLS as configured (`None` for plain HTTP).
/// `http2: false` offers only http/1.1 by ALPN.
pub(crate) fn setup(tls: &Tls, http2: bool) -> io::Result<Option<TlsSetup>> {
    match tls {
        Tls::Off => Ok(None),
        Tls::SelfSigned => self_signed(http2).map(Some),
        Tls::Files { cert, key } => from_files(cert, key, http2).map(Some),
    }
}

fn self_signed(http2: bool) -> io::Result<TlsSetup> {
    let err = |e: rcgen::Error| io::Error::other(format!("certificate generation: {e}"));
    let mut ca_params = CertificateParams::new(Vec::<String>::new()).map_err(err)?;
    ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
    ca_params
        .distinguished_name
        .push(DnType::CommonName, "livechat-emulator local CA");
    ca_params.key_usages = vec![
        KeyUsagePurpose::KeyCertSign,
        KeyUsagePurpose::CrlSign,
        KeyUsagePurpose::DigitalSignature,
    ];
    let ca =
        CertifiedIssuer::self_signed(ca_params, KeyPair::generate().map_err(err)?).map_err(err)?;

    let mut leaf_params =
        CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .map_err(err)?;
    leaf_params
        .distinguished_name
        .push(DnType::CommonName, "livechat-emulator");
    // Strict verifiers (OpenSSL's X509_STRICT, webpki) want these on a CA-issued leaf.
    leaf_params.use_authority_key_identifier_extension = true;
    leaf_params.key_usages = vec![KeyUsagePurpose::DigitalSignature];
    leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
    let leaf_key = KeyPair::generate().map_err(err)?;
    let leaf = leaf_params.signed_by(&leaf_key, &ca).map_err(err)?;

    let ca_pem = ca.pem();
    let dir = std::env::temp_dir().join(format!(
        "livechat-emulator-{}-{}",
        std::process::id(),
        &crate::ids::hex32()[..8]
    ));
    std::fs::create_dir_all(&dir)?;
    let ca_file = dir.join("ca.pem");
    std::fs::write(&ca_file, &ca_pem)?;

    let chain = vec![leaf.der().clone(), ca.der().clone()];
    let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(leaf_key.serialize_der()));
    Ok(TlsSetup {
        acceptor: acceptor(chain, key, http2)?,
        ca_file: Some(ca_file),
        ca_pem: Some(ca_pem),
    })
}

fn from_files(cert: &Path, key: &Path, http2: bool) -> io::Result<TlsSetup> {
    let invalid = |what: &Path, e: &dyn std::fmt::Display| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("{}: {e}", what.display()),
        )
    };
    let cert_pem = std::fs::read(cert)?;
    let chain = CertificateDer::pem_slice_iter(&cert_pem)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| invalid(cert, &e))?;
    if chain.is_empty() {
        return Err(invalid(cert, &"no certificate found"));
    }
    let key_pem = std::fs::read(key)?;
    let key = PrivateKeyDer::from_pem_slice(&key_pem).map_err(|e| invalid(key, &e))?;
    Ok(TlsSetup {
        acceptor: acceptor(chain, key, http2)?,
        ca_file: None,
        ca_pem: None,
    })
}

fn acceptor(
    chain: Vec<CertificateDer<'static>>,
    key: PrivateKeyDer<'static>,
    http2: bool,
) -> io::Result<TlsAcceptor> {
    // An explicit provider: other crates in the build may enable ring too.
    let mut config = ServerConfig::builder_with_provider(Arc::new(aws_lc_rs::default_provider()))
        .with_safe_default_protocol_versions()
        .map_err(io::Error::other)?
        .with_no_client_auth()
        .with_single_cert(chain, key)
        .map_err(|e| io::Error::new(io::ErrorKind::InvalidData, e))?;
    config.alpn_protocols = if http2 {
        vec![b"h2".to_vec(), b"http/1.1".to_vec()]
    } else {
        vec![b"http/1.1".to_vec()]
    };
    Ok(TlsAcceptor::from(Arc::new(config)))
}
