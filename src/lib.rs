//! certpreflight: check X.509 certificates, private keys and chains against the import
//! rules of AWS services before uploading them.
//!
//! The engine knows nothing of the browser or the terminal: give it bytes, a service, its
//! options and an evaluation instant; it returns a [`Report`] of typed [`Finding`]s.
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
pub mod app;
mod cert;
mod chain;
mod check;
mod decode;
mod finding;
mod fleet;
mod key;
mod pkcs12;
mod repair;
mod report;
pub mod services;
mod time_util;
pub mod verify;

pub use check::{check, inspect, Options, Request, MAX_INPUT_BYTES};
pub use decode::{classify, InputClass};
pub use finding::{sort_findings, Code, Finding, Severity, Subject};
#[cfg(not(target_arch = "wasm32"))]
pub use fleet::check_devices_parallel;
pub use fleet::{
    fleet, fleet_ca, split_certificates, DeviceInput, DeviceResult, FleetCa, FleetReport,
    FleetSummary,
};
pub use pkcs12::{open_pkcs12, with_opened_once, Password, Pkcs12Contents};
pub use repair::{repair, Repair, RepairedFile};
pub use report::{
    CertificateReport, ChainLink, ChainReport, Command, InspectReport, KeyDescription, KeyReport,
    Report, Role, Verdict,
};
pub use services::{ServiceId, ServiceInfo, SERVICES};
pub use time_util::{format_rfc3339, parse_rfc3339};
