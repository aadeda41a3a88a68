//! The facts every rule reads, made once per check whatever the number of targets judged:
//! the resolved inputs, the leaf's path through the chain (each signature verified once) and
//! whether the key belongs to the certificate. It names no service; a target only says where
//! its chain comes from ([`ChainSource`]).

use crate::cert::Cert;
use crate::chain::{self, ChainAnalysis, Node, PathEnd};
use crate::input::{Input, Inputs, Options};
use crate::key::PrivKey;
use std::cell::OnceCell;

/// Where a target takes the chain from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChainSource {
    /// The chain field only.
    ChainField,
    /// The chain field, or else the certificates after the first in the certificate field
    /// (Transfer Family takes "certificate plus chain" in one field).
    ChainFieldOrCertificateTail,
}

/// The analysed inputs of one check.
pub(crate) struct Analysis<'a> {
    pub at: i64,
    pub options: &'a Options,
    pub inputs: &'a Inputs<'a>,
    /// Chain certificates parsed once for many checks (fleet mode's CA), used instead of a
    /// chain input.
    shared_chain: Option<&'a [Cert]>,
    field_chain: OnceCell<Option<ChainAnalysis>>,
    tail_chain: OnceCell<Option<ChainAnalysis>>,
    field_end: OnceCell<Option<PathEnd>>,
    tail_end: OnceCell<Option<PathEnd>>,
    key_match: OnceCell<Option<bool>>,
}

impl<'a> Analysis<'a> {
    pub fn new(inputs: &'a Inputs<'a>, at: i64, options: &'a Options) -> Analysis<'a> {
        Analysis {
            at,
            options,
            inputs,
            shared_chain: None,
            field_chain: OnceCell::new(),
            tail_chain: OnceCell::new(),
            field_end: OnceCell::new(),
            tail_end: OnceCell::new(),
            key_match: OnceCell::new(),
        }
    }

    /// Takes the chain from certificates parsed once elsewhere (fleet mode's CA).
    pub fn with_shared_chain(mut self, chain: &'a [Cert]) -> Analysis<'a> {
        self.shared_chain = Some(chain);
        self
    }

    /// Supplies the chain analysis computed elsewhere (fleet mode's fast path).
    pub fn with_chain_analysis(self, analysis: ChainAnalysis) -> Analysis<'a> {
        let _ = self.field_chain.set(Some(analysis));
        self
    }

    pub fn certificate(&self) -> Option<&Input<'a>> {
        self.inputs.certificate.as_ref()
    }
    pub fn private_key(&self) -> Option<&Input<'a>> {
        self.inputs.private_key.as_ref()
    }
    pub fn chain_input(&self) -> Option<&Input<'a>> {
        self.inputs.chain.as_ref()
    }
    pub fn bundle(&self) -> Option<&Input<'a>> {
        self.inputs.bundle.as_ref()
    }
    pub fn verification(&self) -> Option<&Input<'a>> {
        self.inputs.verification.as_ref()
    }

    pub fn leaf(&self) -> Option<&Cert> {
        self.certificate()?.decoded.certs.first()
    }
    pub fn key(&self) -> Option<&PrivKey> {
        self.private_key()?.decoded.keys.first()
    }

    /// The certificates after the leaf in the certificate field (a fullchain there).
    pub fn certificate_tail(&self) -> Option<&[Cert]> {
        let certs = &self.certificate()?.decoded.certs;
        (certs.len() > 1).then(|| &certs[1..])
    }

    /// The chain as `source` takes it: the shared chain, the chain field, or (for a target
    /// that allows it, with no chain field) the certificate field's tail.
    pub fn chain_certs(&self, source: ChainSource) -> Option<&[Cert]> {
        if let Some(shared) = self.shared_chain {
            return Some(shared);
        }
        match (self.chain_input(), source) {
            (Some(chain), _) => Some(&chain.decoded.certs),
            (None, ChainSource::ChainFieldOrCertificateTail) => self.certificate_tail(),
            (None, ChainSource::ChainField) => None,
        }
    }

    /// True when `source` reads the chain from the certificate field's tail.
    pub fn chain_from_tail(&self, source: ChainSource) -> bool {
        self.shared_chain.is_none()
            && self.chain_input().is_none()
            && source == ChainSource::ChainFieldOrCertificateTail
            && self.certificate_tail().is_some()
    }

    /// The leaf's path through the chain `source` takes; None without a leaf or a chain.
    /// Built once per source, so every target that reads the same chain shares it.
    pub fn chain_analysis(&self, source: ChainSource) -> Option<&ChainAnalysis> {
        let cell = if self.chain_from_tail(source) {
            &self.tail_chain
        } else {
            &self.field_chain
        };
        cell.get_or_init(|| Some(chain::analyse(self.leaf()?, self.chain_certs(source)?)))
            .as_ref()
    }

    /// The user's trusted roots (none when not given).
    pub fn trusted(&self) -> &[Cert] {
        self.inputs
            .trust
            .as_ref()
            .map_or(&[], |t| t.decoded.certs.as_slice())
    }

    /// Where the leaf's path through the chain `source` takes (or the leaf alone, without a
    /// chain) ends: at a trusted root, built in or given, or at none known. None without a
    /// leaf. Found once per source.
    pub fn path_end(&self, source: ChainSource) -> Option<&PathEnd> {
        let cell = if self.chain_from_tail(source) {
            &self.tail_end
        } else {
            &self.field_end
        };
        cell.get_or_init(|| {
            let chain = self.chain_certs(source).unwrap_or(&[]);
            Some(chain::path_end(
                self.leaf()?,
                chain,
                self.chain_analysis(source),
                self.trusted(),
                crate::trust::builtin(),
            ))
        })
        .as_ref()
    }

    pub fn node_cert(&self, node: Node, source: ChainSource) -> Option<&Cert> {
        match node {
            Node::Leaf => self.leaf(),
            Node::Chain(i) => self.chain_certs(source)?.get(i),
        }
    }

    /// Some(true/false) when both the key's public half and the leaf are known.
    pub fn key_matches(&self) -> Option<bool> {
        *self.key_match.get_or_init(|| {
            let public = self.key()?.public.as_ref()?;
            Some(public.same_key(&self.leaf()?.key))
        })
    }
}
