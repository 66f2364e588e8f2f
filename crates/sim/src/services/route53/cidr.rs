//! CIDR blocks for IP-based routing: parsing (`192.0.2.0/24`, `2001:db8::/32`), containment
//! and longest-prefix matching. Addresses are held as 128-bit numbers (IPv4 in the low 32 bits)
//! with a family flag, so one comparison serves both families.

use super::names;
use std::fmt;

/// Route 53's prefix-length limits for CIDR collections: IPv4 /1–/24, IPv6 /1–/48.
pub const IPV4_PREFIX: (u8, u8) = (1, 24);
pub const IPV6_PREFIX: (u8, u8) = (1, 48);

/// An address: its bits and whether it is IPv6.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Address {
    pub bits: u128,
    pub v6: bool,
}

impl Address {
    pub fn parse(text: &str) -> Option<Address> {
        if let Some(v4) = names::parse_ipv4(text) {
            return Some(Address { bits: u32::from(v4) as u128, v6: false });
        }
        names::parse_ipv6(text).map(|v6| Address { bits: u128::from(v6), v6: true })
    }

    fn width(self) -> u8 {
        if self.v6 {
            128
        } else {
            32
        }
    }
}

/// A CIDR block: network bits and prefix length.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    pub network: Address,
    pub prefix: u8,
}

fn mask(width: u8, prefix: u8) -> u128 {
    if prefix == 0 {
        return 0;
    }
    let all = if width == 128 { u128::MAX } else { (1u128 << width) - 1 };
    all & !((1u128 << (width - prefix)) - 1)
}

impl Cidr {
    /// Parses `address/prefix` as Route 53 takes it: the prefix within the family's limits and
    /// no bits set after the prefix. The error says what is wrong, for InvalidInput.
    pub fn parse(text: &str) -> Result<Cidr, String> {
        let text = text.trim();
        let Some((addr, prefix)) = text.split_once('/') else {
            return Err(format!("'{text}' is not a CIDR block: it needs a prefix length, as in 192.0.2.0/24"));
        };
        let Some(address) = Address::parse(addr) else {
            return Err(format!("'{text}' is not a CIDR block: '{addr}' is not an IPv4 or IPv6 address"));
        };
        let (min, max) = if address.v6 { IPV6_PREFIX } else { IPV4_PREFIX };
        let prefix = match prefix.parse::<u8>() {
            Ok(p) if prefix.bytes().all(|b| b.is_ascii_digit()) && (min..=max).contains(&p) => p,
            _ => {
                return Err(format!(
                "'{text}' is not a valid CIDR block: the prefix length of an {} block must be from /{min} to /{max}",
                if address.v6 { "IPv6" } else { "IPv4" }
            ))
            }
        };
        let m = mask(address.width(), prefix);
        if address.bits & !m != 0 {
            let network = Cidr { network: Address { bits: address.bits & m, v6: address.v6 }, prefix };
            return Err(format!(
                "'{text}' is not a valid CIDR block: bits are set after the /{prefix} prefix (the block is {network})"
            ));
        }
        Ok(Cidr { network: address, prefix })
    }

    pub fn contains(&self, address: Address) -> bool {
        address.v6 == self.network.v6 && address.bits & mask(address.width(), self.prefix) == self.network.bits
    }
}

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.network.v6 {
            write!(f, "{}/{}", std::net::Ipv6Addr::from(self.network.bits), self.prefix)
        } else {
            write!(f, "{}/{}", std::net::Ipv4Addr::from(self.network.bits as u32), self.prefix)
        }
    }
}

/// The longest prefix among `blocks` (written as text, as stored) that holds `address`.
pub fn longest_match<'a>(blocks: impl IntoIterator<Item = &'a String>, address: Address) -> Option<(u8, &'a str)> {
    let mut best: Option<(u8, &'a str)> = None;
    for block in blocks {
        if let Ok(cidr) = Cidr::parse(block) {
            if cidr.contains(address) && best.is_none_or(|(p, _)| cidr.prefix > p) {
                best = Some((cidr.prefix, block.as_str()));
            }
        }
    }
    best
}
