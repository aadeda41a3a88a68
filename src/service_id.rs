//! The ids of the AWS targets the tool judges. Only the names live here, at the bottom of the
//! engine; each service's rules and facts live in its own file under `services/`.

/// An AWS target: a service, or a way of using one (a listener type, an endpoint type).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ServiceId {
    Acm,
    Cloudfront,
    Alb,
    Nlb,
    Clb,
    ApiGatewayEdge,
    ApiGatewayRegional,
    IamServer,
    IamSigning,
    Iot,
    IotCa,
    Transfer,
    Rds,
    /// Deprecated: one blurred Elastic Load Balancing target; `alb`, `nlb`, `clb` replace it.
    Elb,
    /// Deprecated: both API Gateway endpoint types at once; `apigateway-edge` and
    /// `apigateway-regional` replace it.
    ApiGateway,
}

impl ServiceId {
    /// Every target, in the order `certpreflight services` lists them (deprecated last).
    pub const ALL: [ServiceId; 15] = [
        ServiceId::Acm,
        ServiceId::Cloudfront,
        ServiceId::Alb,
        ServiceId::Nlb,
        ServiceId::Clb,
        ServiceId::ApiGatewayEdge,
        ServiceId::ApiGatewayRegional,
        ServiceId::IamServer,
        ServiceId::IamSigning,
        ServiceId::Iot,
        ServiceId::IotCa,
        ServiceId::Transfer,
        ServiceId::Rds,
        ServiceId::Elb,
        ServiceId::ApiGateway,
    ];

    /// The stable id used on the command line and in JSON.
    pub fn id(self) -> &'static str {
        match self {
            ServiceId::Acm => "acm",
            ServiceId::Cloudfront => "cloudfront",
            ServiceId::Alb => "alb",
            ServiceId::Nlb => "nlb",
            ServiceId::Clb => "clb",
            ServiceId::ApiGatewayEdge => "apigateway-edge",
            ServiceId::ApiGatewayRegional => "apigateway-regional",
            ServiceId::IamServer => "iam-server",
            ServiceId::IamSigning => "iam-signing",
            ServiceId::Iot => "iot",
            ServiceId::IotCa => "iot-ca",
            ServiceId::Transfer => "transfer",
            ServiceId::Rds => "rds",
            ServiceId::Elb => "elb",
            ServiceId::ApiGateway => "apigateway",
        }
    }

    pub fn from_id(id: &str) -> Option<ServiceId> {
        ServiceId::ALL.into_iter().find(|s| s.id() == id)
    }
}

impl serde::Serialize for ServiceId {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.id())
    }
}

impl<'de> serde::Deserialize<'de> for ServiceId {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = std::borrow::Cow::<'de, str>::deserialize(d)?;
        ServiceId::from_id(&text)
            .ok_or_else(|| serde::de::Error::custom(format!("unknown target {text:?}")))
    }
}
