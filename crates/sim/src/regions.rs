//! The regions Nimbus Lab knows, with their availability zones and map coordinates (for the
//! region map and for latency-based routing).

use serde::Serialize;

#[derive(Clone, Copy, Debug, Serialize)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
    /// Availability zone suffixes: `us-east-1` + `a` = `us-east-1a`.
    pub az_letters: &'static str,
    pub latitude: f32,
    pub longitude: f32,
}

impl Region {
    pub fn availability_zones(&self) -> Vec<String> {
        self.az_letters.chars().map(|c| format!("{}{}", self.code, c)).collect()
    }
}

pub const REGIONS: &[Region] = &[
    Region { code: "us-east-1", name: "US East (N. Virginia)", az_letters: "abcdef", latitude: 38.9, longitude: -77.4 },
    Region { code: "us-east-2", name: "US East (Ohio)", az_letters: "abc", latitude: 40.0, longitude: -83.0 },
    Region { code: "us-west-1", name: "US West (N. California)", az_letters: "ac", latitude: 37.4, longitude: -121.9 },
    Region { code: "us-west-2", name: "US West (Oregon)", az_letters: "abcd", latitude: 45.8, longitude: -119.7 },
    Region { code: "ca-central-1", name: "Canada (Central)", az_letters: "abd", latitude: 45.5, longitude: -73.6 },
    Region {
        code: "sa-east-1",
        name: "South America (São Paulo)",
        az_letters: "abc",
        latitude: -23.5,
        longitude: -46.6,
    },
    Region { code: "eu-west-1", name: "Europe (Ireland)", az_letters: "abc", latitude: 53.3, longitude: -6.3 },
    Region { code: "eu-west-2", name: "Europe (London)", az_letters: "abc", latitude: 51.5, longitude: -0.1 },
    Region { code: "eu-west-3", name: "Europe (Paris)", az_letters: "abc", latitude: 48.9, longitude: 2.4 },
    Region { code: "eu-central-1", name: "Europe (Frankfurt)", az_letters: "abc", latitude: 50.1, longitude: 8.7 },
    Region { code: "eu-north-1", name: "Europe (Stockholm)", az_letters: "abc", latitude: 59.3, longitude: 18.1 },
    Region { code: "ap-south-1", name: "Asia Pacific (Mumbai)", az_letters: "abc", latitude: 19.1, longitude: 72.9 },
    Region {
        code: "ap-northeast-1",
        name: "Asia Pacific (Tokyo)",
        az_letters: "acd",
        latitude: 35.7,
        longitude: 139.7,
    },
    Region {
        code: "ap-northeast-2",
        name: "Asia Pacific (Seoul)",
        az_letters: "abcd",
        latitude: 37.6,
        longitude: 127.0,
    },
    Region {
        code: "ap-southeast-1",
        name: "Asia Pacific (Singapore)",
        az_letters: "abc",
        latitude: 1.3,
        longitude: 103.8,
    },
    Region {
        code: "ap-southeast-2",
        name: "Asia Pacific (Sydney)",
        az_letters: "abc",
        latitude: -33.9,
        longitude: 151.2,
    },
];

pub const DEFAULT_REGION: &str = "us-east-1";

pub fn find(code: &str) -> Option<&'static Region> {
    REGIONS.iter().find(|r| r.code == code)
}

/// The Route 53 hosted zone id of ELB's DNS names in a Region (Application and Classic Load
/// Balancers share one; Network Load Balancers have their own), as AWS's endpoint table lists.
pub fn elb_hosted_zone_id(region: &str, network: bool) -> &'static str {
    const ZONES: &[(&str, &str, &str)] = &[
        ("us-east-1", "Z35SXDOTRQ7X7K", "Z26RNL4JYFTOTI"),
        ("us-east-2", "Z3AADJGX6KTTL2", "ZLMOA37VPKANP"),
        ("us-west-1", "Z368ELLRRE2KJ0", "Z24FKFUX50B4VW"),
        ("us-west-2", "Z1H1FL5HABSF5", "Z18D5FSROUN65G"),
        ("ca-central-1", "ZQSVJUPU6J1EY", "Z2EPGBW3API2WT"),
        ("sa-east-1", "Z2P70J7HTTTPLU", "ZTK26PT1VY4CU"),
        ("eu-west-1", "Z32O12XQLNTSW2", "Z2IFOLAFXWLO4F"),
        ("eu-west-2", "ZHURV8PSTC4K8", "ZD4D7Y8KGAS4G"),
        ("eu-west-3", "Z3Q77PNBQS71R4", "Z1CMS0P5QUZ6D5"),
        ("eu-central-1", "Z215JYRZR1TBD5", "Z3F0SRJ5LGBH90"),
        ("eu-north-1", "Z23TAZ7KGU8MEP", "Z1UDT6IFJ4EJM"),
        ("ap-south-1", "ZP97RAFLXTNZK", "ZVDDRBQ08TROA"),
        ("ap-northeast-1", "Z14GRHDCWA56QT", "Z31USIVHYNEOWT"),
        ("ap-northeast-2", "ZWKZPGTI48KDX", "ZIBE1TIR4HY56"),
        ("ap-southeast-1", "Z1LMS91P8CMLE5", "ZKVM4W9LS7TM"),
        ("ap-southeast-2", "Z1GM3OXH4ZPM65", "ZCT6FZBF4DROD"),
    ];
    let row = ZONES.iter().find(|(r, _, _)| *r == region).unwrap_or(&ZONES[0]);
    if network {
        row.2
    } else {
        row.1
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_region_has_zones_and_the_default_exists() {
        assert!(super::find(super::DEFAULT_REGION).is_some());
        for r in super::REGIONS {
            assert!(r.availability_zones().len() >= 2, "{}", r.code);
            assert!((-90.0..=90.0).contains(&r.latitude) && (-180.0..=180.0).contains(&r.longitude));
        }
        assert_eq!(super::find("us-east-1").unwrap().availability_zones()[0], "us-east-1a");
    }
}
