//! "KMS or CloudHSM": who manages what, the FIPS 140 levels and what they cost, side by side.
//! Facts from shared/reference/spec-kms-hsm-secrets-cognito-cloudformation.md (sections 1.1,
//! 2.1, 2.4 and 2.8), which cites the AWS pages.

use crate::components::link::AppLink;
use crate::route::Route;
use yew::prelude::*;

/// (aspect, AWS KMS, AWS CloudHSM)
pub const ROWS: &[(&str, &str, &str)] = &[
    (
        "The hardware",
        "AWS: HSMs shared by many customers, behind the KMS service. You never see them.",
        "AWS racks and replaces it, but each HSM is yours alone (single tenant), with an address in your VPC subnet.",
    ),
    (
        "The software",
        "AWS runs the whole service: scaling, high availability, patching, durability of key material.",
        "AWS runs the appliance; you run the client (CloudHSM CLI, PKCS #11, JCE) in your application and add HSMs \
         in two or more Availability Zones for availability.",
    ),
    (
        "The keys",
        "You control customer managed keys through key policies, grants and rotation; key material never leaves KMS \
         unencrypted. AWS managed keys (aws/s3 …) and AWS owned keys are AWS's to manage.",
        "You alone: you create the admins and crypto users inside the HSMs and they create the keys. AWS's appliance \
         user clones and synchronises HSMs but cannot see or use your keys.",
    ),
    (
        "FIPS 140 validation",
        "HSMs validated at FIPS 140-2 Security Level 3 (since May 2023).",
        "hsm1.medium: FIPS 140-2 Level 3. hsm2m.medium: FIPS 140-3 Level 3 (a cluster can also run hsm2m.medium in \
         NON_FIPS mode).",
    ),
    (
        "Tamper resistance",
        "Level 3 hardware, operated by AWS: physical tampering is detected and answered by erasing keys.",
        "The same Level 3 protection, on hardware dedicated to you; only your HSM users can log in.",
    ),
    (
        "Cost model",
        "Customer managed keys cost a monthly fee each, plus requests; AWS owned keys are free.",
        "You pay for every HSM for as long as it exists, used or not. Delete the HSMs to stop paying; an HSM added \
         later is restored from the latest backup.",
    ),
    (
        "With other AWS services",
        "Built in: S3, EBS, RDS and others encrypt with a KMS key you name.",
        "Through a KMS custom key store (a cluster with two or more active HSMs in different AZs), or directly from \
         your own code.",
    ),
    (
        "Choose it when",
        "You want encryption managed for you and integrated with AWS services.",
        "Rules demand single-tenant HSMs, keys under your exclusive control, or FIPS 140-3 Level 3 on your own HSM.",
    ),
];

#[component]
pub fn KmsOrCloudHsm() -> Html {
    html! {
        <section class="panel compare-panel" aria-labelledby="compare-heading">
            <h2 id="compare-heading">{ "KMS or CloudHSM?" }</h2>
            <div class="table-scroll" role="region" aria-label="KMS or CloudHSM, side by side" tabindex="0">
                <table class="compare-table">
                    <caption>{ "Who manages what, side by side" }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{ "" }<span class="visually-hidden">{ "Aspect" }</span></th>
                            <th scope="col">{ "AWS KMS" }</th>
                            <th scope="col">{ "AWS CloudHSM" }</th>
                        </tr>
                    </thead>
                    <tbody>
                        { for ROWS.iter().map(|(aspect, kms, hsm)| html! {
                            <tr>
                                <th scope="row">{ *aspect }</th>
                                <td>{ *kms }</td>
                                <td>{ *hsm }</td>
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
            <p>
                { "Where each one fits: " }
                <AppLink to={Route::Encryption}>{ "encryption at rest and in transit" }</AppLink>
                { ", with what an eavesdropper and a disk thief see." }
            </p>
        </section>
    }
}
