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
