//! Encryption at rest and in transit, as a concept page: a record travels from a client through
//! a load balancer and an app into a database, an EBS volume and an S3 bucket. Two switches
//! turn TLS on the wire and KMS encryption on the disks on and off, and two panes show what an
//! eavesdropper on the wire and a thief with the disk would read: the plaintext, or real
//! ciphertext that the engine's KMS made. A table says which AWS services encrypt at rest on
//! their own and which wait for you to ask.

mod flow;
mod samples;
mod services;

use flow::FlowDiagram;
use samples::Samples;
use services::ServicesTable;
use yew::prelude::*;

#[component]
pub fn EncryptionPage() -> Html {
    let in_transit = use_state(|| false);
    let at_rest = use_state(|| false);
    // The page's own World: trying things here never touches the learner's lab.
    let samples = use_memo((), |_| Samples::make());
    let toggle = |handle: &UseStateHandle<bool>| {
        let handle = handle.clone();
        Callback::from(move |e: Event| handle.set(e.target_unchecked_into::<web_sys::HtmlInputElement>().checked()))
    };
    let wire = if *in_transit { samples.in_transit.clone() } else { samples.http_request() };
    let disk = if *at_rest { samples.at_rest.clone() } else { samples.record.to_string() };
    html! {
        <div class="concept-page encryption-page">
            <h1 id="page-heading" tabindex="-1">{ "Encryption at rest and in transit" }</h1>
            <p class="intro">
                { "In transit means on the network, between two machines: TLS (HTTPS) protects it. At rest means \
                   stored on a disk: KMS keys protect it. They guard against different people, so you need both." }
            </p>
            <section class="panel" aria-labelledby="flow-heading">
                <h2 id="flow-heading">{ "Follow one record" }</h2>
                <fieldset class="switches">
                    <legend>{ "Turn encryption on or off" }</legend>
                    <label class="check">
                        <input type="checkbox" checked={*in_transit} onchange={toggle(&in_transit)} />
                        { "Encryption in transit (TLS)" }
                    </label>
                    <label class="check">
                        <input type="checkbox" checked={*at_rest} onchange={toggle(&at_rest)} />
                        { "Encryption at rest (KMS)" }
                    </label>
                </fieldset>
                <FlowDiagram in_transit={*in_transit} at_rest={*at_rest} />
                <div class="observers" aria-live="polite">
                    <section class="observer" aria-labelledby="wire-heading">
                        <h3 id="wire-heading">{ "An eavesdropper on the wire sees" }</h3>
                        <pre class={classes!("observed", (*in_transit).then_some("scrambled"))}>{ wire }</pre>
                        <p class="verdict">
                            { if *in_transit {
                                "Ciphertext: without the TLS session key it is noise."
                            } else {
                                "Everything: the card number crosses the network as plain text."
                            } }
                        </p>
                    </section>
                    <section class="observer" aria-labelledby="disk-heading">
                        <h3 id="disk-heading">{ "A thief with the disk sees" }</h3>
                        <pre class={classes!("observed", (*at_rest).then_some("scrambled"))}>{ disk }</pre>
                        <p class="verdict">
                            { if *at_rest {
                                "Ciphertext: reading it needs kms:Decrypt on the key, which the thief does not have."
                            } else {
                                "Everything: the record sits on the disk as plain text."
                            } }
                        </p>
                    </section>
                </div>
                <p class="help">
                    { format!("The at-rest ciphertext is what Encrypt with KMS key {} returned in this page's own \
                               simulated account. TLS is not simulated: KMS's AES-256-GCM, under a second key, stands \
                               in for the TLS session cipher.", samples.key_arn) }
                </p>
            </section>
            <ServicesTable />
        </div>
    }
}
