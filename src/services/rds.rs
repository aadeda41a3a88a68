//! Amazon RDS CA certificates: ModifyCertificates identifiers, trust bundles, thumbprints.
//! Sources: spec §5.

use super::shared as s;
use super::{command, shell_word};
use crate::algorithm::{Curve, PublicKey};
use crate::analysis::ChainSource;
use crate::cert::Cert;
use crate::field::{InputName, OptionName};
use crate::finding::{Code, Finding, Subject};
use crate::rule::{error, Ctx, Need, Needs, RootPolicy, Rule, ServiceInfo};
use crate::service_id::ServiceId;
use crate::time_util::format_rfc3339;
use crate::trust::{self, Builtin};
use std::collections::BTreeMap;

/// One RDS CA identifier and what its root looks like.
struct RdsCa {
    id: &'static str,
    /// The root's CN, with `{region}` for the Region.
    root_cn: &'static str,
    key: &'static str,
    /// When the CA expires (us-west-2 values; other Regions UNCONFIRMED), Unix seconds.
    valid_till: i64,
}

const RDS_CAS: &[RdsCa] = &[
    RdsCa {
        id: "rds-ca-2019",
        root_cn: "Amazon RDS Root 2019 CA",
        key: "RSA_2048",
        valid_till: 1_724_346_530,
    },
    RdsCa {
        id: "rds-ca-rsa2048-g1",
        root_cn: "Amazon RDS {region} Root CA RSA2048 G1",
        key: "RSA_2048",
        valid_till: 2_884_978_740,
    },
    RdsCa {
        id: "rds-ca-rsa4096-g1",
        root_cn: "Amazon RDS {region} Root CA RSA4096 G1",
        key: "RSA_4096",
        valid_till: 4_146_794_600,
    },
    RdsCa {
        id: "rds-ca-ecc384-g1",
        root_cn: "Amazon RDS {region} Root CA ECC384 G1",
        key: "EC_secp384r1",
        valid_till: 4_146_794_819,
    },
];

fn known(ctx: &Ctx<'_>) -> Option<&'static RdsCa> {
    let id = ctx.options().ca_identifier.as_deref()?;
    RDS_CAS.iter().find(|c| c.id.eq_ignore_ascii_case(id))
}

/// Does `cert` look like the root of `ca` (in `region`, or any Region)?
fn is_root_of(cert: &Cert, ca: &RdsCa, region: Option<&str>) -> bool {
    let Some(cn) = &cert.subject_cn else {
        return false;
    };
    if !cert.self_issued() {
        return false;
    }
    match ca.root_cn.split_once("{region}") {
        None => cn == ca.root_cn,
        Some((pre, post)) => match region {
            Some(r) => *cn == format!("{pre}{r}{post}"),
            None => cn.starts_with(pre) && cn.ends_with(post),
        },
    }
}

fn key_matches_identifier(cert: &Cert, ca: &RdsCa) -> bool {
    match (&cert.key, ca.key) {
        (
            PublicKey::Ec {
                curve: Curve::P384, ..
            },
            "EC_secp384r1",
        ) => true,
        (PublicKey::Rsa { .. }, k) => cert.key.aws_name().as_deref() == Some(k),
        _ => false,
    }
}

fn identifier(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(id) = &ctx.options().ca_identifier else {
        out.push(
            Finding::info(Code::NeedsInput, "Give the CA identifier (e.g. rds-ca-rsa2048-g1) to check it and find its root in the bundle.")
                .about(Subject::Options)
                .needs(InputName::Option(OptionName::CaIdentifier)),
        );
        return;
    };
    let Some(ca) = known(ctx) else {
        let ids: Vec<&str> = RDS_CAS.iter().map(|c| c.id).collect();
        out.push(
            Finding::error(
                Code::ParamInvalid,
                format!(
                    "CertificateIdentifier \"{id}\" is not an RDS CA; known: {}.",
                    ids.join(", ")
                ),
            )
            .aws("CertificateNotFound (the exact text is not documented)")
            .about(Subject::Options)
            .needs(InputName::Option(OptionName::CaIdentifier)),
        );
        return;
    };
    let region = ctx.options().region.as_deref();
    let builtin = region.and_then(|r| builtin_root(ca, r));
    let valid_till = builtin.map_or(ca.valid_till, |b| b.not_after);
    if ctx.at() > valid_till {
        out.push(
            Finding::error(Code::RdsCa, format!("{} expired on {}; instances still on it fail TLS verification.", ca.id, format_rfc3339(valid_till)))
                .fix("move to rds-ca-rsa2048-g1 (the default for new launches), rds-ca-rsa4096-g1 or rds-ca-ecc384-g1: aws rds modify-db-instance --ca-certificate-identifier rds-ca-rsa2048-g1")
                .about(Subject::Options),
        );
    }
    match region {
        Some(region) => out.push(root_in_region(ca, region, builtin)),
        None => out.push(
            Finding::info(
                Code::NeedsInput,
                format!("Give the Region to name {}'s root there (its Thumbprint and ValidTill differ by Region).", ca.id),
            )
            .about(Subject::Options)
            .needs(InputName::Option(OptionName::Region)),
        ),
    }
    if let Some(region) = &ctx.options().region {
        if crate::regions::aws_region(region).is_none() {
            let near = crate::regions::similar_regions(region);
            let hint = if near.is_empty() {
                String::new()
            } else {
                format!(" Did you mean {}?", near.join(", "))
            };
            out.push(
                Finding::warning(
                    Code::ParamInvalid,
                    format!(
                        "\"{region}\" is not an AWS Region ({}).{hint}",
                        crate::regions::regions_source()
                    ),
                )
                .about(Subject::Options)
                .needs(InputName::Option(OptionName::Region)),
            );
        }
    }
}

/// The built-in root of `ca` in `region` (rds-ca-2019: the Region's own root, else the
/// global one).
fn builtin_root(ca: &RdsCa, region: &str) -> Option<&'static Builtin> {
    let store = trust::builtin();
    store.rds_root(ca.id, region).or_else(|| {
        (ca.id == "rds-ca-2019")
            .then(|| store.rds_root(ca.id, ""))
            .flatten()
    })
}

/// Which root the identifier means in the Region, from the built-in set.
fn root_in_region(ca: &RdsCa, region: &str, builtin: Option<&Builtin>) -> Finding {
    let source = trust::builtin().rds_source();
    match builtin {
        Some(root) => Finding::info(
            Code::ServiceNote,
            format!(
                "In {region}, {} is the root \"{}\": Thumbprint {} (SHA-1 of the DER, as DescribeCertificates shows it), ValidTill {}. From the built-in RDS roots ({source}).",
                ca.id,
                root.label,
                root.sha1,
                format_rfc3339(root.not_after)
            ),
        ),
        None => Finding::info(
            Code::ServiceNote,
            format!(
                "The built-in RDS roots ({source}, certificates up to 2022-06) have no {} root for {region}: a Region opened since, or not a Region. Compare the bundle with aws rds describe-certificates --certificate-identifier {} in that Region.",
                ca.id, ca.id
            ),
        ),
    }
    .about(Subject::Options)
}

/// What the bundle holds of the built-in RDS roots: which identifiers and Regions it covers,
/// and whether it still holds only rds-ca-2019.
fn bundle_coverage(certs: &[Cert], out: &mut Vec<Finding>) {
    let store = trust::builtin();
    let mut covered: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    let mut unknown = 0;
    for c in certs.iter().filter(|c| c.self_issued()) {
        match store.rds_by_sha1(&c.sha1).and_then(|b| b.rds) {
            Some((id, region)) => covered.entry(id).or_default().push(region),
            None => unknown += 1,
        }
    }
    if covered.is_empty() {
        return;
    }
    let known = |id: &str| {
        store
            .rds_roots()
            .filter(|a| a.rds.is_some_and(|(i, _)| i == id))
            .count()
    };
    let parts: Vec<String> = covered
        .iter()
        .map(|(id, regions)| format!("{id}: {} of {}", regions.len(), known(id)))
        .collect();
    let mut message = format!(
        "The bundle holds these built-in RDS roots ({}): {}.",
        store.rds_source(),
        parts.join("; ")
    );
    let lacking: Vec<String> = store
        .rds_roots()
        .filter_map(|a| a.rds)
        .filter(|(id, region)| {
            covered.contains_key(id) && !covered[id].contains(region) && !region.is_empty()
        })
        .map(|(id, region)| format!("{id} in {region}"))
        .collect();
    if !lacking.is_empty() {
        let shown: Vec<&str> = lacking.iter().take(8).map(String::as_str).collect();
        let more = lacking.len() - shown.len();
        message.push_str(&format!(
            " It lacks {}{}.",
            shown.join(", "),
            if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            }
        ));
    }
    if unknown > 0 {
        message.push_str(&format!(" {unknown} other root(s) are not in the built-in set (Regions opened since 2022, or not RDS's)."));
    }
    out.push(Finding::info(Code::ServiceNote, message).about(Subject::Bundle));
    if covered.keys().all(|id| *id == "rds-ca-2019") {
        out.push(
            Finding::error(Code::RdsCa, "The bundle holds only rds-ca-2019 roots, which expired on 2024-08-22: clients that trust it cannot verify instances on rds-ca-rsa2048-g1 (the default for new instances) or the other G1 CAs.")
                .fix("replace it with the current bundle: https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem (or the Region's)")
                .about(Subject::Bundle),
        );
    }
}

fn bundle(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(input) = ctx.bundle() else { return };
    for p in &input.decoded.problems {
        out.push(
            Finding::error(
                Code::InputUnreadable,
                format!("In the trust bundle: {}.", p.why),
            )
            .about(Subject::Bundle),
        );
    }
    if let crate::decode::InputKind::Pkcs7Der = input.decoded.kind {
        out.push(
            Finding::info(
                Code::DecodeNote,
                "The trust bundle is PKCS#7 (.p7b); read as such.",
            )
            .about(Subject::Bundle),
        );
    }
    let certs = &input.decoded.certs;
    if certs.is_empty() {
        out.push(
            Finding::error(Code::RdsCa, "The trust bundle holds no certificate.")
                .about(Subject::Bundle),
        );
        return;
    }
    let region = ctx.options().region.as_deref();
    bundle_coverage(certs, out);
    if let Some(ca) = known(ctx) {
        identifier_roots(ctx, certs, ca, out);
    }
    if let Some(region) = region {
        let missing: Vec<&str> = RDS_CAS[1..]
            .iter()
            .filter(|ca| !certs.iter().any(|c| is_root_of(c, ca, Some(region))))
            .map(|ca| ca.id)
            .collect();
        if !missing.is_empty() {
            out.push(
                Finding::warning(Code::RdsCa, format!("The trust bundle lacks the {region} roots of {}; keep all three G1 roots so that moving between them does not break clients.", missing.join(", ")))
                    .fix("use the global bundle or the Region's bundle from truststore.pki.rds.amazonaws.com")
                    .about(Subject::Bundle),
            );
        }
    }
    for (i, c) in certs.iter().enumerate() {
        if ctx.at() > c.not_after {
            out.push(
                Finding::warning(
                    Code::ChainCertExpired,
                    format!(
                        "Bundle certificate {i} {} expired on {}.",
                        c.short_name(),
                        format_rfc3339(c.not_after)
                    ),
                )
                .about(Subject::Bundle)
                .at(i),
            );
        }
    }
}

/// The identifier's root in the bundle: there, with the identifier's key, valid, and its
/// Thumbprint.
fn identifier_roots(ctx: &Ctx<'_>, certs: &[Cert], ca: &RdsCa, out: &mut Vec<Finding>) {
    let region = ctx.options().region.as_deref();
    let roots: Vec<(usize, &Cert)> = certs
        .iter()
        .enumerate()
        .filter(|(_, c)| is_root_of(c, ca, region))
        .collect();
    if roots.is_empty() {
        let want = ca.root_cn.replace("{region}", region.unwrap_or("<region>"));
        out.push(
            Finding::error(Code::RdsCa, format!("The trust bundle has no root for {} (\"{want}\"); clients will fail to verify instances using it.", ca.id))
                .fix("download the current bundle: https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem (or the Region's bundle)")
                .about(Subject::Bundle),
        );
    }
    for (i, root) in roots {
        if !key_matches_identifier(root, ca) {
            out.push(
                Finding::error(
                    Code::RdsCa,
                    format!(
                        "Bundle certificate {i} ({}) has a {} key; {} uses {}.",
                        root.short_name(),
                        root.key.describe(),
                        ca.id,
                        ca.key
                    ),
                )
                .about(Subject::Bundle)
                .at(i),
            );
        }
        s::validity_of(ctx, root, "root", Subject::Bundle, out);
        out.push(
            Finding::info(
                Code::ServiceNote,
                format!("Bundle certificate {i} {} is the root for {}; its Thumbprint (SHA-1 of the DER, as DescribeCertificates shows it) is {}.", root.short_name(), ca.id, root.sha1),
            )
            .about(Subject::Bundle)
            .at(i),
        );
    }
}

fn certificate(ctx: &Ctx<'_>, out: &mut Vec<Finding>) {
    let Some(input) = ctx.certificate() else {
        return;
    };
    s::decode_findings(input, "certificate", out);
    let Some(leaf) = ctx.leaf() else { return };
    let mut f = format!(
        "The certificate {} has Thumbprint {} (SHA-1 of the DER).",
        leaf.short_name(),
        leaf.sha1
    );
    if let Some(ca) = known(ctx) {
        if is_root_of(leaf, ca, ctx.options().region.as_deref()) {
            f.push_str(&format!(" It is the root of {}.", ca.id));
        } else {
            f.push_str(&format!(" It is not the root of {}.", ca.id));
        }
    }
    out.push(Finding::info(Code::ServiceNote, f).about(Subject::Certificate));
    s::validity(ctx, out);
}

#[rustfmt::skip]
static RDS_RULES: &[Rule] = &[
    error("rds.identifier", Code::ParamInvalid, "CertificateIdentifier is a known RDS CA, not expired", "BC rds ModifyCertificates, CertificateNotFoundFault; RDS-UG UsingWithRDS.SSL; aws-cdk CaCertificate (rds-ca-2019 expired 2024-08)")
        .rule(&[], identifier),
    error("rds.bundle", Code::RdsCa, "the trust bundle holds the identifier's root, valid, with the right key", "RDS-UG UsingWithRDS.SSL @50e7617; spec §5.3")
        .rule(&[Needs::Bundle], bundle),
    error("rds.certificate", Code::ServiceNote, "a given CA certificate's Thumbprint and identity", "spec §5.1 (Thumbprint = SHA-1 of the DER)")
        .rule(&[], certificate),
];

pub(crate) const RDS: ServiceInfo = ServiceInfo {
    id: ServiceId::Rds,
    name: "Amazon RDS CA rotation (ModifyCertificates)",
    ready: "rotate to the CA",
    summary: "RDS CA identifiers and your clients' trust bundle: is the right root there, valid, and what is its Thumbprint.",
    certificate: Need::Optional,
    private_key: Need::NotUsed,
    chain: Need::NotUsed,
    options: &[OptionName::CaIdentifier, OptionName::Region, OptionName::Bundle],
    rule_sets: &[RDS_RULES],
    // Only with the identifier the user gave: without one there is nothing to run yet.
    commands: |ctx| {
        let o = ctx.options();
        let Some(id) = o.ca_identifier.as_deref().map(shell_word) else {
            return (None, vec![]);
        };
        let region = o.region.as_deref().map(|r| format!(" --region {}", shell_word(r))).unwrap_or_default();
        (
            Some(format!("aws rds modify-certificates --certificate-identifier {id}{region}")),
            vec![
                command("Compare Thumbprints with the bundle", format!("aws rds describe-certificates --certificate-identifier {id}{region}")),
                command("Move an instance to the CA", format!("aws rds modify-db-instance --db-instance-identifier DB --ca-certificate-identifier {id} --apply-immediately{region}")),
            ],
        )
    },
    describe_preview: None,
    chain_source: ChainSource::ChainField,
    expiry_warning_days: 180,
    root_in_chain: RootPolicy::Allowed,
    deprecated: None,
};
