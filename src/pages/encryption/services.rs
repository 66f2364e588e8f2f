//! Where AWS encrypts data at rest on its own and where you must ask, with the key each uses.
//! Every row names where the fact was checked; rows no AWS page confirmed say so on screen.

use yew::prelude::*;

pub struct AtRest {
    pub service: &'static str,
    /// "Automatic" or "Opt-in".
    pub default: &'static str,
    pub how: &'static str,
    pub key: &'static str,
    /// The AWS page the row was checked against, or None when no AWS page confirmed it.
    pub source: Option<&'static str>,
}

pub const ROWS: &[AtRest] = &[
    // EnableEbsEncryptionByDefault (EC2 API reference): "After you enable encryption by default,
    // the EBS volumes that you create are always encrypted ... Enabling encryption by default has
    // no effect on the encryption status of your existing volumes."
    AtRest {
        service: "Amazon EBS volumes",
        default: "Opt-in",
        how: "Per volume, or turn on \"encryption by default\" for the account in each Region (existing volumes stay as they are).",
        key: "AWS managed key aws/ebs, or a customer managed key",
        source: Some("https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_EnableEbsEncryptionByDefault.html"),
    },
    // S3 User Guide, UsingServerSideEncryption: "Starting January 5, 2023, all new object uploads
    // to Amazon S3 are automatically encrypted" with SSE-S3; SSE-KMS is a choice you make.
    AtRest {
        service: "Amazon S3 buckets",
        default: "Automatic (since 5 January 2023)",
        how: "Every new object is encrypted with SSE-S3. SSE-KMS (a KMS key you choose) is opt-in, per bucket or per object.",
        key: "SSE-S3: S3 managed keys, no KMS key. SSE-KMS: aws/s3 or a customer managed key",
        source: Some("https://docs.aws.amazon.com/AmazonS3/latest/userguide/UsingServerSideEncryption.html"),
    },
    // CreateDBInstance StorageEncrypted: "Specifies whether the DB instance is encrypted. By
    // default, it isn't encrypted." (RDS API reference, as the AWS SDK docs quote it).
    AtRest {
        service: "Amazon RDS",
        default: "Opt-in",
        how: "Chosen when the DB instance is created (StorageEncrypted); an unencrypted instance cannot be encrypted in place.",
        key: "AWS managed key aws/rds, or a customer managed key",
        source: Some("https://docs.aws.amazon.com/AmazonRDS/latest/APIReference/API_CreateDBInstance.html"),
    },
    // EFS User Guide, encryption-at-rest: "Once you create an EFS file system, you cannot change
    // its encryption setting"; Control Tower EFS controls: without KmsKeyId "the default AWS KMS
    // key for Amazon EFS, /aws/elasticfilesystem, is used".
    AtRest {
        service: "Amazon EFS",
        default: "Opt-in",
        how: "Chosen when the file system is created and never changed afterwards.",
        key: "AWS managed key aws/elasticfilesystem, or a customer managed key",
        source: Some("https://docs.aws.amazon.com/efs/latest/ug/encryption-at-rest.html"),
    },
    AtRest {
        service: "Amazon Redshift",
        default: "Opt-in",
        how: "Chosen for the cluster (the Encrypted setting).",
        key: "AWS managed key aws/redshift, or a customer managed key",
        source: None,
    },
    // Control Tower CloudTrail controls: "by default, the log files delivered by CloudTrail to
    // your buckets are encrypted by Amazon server-side encryption with Amazon S3-managed
    // encryption keys (SSE-S3)"; SSE-KMS with a KMS key is the option you add.
    AtRest {
        service: "AWS CloudTrail logs",
        default: "Automatic",
        how: "Log files are encrypted with SSE-S3 in your bucket; you can add SSE-KMS.",
        key: "SSE-S3 by default; SSE-KMS with a customer managed key if you choose",
        source: Some("https://docs.aws.amazon.com/controltower/latest/controlreference/cloudtrail-rules.html"),
    },
    AtRest {
        service: "Amazon S3 Glacier",
        default: "Automatic",
        how: "Archives are encrypted by the service with no setting to turn on.",
        key: "Keys AWS manages (AES-256)",
        source: None,
    },
    AtRest {
        service: "AWS Storage Gateway",
        default: "Automatic",
        how: "Data the gateway stores in AWS is encrypted; you can choose a KMS key instead.",
        key: "SSE-S3 by default; a customer managed KMS key if you choose",
        source: None,
    },
];

#[component]
pub fn ServicesTable() -> Html {
    html! {
        <section class="panel" aria-labelledby="services-heading">
            <h2 id="services-heading">{ "Who encrypts at rest: you, or AWS on its own?" }</h2>
            <div class="table-scroll" role="region" aria-label="Encryption at rest by service" tabindex="0">
                <table>
                    <caption>{ "Encryption at rest by service" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "Service" }</th>
                            <th scope="col">{ "At rest" }</th>
                            <th scope="col">{ "How" }</th>
                            <th scope="col">{ "Key" }</th>
                            <th scope="col">{ "Checked against" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for ROWS.iter().map(|r| html! {
                            <tr>
                                <th scope="row">{ r.service }</th>
                                <td class={classes!("nowrap", if r.default.starts_with("Opt") { "opt-in" } else { "automatic" })}>{ r.default }</td>
                                <td>{ r.how }</td>
                                <td>{ r.key }</td>
                                <td>
                                    { match r.source {
                                        Some(url) => html! { <a href={url} rel="noopener" target="_blank">{ "AWS documentation" }</a> },
                                        None => html! { <span class="unverified">{ "Not verified against an AWS page here; Nimbus Lab's summary" }</span> },
                                    } }
                                </td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_service_the_page_promises_is_in_the_table() {
        for name in ["EBS", "S3 buckets", "Redshift", "RDS", "EFS", "CloudTrail", "Glacier", "Storage Gateway"] {
            assert!(ROWS.iter().any(|r| r.service.contains(name)), "{name}");
        }
        assert!(ROWS.iter().filter_map(|r| r.source).all(|u| u.starts_with("https://docs.aws.amazon.com/")));
    }
}
