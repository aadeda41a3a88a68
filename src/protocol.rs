//! What the page's two threads say to each other. The main thread (the page, `app/`) holds
//! the form and renders; the worker (`worker/`) runs the engine. Each message is a JS object
//! made with serde: a `header` (these types) and, for inputs, `files` (a list of
//! `Uint8Array`s, moved rather than copied into JSON). Plain data only, so it is tested
//! natively too. The enums are serde's default, externally tagged (`{"checked": {...}}`):
//! an internally tagged enum buffers every message before reading it, which cost the page's
//! wasm tens of kilobytes.

use crate::field::{InputName, OptionName};
use crate::report::{Matrix, Report, Verdict};
use crate::service_id::ServiceId;
use crate::sort::{FieldFill, FieldKind, Sorted};
use serde::{Deserialize, Serialize};

/// The inputs of a check, in the order of the `files` that travel with it.
pub const INPUTS: [&str; 6] = [
    "certificate",
    "private_key",
    "chain",
    "bundle",
    "trust",
    "verification",
];

/// From the page to the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ToWorker {
    /// Judge the inputs (the `files`, in [`INPUTS`] order, `null` for one not given): every
    /// target of the matrix, and `service` in full.
    Check {
        seq: u32,
        service: ServiceId,
        at: i64,
        options: Vec<(OptionName, String)>,
        /// A PKCS#12 input's password, when given.
        password: Option<String>,
    },
    /// Sort dropped or picked files (`files`, named by `names`) into the fields.
    Sort {
        seq: u32,
        target: ServiceId,
        names: Vec<String>,
        certificate_filled: bool,
    },
    /// Read one file (the one `files` entry) for one field's own picker.
    Fill {
        seq: u32,
        field: String,
        kind: FieldKind,
        name: String,
    },
    /// A sample set: `broken` false for one that passes, true for one with common mistakes.
    Example { broken: bool },
}

/// One row of the page's matrix: what "Where this can go" shows of a target. The chosen
/// target's full report travels beside it; the other targets' findings stay in the worker
/// (a 150-certificate chain would otherwise be sent once per target).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatrixRow {
    pub service: String,
    pub verdict: Verdict,
    pub missing: Vec<InputName>,
    pub errors: usize,
    pub warnings: usize,
    pub first_error: Option<String>,
}

impl MatrixRow {
    /// The rows of a matrix, in its order.
    pub fn rows(matrix: &Matrix) -> Vec<MatrixRow> {
        matrix
            .targets
            .iter()
            .map(|t| MatrixRow {
                service: t.service.clone(),
                verdict: t.verdict,
                missing: t.missing.clone(),
                errors: t.errors.len(),
                warnings: t.warnings.len(),
                first_error: t.first_error.clone(),
            })
            .collect()
    }
}

/// One fixed file the page offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FixedFile {
    pub name: String,
    pub contents: String,
    pub what_changed: Vec<String>,
}

/// What the engine could fix mechanically, for the page's "fixed files".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fixes {
    pub files: Vec<FixedFile>,
    pub left_alone: Vec<String>,
}

/// A sample set the page fills in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Example {
    pub certificate: String,
    pub private_key: String,
    pub chain: String,
    /// The instant the sample is judged at (inside its validity), RFC 3339.
    pub at: String,
    pub what: String,
}

/// From the worker to the page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FromWorker {
    /// Loaded and listening.
    Ready,
    /// The answer to `Check { seq }`: the matrix's rows (when `service` is one of its
    /// targets), the chosen target's full report, and the fixed files for it.
    Checked {
        seq: u32,
        matrix: Option<Vec<MatrixRow>>,
        report: Box<Report>,
        fixes: Fixes,
    },
    Sorted {
        seq: u32,
        sorted: Sorted,
    },
    Filled {
        seq: u32,
        field: String,
        fill: FieldFill,
    },
    Example {
        example: Example,
    },
    /// The worker hit a bug; the page says so.
    Crashed {
        message: String,
    },
}
