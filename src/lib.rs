//! certpreflight: check X.509 certificates, private keys and chains against the import
//! rules of AWS services before uploading them.
//!
//! The engine knows nothing of the browser or the terminal: give it bytes, a target (or
//! several), its options and an evaluation instant; it returns a [`Report`] (or a
//! [`Matrix`]) of typed [`Finding`]s. Dependencies run one way, from the bottom up:
//!
//! 1. bounds and helpers: `limits`, `time_util`, `der_util`;
//! 2. names and the report contract: `field`, `service_id`, `finding`, `report`;
//! 3. facts about keys and signatures: `algorithm`, `verify`;
//! 4. decoded objects: `cert`, `key`, `decode`;
//! 5. facts about the inputs together: `chain`, `pkcs12`;
//! 6. the rules' input: `input` (the one resolver), `analysis` (made once per check), `rule`;
//! 7. the rules: `services/` (one file per target, shared checks in `services/shared/`);
//! 8. the pipeline and its products: `view`, `check`, `inspect`, `catalog`, `repair/`, `fleet`;
//! 9. the front ends: the CLI (`src/cli/`, native), the page's main thread (`src/app/`) and
//!    its worker (`src/worker/`), which talk in `protocol` messages (wasm32).
#![forbid(unsafe_code)]

mod algorithm;
mod analysis;
#[cfg(target_arch = "wasm32")]
pub mod app;
mod catalog;
mod cert;
mod chain;
mod check;
mod decode;
mod der_util;
mod field;
mod finding;
mod fleet;
mod input;
mod inspect;
mod key;
mod limits;
mod pkcs12;
pub mod protocol;
mod regions;
mod repair;
mod report;
mod rule;
mod service_id;
pub mod services;
mod sort;
mod time_util;
mod trust;
pub mod verify;
mod view;
#[cfg(target_arch = "wasm32")]
pub mod worker;

pub use catalog::{catalog, engine_rules, rule, CatalogEntry};
pub use check::{check, check_all};
pub use decode::{classify, InputClass};
pub use field::{InputName, OptionName};
pub use finding::{sort_findings, Code, Finding, RuleInfo, Severity, Subject};
#[cfg(not(target_arch = "wasm32"))]
pub use fleet::check_devices_parallel;
pub use fleet::{
    fleet, fleet_ca, split_certificates, DeviceInput, DeviceResult, FleetCa, FleetReport,
    FleetSummary,
};
pub use input::{Options, Request};
pub use inspect::{inspect, inspect_with};
pub use limits::MAX_INPUT_BYTES;
pub use pkcs12::{open_pkcs12, with_opened_once, Password, Pkcs12Contents};
pub use regions::{aws_region, aws_regions, regions_source, similar_regions, Region};
pub use repair::{repair, Repair, RepairedFile};
pub use report::{
    AnchorKind, AnchorReport, CertificateReport, ChainLink, ChainReport, Command, DescribePreview,
    InspectReport, KeyDescription, KeyReport, Matrix, Report, Role, TargetResult, Verdict,
};
pub use services::{matrix_targets, ServiceId, ServiceInfo, TargetMeta, SERVICES, TARGETS};
pub use sort::{fill_field, sort_files, FieldFill, FieldKind, GivenFile, Sorted};
pub use time_util::{format_rfc3339, parse_rfc3339};
pub use trust::{trust_anchors, AnchorSet, TrustAnchor, TrustAnchors};
