//! Service profiles: one module per AWS service, each an explicit, static list of rules,
//! every rule naming its source in `shared/spec/aws-requirements.md`.

/// The services the tool judges against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ServiceId {
    Acm,
    Cloudfront,
    Elb,
    ApiGateway,
    IamServer,
    IamSigning,
    Iot,
    IotCa,
    Transfer,
    Rds,
}

impl ServiceId {
    pub const ALL: [ServiceId; 10] = [
        ServiceId::Acm,
        ServiceId::Cloudfront,
        ServiceId::Elb,
        ServiceId::ApiGateway,
        ServiceId::IamServer,
        ServiceId::IamSigning,
        ServiceId::Iot,
        ServiceId::IotCa,
        ServiceId::Transfer,
        ServiceId::Rds,
    ];

    /// The stable id used on the command line and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            ServiceId::Acm => "acm",
            ServiceId::Cloudfront => "cloudfront",
            ServiceId::Elb => "elb",
            ServiceId::ApiGateway => "apigateway",
            ServiceId::IamServer => "iam-server",
            ServiceId::IamSigning => "iam-signing",
            ServiceId::Iot => "iot",
            ServiceId::IotCa => "iot-ca",
            ServiceId::Transfer => "transfer",
            ServiceId::Rds => "rds",
        }
    }

    pub fn from_id(id: &str) -> Option<ServiceId> {
        ServiceId::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn info(self) -> &'static ServiceInfo {
        // SERVICES is declared in ServiceId::ALL order; a test keeps it so.
        &SERVICES[self as usize]
    }
}

/// A service option (beyond certificate, key and chain).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionName {
    Usage,
    ActiveDate,
    InactiveDate,
    Description,
    NewStatus,
    UserName,
    CertificateId,
    Status,
    Name,
    Path,
    CaIdentifier,
    Region,
    Bundle,
}

impl OptionName {
    /// The command-line spelling, without the dashes.
    pub fn flag(self) -> &'static str {
        match self {
            OptionName::Usage => "usage",
            OptionName::ActiveDate => "active-date",
            OptionName::InactiveDate => "inactive-date",
            OptionName::Description => "description",
            OptionName::NewStatus => "new-status",
            OptionName::UserName => "user-name",
            OptionName::CertificateId => "certificate-id",
            OptionName::Status => "status",
            OptionName::Name => "name",
            OptionName::Path => "path",
            OptionName::CaIdentifier => "ca-identifier",
            OptionName::Region => "region",
            OptionName::Bundle => "bundle",
        }
    }
}

/// Which inputs a service takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Need {
    Required,
    Optional,
    NotUsed,
}

/// One service: what it is, what it takes, and its rules.
#[derive(Debug)]
pub struct ServiceInfo {
    pub id: ServiceId,
    /// e.g. "ACM ImportCertificate".
    pub name: &'static str,
    /// One line for the service picker.
    pub summary: &'static str,
    pub certificate: Need,
    pub private_key: Need,
    pub chain: Need,
    pub options: &'static [OptionName],
    /// Numbers and switches the shared rules read.
    pub profile: rules::Profile,
    /// Rule groups: a service may reuse another's group (CloudFront reuses ACM's import rules).
    pub rule_sets: &'static [&'static [crate::services::rules::Rule]],
    /// The import command (shown once nothing is an error) and further commands.
    pub(crate) commands:
        fn(&crate::check::Context<'_>) -> (Option<String>, Vec<crate::report::Command>),
    /// Whether the report previews ACM DescribeCertificate.
    pub describe_preview: bool,
}

impl ServiceInfo {
    pub fn takes(&self, option: OptionName) -> bool {
        self.options.contains(&option)
    }

    /// Every rule of the service, in order.
    pub fn rules(&self) -> impl Iterator<Item = &'static Rule> {
        self.rule_sets.iter().flat_map(|set| set.iter())
    }
}

pub(crate) mod rules;

pub(crate) mod acm;
mod apigateway;
mod cloudfront;
mod elb;
mod iam;
mod iot;
mod rds;
mod transfer;

pub use rules::Rule;

/// The file names the suggested commands use.
pub(crate) fn file_names(ctx: &crate::check::Context<'_>) -> (String, String, String) {
    let o = ctx.options;
    (
        o.certificate_file
            .clone()
            .unwrap_or_else(|| "cert.pem".into()),
        o.private_key_file
            .clone()
            .unwrap_or_else(|| "key.pem".into()),
        o.chain_file.clone().unwrap_or_else(|| "chain.pem".into()),
    )
}

/// A command for the report.
pub(crate) fn command(title: &str, command: String) -> crate::report::Command {
    crate::report::Command {
        title: title.to_string(),
        command,
    }
}

/// Every service, in [`ServiceId::ALL`] order.
pub static SERVICES: [ServiceInfo; 10] = [
    acm::ACM,
    cloudfront::CLOUDFRONT,
    elb::ELB,
    apigateway::APIGATEWAY,
    iam::IAM_SERVER,
    iam::IAM_SIGNING,
    iot::IOT,
    iot::IOT_CA,
    transfer::TRANSFER,
    rds::RDS,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::Code;

    #[test]
    fn services_are_in_id_order_and_unique() {
        for (i, s) in SERVICES.iter().enumerate() {
            assert_eq!(s.id, ServiceId::ALL[i], "SERVICES[{i}] is out of order");
            assert_eq!(ServiceId::from_id(s.id.id()), Some(s.id));
        }
    }

    #[test]
    fn every_rule_cites_a_source_and_summary() {
        for s in &SERVICES {
            assert!(s.rules().next().is_some(), "{} has no rules", s.id.id());
            for r in s.rules() {
                assert!(
                    !r.source.trim().is_empty(),
                    "{}: rule {} has no source",
                    s.id.id(),
                    r.code
                );
                assert!(
                    !r.summary.trim().is_empty(),
                    "{}: rule {} has no summary",
                    s.id.id(),
                    r.code
                );
                assert!(!r.summary.contains("TODO") && !r.source.contains("TODO"));
            }
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for c in Code::ALL {
            assert!(seen.insert(c.as_str()), "duplicate code {c}");
        }
    }
}
