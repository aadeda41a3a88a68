//! Service parameters checked against the API model: lengths, patterns, enums, with the
//! validation message AWS's SDKs and services answer.

use crate::field::{InputName, OptionName};
use crate::finding::{Code, Finding, Subject};

/// `\w` as AWS's (Java) patterns mean it: ASCII letters, digits and underscore.
pub(crate) fn word_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// `[\u0021-\u007E]`: printable ASCII without the space (IAM paths, Transfer descriptions).
pub(crate) fn printable_ascii(c: char) -> bool {
    ('\u{21}'..='\u{7E}').contains(&c)
}

/// A parameter's constraints in the API model: its length in characters, and a pattern that
/// each character must fit.
pub(crate) struct Pattern {
    /// The option that gives it.
    pub option: OptionName,
    /// The parameter's name in the API (`ServerCertificateName`).
    pub param: &'static str,
    pub min: usize,
    pub max: usize,
    pub allowed: fn(char) -> bool,
    /// The pattern as the model writes it.
    pub text: &'static str,
}

/// Checks a parameter's length (in characters) and that every character fits its pattern.
pub(crate) fn param_pattern(p: &Pattern, value: &str, out: &mut Vec<Finding>) -> bool {
    let Pattern {
        option,
        param,
        min,
        max,
        allowed,
        text: pattern,
    } = *p;
    let len = value.chars().count();
    if len < min || len > max {
        out.push(
            Finding::error(
                Code::ParamInvalid,
                format!("{param} is {len} characters; it must be {min} to {max}."),
            )
            .aws(format!("1 validation error detected: Value at '{}' failed to satisfy constraint: Member must have length between {min} and {max}", lower_first(param)))
            .about(Subject::Options)
            .needs(InputName::Option(option)),
        );
        return false;
    }
    if let Some(bad) = value.chars().find(|c| !allowed(*c)) {
        out.push(
            Finding::error(
                Code::ParamInvalid,
                format!("{param} \"{value}\" contains {bad:?}, which the pattern {pattern} does not allow."),
            )
            .aws(format!("1 validation error detected: Value at '{}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}", lower_first(param)))
            .about(Subject::Options)
            .needs(InputName::Option(option)),
        );
        return false;
    }
    true
}

fn lower_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_lowercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Checks a parameter against an enum; returns the canonical value when it is one.
pub(crate) fn param_enum<'v>(
    option: OptionName,
    param: &str,
    value: &str,
    allowed: &[&'v str],
    out: &mut Vec<Finding>,
) -> Option<&'v str> {
    if let Some(v) = allowed.iter().find(|a| **a == value) {
        return Some(v);
    }
    let hint = allowed
        .iter()
        .find(|a| a.eq_ignore_ascii_case(value))
        .map(|a| format!(" (the case matters: {a})"))
        .unwrap_or_default();
    out.push(
        Finding::error(
            Code::ParamInvalid,
            format!("{param} \"{value}\" is not one of {}{hint}.", allowed.join(", ")),
        )
        .aws(format!("1 validation error detected: Value '{value}' at '{}' failed to satisfy constraint: Member must satisfy enum value set: [{}]", lower_first(param), allowed.join(", ")))
        .about(Subject::Options)
        .needs(InputName::Option(option)),
    );
    None
}
