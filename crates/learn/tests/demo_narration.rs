//! The demos' narration says what happens at each step; these tests run the steps and check
//! that the terminal shows exactly that.

use nimbus_learn::content::source::report;
use nimbus_learn::lab::fill_placeholders;
use nimbus_learn::Bank;
use nimbus_sim::cli::{run_line, MemoryFs};
use nimbus_sim::World;

/// Each step's stdout (empty for steps that only talk), in order.
fn outputs(demo_id: &str) -> Vec<String> {
    let bank = Bank::load(nimbus_learn::content::CONTENT_FILES).unwrap_or_else(|e| panic!("{}", report(&e)));
    let demo = bank.demo(demo_id).unwrap_or_else(|| panic!("no demo {demo_id}"));
    let mut world = World::new(7);
    let mut fs = MemoryFs::new();
    for (name, text) in &demo.files {
        nimbus_sim::cli::FileSystem::write(&mut fs, name, text.as_bytes()).unwrap();
    }
    demo.steps
        .iter()
        .map(|step| match &step.cli {
            Some(line) => {
                let line = fill_placeholders(&world, line).unwrap();
                let out = run_line(&mut world, &mut fs, &line);
                match &step.expect_error {
                    None => {
                        assert_eq!(out.exit_code, 0, "{line}: {}", out.stderr);
                        out.stdout
                    }
                    Some(code) => {
                        assert_ne!(out.exit_code, 0, "{line} should fail");
                        assert!(out.stderr.contains(code.as_str()), "{line}: {}", out.stderr);
                        out.stderr
                    }
                }
            }
            None => String::new(),
        })
        .collect()
}

/// The output of step `n` (0-based).
fn step(outputs: &[String], n: usize) -> &str {
    &outputs[n]
}

#[test]
fn the_failover_demo_shows_the_cache_outliving_route53s_failover() {
    let out = outputs("r53-failover-with-resolver-caches");
    // Healthy: the client lands on the primary.
    assert!(step(&out, 8).contains("Location: http://primary.example.org/"), "{}", out[8]);
    // Route 53 has failed over…
    assert!(step(&out, 11).contains("demo-secondary.s3-website-us-west-2.amazonaws.com"), "{}", out[11]);
    // …but the cached answer still sends the client to the broken primary.
    assert!(step(&out, 12).starts_with("HTTP/1.1 404"), "{}", out[12]);
    assert!(step(&out, 13).contains("app.example.org. A → CNAME demo-primary"), "{}", out[13]);
    assert!(step(&out, 13).contains(" s left)"), "{}", out[13]);
    // After the TTL, the secondary.
    assert!(step(&out, 15).contains("Location: http://secondary.example.org/"), "{}", out[15]);
}

#[test]
fn the_envelope_demo_decrypts_the_stored_data_key_and_shows_the_disabled_key_error() {
    let out = outputs("kms-envelope-encryption-demo");
    let data_key = step(&out, 2);
    assert!(data_key.contains("\"Plaintext\"") && data_key.contains("\"CiphertextBlob\""), "{data_key}");
    // The encrypted data key went to a file, and Decrypt opens it without being told the key.
    assert_eq!(step(&out, 3), "");
    let opened = step(&out, 4);
    assert!(opened.contains("\"Plaintext\"") && opened.contains("\"KeyId\": \"arn:aws:kms:"), "{opened}");
    let head = step(&out, 7);
    assert!(head.contains("\"ServerSideEncryption\": \"aws:kms\"") && head.contains("SSEKMSKeyId"), "{head}");
    assert!(step(&out, 9).contains("KMS.DisabledException"), "{}", out[9]);
}

#[test]
fn the_web_server_demo_shows_the_waves_its_narration_describes() {
    let out = outputs("cfn-web-server-stack");
    // First wave: the security group alone.
    assert_eq!(step(&out, 1).trim(), "WebSecurityGroup\tCREATE_IN_PROGRESS");
    // Second wave: the instance, once the group is complete; the address is not started yet.
    let second = step(&out, 3);
    assert!(second.contains("WebSecurityGroup\tCREATE_COMPLETE"), "{second}");
    assert!(second.contains("WebServer\tCREATE_IN_PROGRESS"), "{second}");
    assert!(!second.contains("WebAddress"), "{second}");
    // The events end (newest first) with the stack complete, and the output is the address.
    assert!(step(&out, 5).starts_with("web\tCREATE_COMPLETE"), "{}", out[5]);
    assert!(step(&out, 6).starts_with("CREATE_COMPLETE\thttp://"), "{}", out[6]);
}
