//! Synthetic certificates for the bounds tests and the chain benchmarks (benches/check.rs
//! includes this file): deep chains whose signatures verify, many unrelated certificates, and
//! names of any length. DER is written by hand (a few TLVs); everything is signed with the
//! fixtures' intermediate key (tests/fixtures/keys/intermediate_rsa2048.pem), RSA PKCS#1 v1.5
//! with SHA-256, which is deterministic, so the same call gives the same bytes.
#![allow(dead_code)]

use rsa::pkcs1v15::SigningKey;
use rsa::pkcs8::DecodePrivateKey;
use rsa::signature::{SignatureEncoding, Signer};
use sha2::Sha256;

pub struct Synth {
    key: SigningKey<Sha256>,
    spki: Vec<u8>,
}

/// DER tag-length-value.
pub fn tlv(tag: u8, content: &[u8]) -> Vec<u8> {
    let len = content.len();
    let mut out = vec![tag];
    if len < 0x80 {
        out.push(len as u8);
    } else {
        let bytes: Vec<u8> = len
            .to_be_bytes()
            .into_iter()
            .skip_while(|b| *b == 0)
            .collect();
        out.push(0x80 | bytes.len() as u8);
        out.extend(bytes);
    }
    out.extend_from_slice(content);
    out
}

fn seq(parts: &[Vec<u8>]) -> Vec<u8> {
    tlv(0x30, &parts.concat())
}

const SHA256_WITH_RSA: &[u8] = &[
    0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B, 0x05, 0x00,
];

/// A Name of RDNs, each one attribute: (OID bytes, UTF8String value).
pub fn name(rdns: &[(&[u8], &str)]) -> Vec<u8> {
    seq(&rdns
        .iter()
        .map(|(oid, value)| tlv(0x31, &seq(&[tlv(0x06, oid), tlv(0x0C, value.as_bytes())])))
        .collect::<Vec<_>>())
}

pub const CN: &[u8] = &[0x55, 0x04, 0x03];
pub const O: &[u8] = &[0x55, 0x04, 0x0A];
pub const OU: &[u8] = &[0x55, 0x04, 0x0B];

pub fn cn(value: &str) -> Vec<u8> {
    name(&[(CN, value)])
}

impl Synth {
    pub fn new() -> Synth {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures");
        let pem_text = std::fs::read(format!("{dir}/keys/intermediate_rsa2048.pem")).unwrap();
        let der = pem::parse(pem_text).unwrap().into_contents();
        let key = rsa::RsaPrivateKey::from_pkcs8_der(&der).unwrap();
        // The intermediate's SubjectPublicKeyInfo, taken from its certificate.
        let cert_pem = std::fs::read(format!("{dir}/rsa2048_good/intermediate.pem")).unwrap();
        let cert_der = pem::parse(cert_pem).unwrap().into_contents();
        let (_, cert) = x509_parser::parse_x509_certificate(&cert_der).unwrap();
        Synth {
            key: SigningKey::<Sha256>::new(key),
            spki: cert.tbs_certificate.subject_pki.raw.to_vec(),
        }
    }

    fn tbs(&self, serial: u32, issuer: &[u8], subject: &[u8], ca: bool) -> Vec<u8> {
        let mut serial_bytes = vec![0x01];
        serial_bytes.extend(serial.to_be_bytes());
        // basicConstraints, critical: CA:TRUE, or an empty SEQUENCE (CA:FALSE).
        let bc_value = if ca {
            seq(&[tlv(0x01, &[0xFF])])
        } else {
            seq(&[])
        };
        let basic_constraints = seq(&[
            tlv(0x06, &[0x55, 0x1D, 0x13]),
            tlv(0x01, &[0xFF]),
            tlv(0x04, &bc_value),
        ]);
        seq(&[
            tlv(0xA0, &tlv(0x02, &[2])),
            tlv(0x02, &serial_bytes),
            SHA256_WITH_RSA.to_vec(),
            issuer.to_vec(),
            seq(&[tlv(0x17, b"250101000000Z"), tlv(0x17, b"350101000000Z")]),
            subject.to_vec(),
            self.spki.clone(),
            tlv(0xA3, &seq(&[basic_constraints])),
        ])
    }

    /// A certificate signed with the intermediate's key (so issued by any synthetic CA).
    pub fn cert(&self, serial: u32, issuer: &[u8], subject: &[u8], ca: bool) -> Vec<u8> {
        let tbs = self.tbs(serial, issuer, subject, ca);
        let signature = self.key.sign(&tbs).to_vec();
        let mut bits = vec![0];
        bits.extend(signature);
        seq(&[tbs, SHA256_WITH_RSA.to_vec(), tlv(0x03, &bits)])
    }

    /// A certificate whose signature is 256 zero bytes: cheap to make in thousands, and fine
    /// for certificates that nothing on the path should verify.
    pub fn unsigned_cert(&self, serial: u32, issuer: &[u8], subject: &[u8]) -> Vec<u8> {
        let tbs = self.tbs(serial, issuer, subject, true);
        seq(&[tbs, SHA256_WITH_RSA.to_vec(), tlv(0x03, &[0; 257])])
    }

    /// A leaf and a chain of `depth` CAs, in issuing order, the last one self-signed:
    /// leaf ← "Deep CA 0" ← "Deep CA 1" ← … ← "Deep CA depth-1" (root). As PEM.
    pub fn deep_chain(&self, depth: usize) -> (String, String) {
        let ca_name = |i: usize| cn(&format!("Deep CA {i}"));
        let leaf = self.cert(1, &ca_name(0), &cn("deep.example.com"), false);
        let mut chain = String::new();
        for i in 0..depth {
            let issuer = if i + 1 == depth {
                ca_name(i)
            } else {
                ca_name(i + 1)
            };
            chain.push_str(&pem_cert(&self.cert(
                100 + i as u32,
                &issuer,
                &ca_name(i),
                true,
            )));
        }
        (pem_cert(&leaf), chain)
    }

    /// `n` distinct CA certificates unrelated to anything (own names, invalid signatures).
    pub fn unrelated(&self, n: usize) -> String {
        (0..n)
            .map(|i| {
                let name = cn(&format!("Unrelated CA {i}"));
                pem_cert(&self.unsigned_cert(10_000 + i as u32, &name, &name))
            })
            .collect()
    }
}

/// PEM with LF line endings (`pem::encode` writes CRLF).
pub fn pem_cert(der: &[u8]) -> String {
    pem::encode_config(
        &pem::Pem::new("CERTIFICATE", der.to_vec()),
        pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF),
    )
}
