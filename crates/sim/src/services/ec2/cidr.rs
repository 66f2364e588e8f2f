//! IPv4 CIDR blocks as EC2 takes them: `10.0.0.0/16`. A block is kept by its network address
//! and prefix; host bits set in the input (`10.0.0.5/16`) are refused, as EC2 refuses them.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Cidr {
    pub network: u32,
    pub prefix: u8,
}

/// `a.b.c.d` as a number.
pub fn parse_ipv4(text: &str) -> Option<u32> {
    let parts: Vec<&str> = text.split('.').collect();
    if parts.len() != 4 {
        return None;
    }
    let mut out = 0u32;
    for p in parts {
        if p.is_empty() || p.len() > 3 || !p.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let n: u32 = p.parse().ok()?;
        if n > 255 {
            return None;
        }
        out = (out << 8) | n;
    }
    Some(out)
}

pub fn show_ipv4(addr: u32) -> String {
    format!("{}.{}.{}.{}", addr >> 24, (addr >> 16) & 255, (addr >> 8) & 255, addr & 255)
}

impl Cidr {
    /// Parses `a.b.c.d/n`; `None` when malformed or when host bits are set.
    pub fn parse(text: &str) -> Option<Cidr> {
        let (addr, prefix) = text.trim().split_once('/')?;
        if prefix.is_empty() || prefix.len() > 2 || !prefix.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let prefix: u8 = prefix.parse().ok()?;
        if prefix > 32 {
            return None;
        }
        let network = parse_ipv4(addr)?;
        let cidr = Cidr { network, prefix };
        (network & !cidr.mask() == 0).then_some(cidr)
    }

    pub fn mask(self) -> u32 {
        if self.prefix == 0 {
            0
        } else {
            u32::MAX << (32 - self.prefix as u32)
        }
    }

    /// How many addresses the block holds.
    pub fn size(self) -> u64 {
        1u64 << (32 - self.prefix as u32)
    }

    pub fn last(self) -> u32 {
        self.network | !self.mask()
    }

    pub fn contains_block(self, inner: Cidr) -> bool {
        inner.prefix >= self.prefix && (inner.network & self.mask()) == self.network
    }

    pub fn contains_addr(self, addr: u32) -> bool {
        addr & self.mask() == self.network
    }

    pub fn overlaps(self, other: Cidr) -> bool {
        self.contains_block(other) || other.contains_block(self)
    }

    /// The `n`th address after the four AWS reserves at the start of every subnet (the network
    /// address, the router, DNS and one for future use); `None` past the end (the last address,
    /// the broadcast, is reserved too).
    pub fn host(self, n: u32) -> Option<u32> {
        let offset = 4u64 + n as u64;
        (offset < self.size().saturating_sub(1)).then(|| self.network + offset as u32)
    }

    /// Addresses an instance can take: the block less the five AWS reserves.
    pub fn usable(self) -> u64 {
        self.size().saturating_sub(5)
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", show_ipv4(self.network), self.prefix)
    }
}

impl Serialize for Cidr {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Cidr {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Cidr::parse(&text).ok_or_else(|| serde::de::Error::custom(format!("not a CIDR block: {text}")))
    }
}
