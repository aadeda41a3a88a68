//! The drop zone: several files at once (or one bundle), sorted into certificate, key and
//! chain by what [`crate::classify`] says they hold. `#drop-files` is the same for the
//! keyboard: a multi-file picker.

use gloo::file::callbacks::FileReader;
use web_sys::{DragEvent, HtmlInputElement};
use yew::prelude::*;
use zeroize::Zeroizing;

use super::browser::{read_files, LoadedFile};
use crate::{classify, inspect, InputClass};

/// Where dropped files go. The reducer applies it: the certificate only fills an empty
/// field, the key replaces the key, chain pieces are appended to the chain.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Sorted {
    pub certificate: Option<String>,
    pub private_key: Option<Zeroizing<String>>,
    /// Texts to append to the chain field, in order.
    pub chain: Vec<String>,
    /// A PKCS#12 file (name and bytes): it takes the certificate field, and the page asks
    /// for its password. The last one dropped wins.
    pub pkcs12: Option<(String, Zeroizing<Vec<u8>>)>,
    /// What the user should know: a PKCS#12 file, a converted DER file, an unusable file.
    pub notes: Vec<String>,
}

/// Sorts files into the three fields. `certificate_filled`: the certificate field already
/// holds something, so certificates go to the chain.
///
/// One certificate goes to the certificate field (or the chain when that is taken); several
/// certificates in one file put the first in the certificate field when it is empty and the
/// rest in the chain; a key goes to the key field; a file with certificates and a key is
/// split; a PKCS#12 file is kept whole for the certificate field, to be opened with its
/// password. Among several files, the one holding the
/// leaf is placed first: a file with a key, then a file whose first certificate is not a CA.
pub fn sort_files(files: &[LoadedFile], certificate_filled: bool, at: i64) -> Sorted {
    let mut sorted = Sorted::default();
    let mut certificate_filled = certificate_filled;
    let mut ordered: Vec<(u8, &LoadedFile, InputClass)> = files
        .iter()
        .map(|f| {
            let class = if f.oversize {
                InputClass::Unknown
            } else {
                classify(&f.bytes)
            };
            let rank = match class {
                InputClass::CertificatesAndKey(_) => 0,
                InputClass::Certificate | InputClass::Certificates(_) => {
                    if files.len() > 1 && first_is_ca(&f.bytes, at) {
                        2
                    } else {
                        1
                    }
                }
                _ => 3,
            };
            (rank, f, class)
        })
        .collect();
    ordered.sort_by_key(|(rank, _, _)| *rank);

    for (_, file, class) in ordered {
        let name = &file.name;
        match class {
            InputClass::Pkcs12 => {
                sorted.notes.push(format!(
                    "{name} is a PKCS#12 (.pfx/.p12) file: give its password below to open it here, in this tab."
                ));
                sorted.pkcs12 = Some((name.clone(), Zeroizing::new(file.bytes.clone())));
            }
            InputClass::Unknown if file.oversize => sorted.notes.push(format!(
                "{name} is larger than {} bytes; it was not read.",
                crate::MAX_INPUT_BYTES
            )),
            InputClass::Unknown => sorted.notes.push(format!(
                "{name}: no certificate or private key found; nothing was filled in."
            )),
            InputClass::PrivateKey => {
                let Some(pieces) = pieces(file, at, &mut sorted.notes) else {
                    continue;
                };
                if sorted.private_key.is_some() {
                    sorted.notes.push(format!(
                        "{name}: another key was given too; the last one is used."
                    ));
                }
                sorted.private_key = Some(Zeroizing::new(pieces.keys.concat()));
            }
            InputClass::Certificate
            | InputClass::Certificates(_)
            | InputClass::CertificatesAndKey(_) => {
                let Some(pieces) = pieces(file, at, &mut sorted.notes) else {
                    continue;
                };
                let mut certs = pieces.certs.into_iter();
                if !certificate_filled {
                    sorted.certificate = certs.next();
                    certificate_filled = sorted.certificate.is_some();
                }
                let rest: String = certs.collect();
                if !rest.is_empty() {
                    sorted.chain.push(rest);
                }
                if !pieces.keys.is_empty() {
                    sorted.private_key = Some(Zeroizing::new(pieces.keys.concat()));
                }
            }
        }
    }
    sorted
}

/// How a field's own file picker takes a file: text as it is; a binary file (DER) as its
/// bytes, so the engine judges exactly the file the user would upload (AWS refuses DER where
/// it wants PEM, and the finding says how to convert); a PKCS#12 file likewise, to be
/// opened with its password.
#[derive(Debug, PartialEq, Eq)]
pub enum FieldLoad {
    Text(String),
    Binary(Zeroizing<Vec<u8>>),
    Refused(Vec<String>),
}

pub fn field_load(file: &LoadedFile, at: i64) -> FieldLoad {
    if file.oversize {
        return FieldLoad::Refused(sort_files(std::slice::from_ref(file), true, at).notes);
    }
    if let Ok(text) = std::str::from_utf8(&file.bytes) {
        if !text.contains('\0') {
            return FieldLoad::Text(text.to_string());
        }
    }
    FieldLoad::Binary(Zeroizing::new(file.bytes.clone()))
}

/// A file cut into certificate texts and key texts.
struct Pieces {
    certs: Vec<String>,
    keys: Vec<String>,
}

/// Text files are cut along their PEM blocks (keeping each block's bytes as given, so the
/// engine still sees CRLF or trailing spaces); binary files are re-encoded as PEM by the
/// engine's `inspect`.
fn pieces(file: &LoadedFile, at: i64, notes: &mut Vec<String>) -> Option<Pieces> {
    if let Ok(text) = std::str::from_utf8(&file.bytes) {
        // PKCS#7 blocks are unpacked by the engine below.
        let pkcs7 =
            text.contains("-----BEGIN PKCS7") || text.contains("-----BEGIN CERTIFICATE CHAIN");
        if text.contains("-----BEGIN ") && !pkcs7 {
            return Some(pem_pieces(text));
        }
        if !pkcs7 && !text.contains('\0') {
            // Base64 without BEGIN/END lines: left as it is, the engine reports it.
            return Some(Pieces {
                certs: vec![text.to_string()],
                keys: vec![],
            });
        }
    }
    let report = inspect(&file.bytes, at);
    let certs: Vec<String> = report.certificates.into_iter().map(|c| c.pem).collect();
    let keys: Vec<String> = report
        .keys
        .iter()
        .take(1)
        .map(|k| der_key_pem(&k.format, &file.bytes))
        .collect();
    if certs.is_empty() && keys.is_empty() {
        notes.push(format!(
            "{}: no certificate or private key found; nothing was filled in.",
            file.name
        ));
        return None;
    }
    notes.push(format!(
        "{} is not PEM text (DER or PKCS#7); it was converted to PEM, which is what AWS takes. Upload the PEM text, not the original file.",
        file.name
    ));
    Some(Pieces { certs, keys })
}

/// A DER private key wrapped in the PEM label that matches its format.
fn der_key_pem(format: &str, der: &[u8]) -> String {
    let label = if format.contains("encrypted") {
        "ENCRYPTED PRIVATE KEY"
    } else if format.starts_with("PKCS#1") {
        "RSA PRIVATE KEY"
    } else if format.starts_with("SEC1") {
        "EC PRIVATE KEY"
    } else {
        "PRIVATE KEY"
    };
    let block = pem::Pem::new(label, der.to_vec());
    let config = pem::EncodeConfig::new().set_line_ending(pem::LineEnding::LF);
    pem::encode_config(&block, config)
}

/// Splits PEM text into certificate blocks and key blocks (an `EC PARAMETERS` block travels
/// with the key after it). Text outside blocks is dropped.
fn pem_pieces(text: &str) -> Pieces {
    let mut pieces = Pieces {
        certs: vec![],
        keys: vec![],
    };
    let mut current: Option<(String, String)> = None;
    let mut ec_parameters = String::new();
    for line in text.split_inclusive('\n') {
        let bare = line.trim();
        match &mut current {
            None => {
                if let Some(label) = bare
                    .strip_prefix("-----BEGIN ")
                    .and_then(|l| l.strip_suffix("-----"))
                {
                    current = Some((label.to_string(), line.to_string()));
                }
            }
            Some((label, block)) => {
                block.push_str(line);
                if bare.starts_with("-----END ") {
                    let block = std::mem::take(block);
                    if label.contains("CERTIFICATE") && !label.contains("REQUEST") {
                        pieces.certs.push(ensure_newline(block));
                    } else if label == "EC PARAMETERS" {
                        ec_parameters = ensure_newline(block);
                    } else if label.contains("PRIVATE KEY") {
                        pieces
                            .keys
                            .push(std::mem::take(&mut ec_parameters) + &ensure_newline(block));
                    }
                    current = None;
                }
            }
        }
    }
    pieces
}

fn ensure_newline(mut block: String) -> String {
    if !block.ends_with('\n') {
        block.push('\n');
    }
    block
}

/// True when the file's first certificate is a CA (so it is not the leaf).
fn first_is_ca(bytes: &[u8], at: i64) -> bool {
    inspect(bytes, at)
        .certificates
        .first()
        .is_some_and(|c| c.is_ca == Some(true))
}

#[derive(Properties, PartialEq)]
pub struct Props {
    /// Called once per drop or pick, with every file read.
    pub on_files: Callback<Vec<LoadedFile>>,
    /// What the last drop left to say (PKCS#12, conversions).
    pub notes: Vec<String>,
}

#[function_component(DropZone)]
pub fn drop_zone(props: &Props) -> Html {
    let readers = use_mut_ref(Vec::<FileReader>::new);
    let active = use_state(|| false);

    let take = {
        let readers = readers.clone();
        let on_files = props.on_files.clone();
        move |list: Option<web_sys::FileList>| {
            if let Some(list) = list {
                *readers.borrow_mut() = read_files(&list, on_files.clone());
            }
        }
    };
    let ondrop = {
        let take = take.clone();
        let active = active.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            active.set(false);
            take(event.data_transfer().and_then(|d| d.files()));
        })
    };
    let ondragover = {
        let active = active.clone();
        Callback::from(move |event: DragEvent| {
            event.prevent_default();
            if !*active {
                active.set(true);
            }
        })
    };
    let ondragleave = {
        let active = active.clone();
        Callback::from(move |_: DragEvent| active.set(false))
    };
    let onchange = Callback::from(move |event: Event| {
        let input: HtmlInputElement = event.target_unchecked_into();
        take(input.files());
        // Picking the same files again must fire `change` again.
        input.set_value("");
    });

    html! {
        <div
            id="drop-zone"
            class={classes!("drop-zone", active.then_some("active"))}
            {ondrop}
            {ondragover}
            {ondragleave}
        >
            <p>
                { "Drop certificate, key and chain files here (several at once, or one bundle): they are sorted into the fields below. " }
                <input
                    type="file"
                    id="drop-files"
                    class="visually-hidden"
                    multiple=true
                    {onchange}
                />
                <label for="drop-files" class="file-button">{ "Choose files…" }</label>
            </p>
            <div id="drop-notes" aria-live="polite">
                { for props.notes.iter().map(|note| html! { <p class="note">{ note }</p> }) }
            </div>
        </div>
    }
}
