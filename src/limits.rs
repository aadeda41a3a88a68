//! The tool's own bounds. They sit at the bottom of the engine so that every layer above
//! (decoding, PKCS#12, the pipeline, fleet mode) refuses input by the same numbers.

/// Inputs larger than this are refused before parsing. AWS's largest field is the 2 MiB
/// certificate chain (ACM, IAM, Transfer); 4 MiB leaves room for a bundle with text around it.
pub const MAX_INPUT_BYTES: usize = 4 * 1024 * 1024;
