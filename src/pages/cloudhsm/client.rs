//! The steps that happen inside the HSMs, through the cluster's client: activating the cluster
//! (the precrypto officer sets the admin password) and creating the `kmsuser` crypto user a KMS
//! key store logs in as. They are not AWS API calls, so the buttons run `cloudhsm-cli` lines in
//! the terminal, where the learner sees exactly what was typed.

use crate::app::use_store;
use crate::store::Action;
use nimbus_sim::services::cloudhsm::model::{ClusterState, HsmRole};
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// The lines that activate `cluster` with the admin password `password`.
pub fn activate_lines(cluster: &str, password: &str) -> Vec<String> {
    vec![format!("cloudhsm-cli --cluster-id {cluster} cluster activate --password {password}")]
}

/// The lines that create the crypto user `kmsuser`: log in as admin, create it, log out.
pub fn kmsuser_lines(cluster: &str, admin_password: &str, kmsuser_password: &str) -> Vec<String> {
    let cli = format!("cloudhsm-cli --cluster-id {cluster}");
    vec![
        format!("{cli} login --username admin --role admin --password {admin_password}"),
        format!("{cli} user create --username kmsuser --role crypto-user --password {kmsuser_password}"),
        format!("{cli} logout"),
    ]
}

fn value(r: &NodeRef) -> String {
    r.cast::<HtmlInputElement>().map(|i| i.value()).unwrap_or_default()
}

#[derive(Properties, PartialEq)]
pub struct ClientProps {
    pub cluster_id: String,
}

#[component]
pub fn ClientSteps(props: &ClientProps) -> Html {
    let store = use_store();
    let admin_ref = use_node_ref();
    let kmsuser_ref = use_node_ref();
    let Some(c) = store.world().cloudhsm.clusters.get(&props.cluster_id) else { return html! {} };
    let contents = c.contents();
    let has_kmsuser = contents.and_then(|x| x.user("kmsuser")).is_some_and(|u| u.role == HsmRole::CryptoUser);
    let run = |lines: fn(&str, &str, &str) -> Vec<String>| {
        let (store, id, admin_ref, kmsuser_ref) =
            (store.clone(), props.cluster_id.clone(), admin_ref.clone(), kmsuser_ref.clone());
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            for line in lines(&id, &value(&admin_ref), &value(&kmsuser_ref)) {
                store.dispatch(Action::RunLine(line));
            }
        })
    };
    let activate = run(|c, admin, _| activate_lines(c, admin));
    let create_kmsuser = run(kmsuser_lines);
    html! {
        <section class="setting" aria-labelledby="client-heading">
            <h4 id="client-heading">{ "Inside the HSMs (cloudhsm-cli)" }</h4>
            <p class="help">{ "These buttons type cloudhsm-cli commands into the terminal below." }</p>
            if c.state == ClusterState::Initialized {
                <form class="inline-form" aria-label="Activate cluster" onsubmit={activate}>
                    <div class="field narrow">
                        <label for="admin-password">{ "New admin password (7–32 characters)" }</label>
                        <input id="admin-password" type="text" ref={admin_ref} value="admin-pass-1" autocomplete="off" />
                    </div>
                    <button type="submit">{ "Activate cluster" }</button>
                </form>
            } else if c.state == ClusterState::Active && !has_kmsuser {
                <form class="inline-form" aria-label="Create kmsuser" onsubmit={create_kmsuser}>
                    <div class="field narrow">
                        <label for="admin-password">{ "Admin password" }</label>
                        <input id="admin-password" type="text" ref={admin_ref} value="admin-pass-1" autocomplete="off" />
                    </div>
                    <div class="field narrow">
                        <label for="kmsuser-password">{ "kmsuser password (7–32 characters)" }</label>
                        <input id="kmsuser-password" type="text" ref={kmsuser_ref} value="kmsuser-pass-1" autocomplete="off" />
                    </div>
                    <button type="submit">{ "Create kmsuser crypto user" }</button>
                </form>
            } else if has_kmsuser {
                <p>{ "Activated, with the crypto user kmsuser that a KMS custom key store logs in as." }</p>
            } else {
                <p>{ "Initialize the cluster first; then activate it here." }</p>
            }
            if let Some(x) = contents {
                <p>{ format!("Users in every HSM: {}.", x.users.iter().map(|u| format!("{} ({})", u.username, u.role)).collect::<Vec<_>>().join(", ")) }</p>
            }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use nimbus_sim::cli::{run_line, MemoryFs};

    #[test]
    fn the_lines_are_ones_the_terminal_understands() {
        // A cluster id the client does not know still parses: the answer is about the cluster.
        let mut w = nimbus_sim::World::new(1);
        let mut fs = MemoryFs::default();
        for line in activate_lines("cluster-abcdefghijk", "admin-pass-1").into_iter().chain(kmsuser_lines(
            "cluster-abcdefghijk",
            "admin-pass-1",
            "kmsuser-pass-1",
        )) {
            let out = run_line(&mut w, &mut fs, &line);
            assert!(!out.stderr.contains("usage:") && !out.stdout.contains("usage:"), "{line}: {out:?}");
        }
    }
}
