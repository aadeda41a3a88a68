//! The fixed RDS trust bundle: the given bundle with the Region's missing G1 roots added from
//! the built-in RDS roots, so that clients keep verifying whichever G1 CA an instance moves
//! to. The page's build carries the roots' names and Thumbprints but not the certificates,
//! so there the missing roots are named with where to download them.

use super::{Repair, RepairedFile};
use crate::input::Input;
use crate::trust;
use zeroize::Zeroizing;

/// The three CAs a bundle should hold for its Region (spec §5.3: keep all three).
const G1: [&str; 3] = ["rds-ca-rsa2048-g1", "rds-ca-rsa4096-g1", "rds-ca-ecc384-g1"];

pub(super) fn repair_bundle(result: &mut Repair, bundle: &Input<'_>, region: Option<&str>) {
    let Some(region) = region else {
        result
            .left_alone
            .push("the trust bundle was not completed: give the Region to name its roots".into());
        return;
    };
    let store = trust::builtin();
    let certs = &bundle.decoded.certs;
    let missing: Vec<&trust::Builtin> = G1
        .iter()
        .filter_map(|id| store.rds_root(id, region))
        .filter(|root| !certs.iter().any(|c| c.sha1 == root.sha1))
        .collect();
    let mut pem = String::new();
    certs.iter().for_each(|c| pem.push_str(&c.pem()));
    let mut added = Vec::new();
    for root in missing {
        match trust::rds_certificate(&root.sha1) {
            Some(der) => {
                pem.push_str(&crate::der_util::pem_armour("CERTIFICATE", der));
                added.push(format!(
                    "added the {region} root \"{}\" (Thumbprint {}) from the built-in RDS roots",
                    root.label, root.sha1
                ));
            }
            None => result.left_alone.push(format!(
                "the trust bundle lacks the {region} root \"{}\" (Thumbprint {}): download https://truststore.pki.rds.amazonaws.com/{region}/{region}-bundle.pem and add it",
                root.label, root.sha1
            )),
        }
    }
    if !added.is_empty() {
        result.files.push(RepairedFile {
            name: "bundle.pem",
            contents: Zeroizing::new(pem),
            what_changed: added,
        });
    }
}
