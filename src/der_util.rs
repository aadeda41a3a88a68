//! DER and PEM helpers at the bottom of the engine: reading one SEQUENCE with the `der`
//! crate's reader, and writing PEM armour without leaving copies of secret bytes behind.

use der::asn1::AnyRef;
use der::{Reader, SliceReader, Tag, Tagged};
use zeroize::Zeroizing;

/// Decodes `input` as exactly one DER SEQUENCE whose contents `f` reads to the end.
pub(crate) fn sequence<'a, T>(
    input: &'a [u8],
    f: impl FnOnce(&mut SliceReader<'a>) -> der::Result<T>,
) -> der::Result<T> {
    let mut outer = SliceReader::new(input)?;
    let seq: AnyRef<'a> = outer.decode()?;
    outer.finish(())?;
    seq.tag().assert_eq(Tag::Sequence)?;
    let mut inner = SliceReader::new(seq.value())?;
    let value = f(&mut inner)?;
    inner.finish(value)
}

/// PEM armour for DER bytes, built in one buffer of exact size so no partial copy of a
/// secret is left behind by a reallocation.
pub(crate) fn pem_armour(label: &str, der: &[u8]) -> Zeroizing<String> {
    use base64::Engine as _;
    let b64_len = der.len().div_ceil(3) * 4;
    let mut b64 = Zeroizing::new(String::with_capacity(b64_len));
    base64::engine::general_purpose::STANDARD.encode_string(der, &mut b64);
    let capacity = 2 * (label.len() + 17) + b64_len + b64_len / 64 + 1;
    let mut out = Zeroizing::new(String::with_capacity(capacity));
    out.push_str("-----BEGIN ");
    out.push_str(label);
    out.push_str("-----\n");
    let mut rest: &str = &b64;
    while !rest.is_empty() {
        let (line, tail) = rest.split_at(rest.len().min(64));
        out.push_str(line);
        out.push('\n');
        rest = tail;
    }
    out.push_str("-----END ");
    out.push_str(label);
    out.push_str("-----\n");
    out
}

/// One DER element, read leniently: a single-byte tag, a definite length (short form, or
/// long form of up to four bytes), the contents. Any tag is accepted, universal types the
/// `der` crate does not know included (an old certificate's GeneralString name).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tlv<'a> {
    pub tag: u8,
    /// The contents.
    pub value: &'a [u8],
    /// The whole element: tag, length and contents.
    pub raw: &'a [u8],
}

impl<'a> Tlv<'a> {
    /// Reads the first element of `input`; returns it and what follows.
    pub fn read(input: &'a [u8]) -> Result<(Tlv<'a>, &'a [u8]), &'static str> {
        let (&tag, rest) = input.split_first().ok_or("truncated: no tag")?;
        if tag & 0x1f == 0x1f {
            return Err("a multi-byte tag");
        }
        let (&first, rest) = rest.split_first().ok_or("truncated: no length")?;
        let (len, rest) = match first {
            n if n < 0x80 => (usize::from(n), rest),
            0x80 => return Err("an indefinite length (BER, not DER)"),
            n => {
                let bytes = usize::from(n & 0x7f);
                if bytes > 4 || rest.len() < bytes {
                    return Err("a length that does not fit");
                }
                let len = rest[..bytes]
                    .iter()
                    .fold(0usize, |acc, b| (acc << 8) | usize::from(*b));
                (len, &rest[bytes..])
            }
        };
        if rest.len() < len {
            return Err("truncated: the contents are shorter than their length");
        }
        let header = input.len() - rest.len();
        let value = &rest[..len];
        let raw = &input[..header + len];
        Ok((Tlv { tag, value, raw }, &rest[len..]))
    }

    /// The one element `input` holds, nothing after it.
    pub fn exact(input: &'a [u8]) -> Result<Tlv<'a>, &'static str> {
        match Tlv::read(input)? {
            (tlv, []) => Ok(tlv),
            _ => Err("bytes follow the element"),
        }
    }

    /// The elements inside a constructed element (a SEQUENCE or SET).
    pub fn children(&self) -> Children<'a> {
        Children(self.value)
    }

    /// The contents as an OBJECT IDENTIFIER, in dotted form.
    pub fn oid_text(&self) -> String {
        der::asn1::ObjectIdentifier::from_bytes(self.value)
            .map(|o| o.to_string())
            .unwrap_or_else(|_| format!("invalid OID {}", hex::encode(self.value)))
    }
}

/// Iterates the elements of a constructed element; stops at the first malformed one.
pub(crate) struct Children<'a>(&'a [u8]);

impl<'a> Iterator for Children<'a> {
    type Item = Result<Tlv<'a>, &'static str>;
    fn next(&mut self) -> Option<Self::Item> {
        if self.0.is_empty() {
            return None;
        }
        match Tlv::read(self.0) {
            Ok((tlv, rest)) => {
                self.0 = rest;
                Some(Ok(tlv))
            }
            Err(e) => {
                self.0 = &[];
                Some(Err(e))
            }
        }
    }
}

/// DER tags by number, as [`Tlv::tag`] holds them.
pub(crate) mod tag {
    pub const BOOLEAN: u8 = 0x01;
    pub const INTEGER: u8 = 0x02;
    pub const BIT_STRING: u8 = 0x03;
    pub const OCTET_STRING: u8 = 0x04;
    pub const OID: u8 = 0x06;
    pub const UTF8_STRING: u8 = 0x0c;
    pub const SEQUENCE: u8 = 0x30;
    pub const UTC_TIME: u8 = 0x17;
    pub const GENERALIZED_TIME: u8 = 0x18;
    pub const BMP_STRING: u8 = 0x1e;
    /// `[n]`, constructed.
    pub const fn explicit(n: u8) -> u8 {
        0xa0 | n
    }
    /// `[n]`, primitive.
    pub const fn implicit(n: u8) -> u8 {
        0x80 | n
    }
}
