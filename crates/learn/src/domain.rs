//! The AWS certification exams Nimbus Lab prepares for, and their content domains, with the
//! weights the official exam guides give them.

use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Certification {
    /// AWS Certified Cloud Practitioner.
    #[serde(rename = "CLF-C02")]
    ClfC02,
    /// AWS Certified Solutions Architect – Associate.
    #[serde(rename = "SAA-C03")]
    SaaC03,
    /// AWS Certified Developer – Associate.
    #[serde(rename = "DVA-C02")]
    DvaC02,
}

impl Certification {
    pub fn code(self) -> &'static str {
        match self {
            Certification::ClfC02 => "CLF-C02",
            Certification::SaaC03 => "SAA-C03",
            Certification::DvaC02 => "DVA-C02",
        }
    }
    pub fn title(self) -> &'static str {
        match self {
            Certification::ClfC02 => "AWS Certified Cloud Practitioner",
            Certification::SaaC03 => "AWS Certified Solutions Architect – Associate",
            Certification::DvaC02 => "AWS Certified Developer – Associate",
        }
    }
}

/// One content domain of one exam. In TOML: `"saa-c03-resilient"`, `"dva-c02-development"`, …
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Domain {
    ClfC02CloudConcepts,
    ClfC02SecurityCompliance,
    ClfC02TechnologyServices,
    ClfC02BillingPricingSupport,
    SaaC03Secure,
    SaaC03Resilient,
    SaaC03HighPerforming,
    SaaC03CostOptimized,
    DvaC02Development,
    DvaC02Security,
    DvaC02Deployment,
    DvaC02Troubleshooting,
}

impl Domain {
    pub const ALL: [Domain; 12] = [
        Domain::ClfC02CloudConcepts,
        Domain::ClfC02SecurityCompliance,
        Domain::ClfC02TechnologyServices,
        Domain::ClfC02BillingPricingSupport,
        Domain::SaaC03Secure,
        Domain::SaaC03Resilient,
        Domain::SaaC03HighPerforming,
        Domain::SaaC03CostOptimized,
        Domain::DvaC02Development,
        Domain::DvaC02Security,
        Domain::DvaC02Deployment,
        Domain::DvaC02Troubleshooting,
    ];

    pub fn certification(self) -> Certification {
        use Domain::*;
        match self {
            ClfC02CloudConcepts | ClfC02SecurityCompliance | ClfC02TechnologyServices | ClfC02BillingPricingSupport => {
                Certification::ClfC02
            }
            SaaC03Secure | SaaC03Resilient | SaaC03HighPerforming | SaaC03CostOptimized => Certification::SaaC03,
            DvaC02Development | DvaC02Security | DvaC02Deployment | DvaC02Troubleshooting => Certification::DvaC02,
        }
    }

    /// The domain's number and name as the exam guide prints them.
    pub fn title(self) -> &'static str {
        use Domain::*;
        match self {
            ClfC02CloudConcepts => "Domain 1: Cloud Concepts",
            ClfC02SecurityCompliance => "Domain 2: Security and Compliance",
            ClfC02TechnologyServices => "Domain 3: Cloud Technology and Services",
            ClfC02BillingPricingSupport => "Domain 4: Billing, Pricing, and Support",
            SaaC03Secure => "Domain 1: Design Secure Architectures",
            SaaC03Resilient => "Domain 2: Design Resilient Architectures",
            SaaC03HighPerforming => "Domain 3: Design High-Performing Architectures",
            SaaC03CostOptimized => "Domain 4: Design Cost-Optimized Architectures",
            DvaC02Development => "Domain 1: Development with AWS Services",
            DvaC02Security => "Domain 2: Security",
            DvaC02Deployment => "Domain 3: Deployment",
            DvaC02Troubleshooting => "Domain 4: Troubleshooting and Optimization",
        }
    }

    /// The share of scored content the exam guide gives the domain, in percent.
    pub fn weight_percent(self) -> u8 {
        use Domain::*;
        match self {
            ClfC02CloudConcepts => 24,
            ClfC02SecurityCompliance => 30,
            ClfC02TechnologyServices => 34,
            ClfC02BillingPricingSupport => 12,
            SaaC03Secure => 30,
            SaaC03Resilient => 26,
            SaaC03HighPerforming => 24,
            SaaC03CostOptimized => 20,
            DvaC02Development => 32,
            DvaC02Security => 26,
            DvaC02Deployment => 24,
            DvaC02Troubleshooting => 18,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_exams_domain_weights_add_up_to_100() {
        for cert in [Certification::ClfC02, Certification::SaaC03, Certification::DvaC02] {
            let total: u32 =
                Domain::ALL.iter().filter(|d| d.certification() == cert).map(|d| d.weight_percent() as u32).sum();
            assert_eq!(total, 100, "{}", cert.code());
        }
    }

    #[test]
    fn domains_read_as_kebab_case_names() {
        let d: Domain = serde_json::from_str("\"saa-c03-resilient\"").unwrap();
        assert_eq!(d, Domain::SaaC03Resilient);
        assert_eq!(serde_json::to_string(&Domain::DvaC02Troubleshooting).unwrap(), "\"dva-c02-troubleshooting\"");
    }
}
