//! Diagram layout timings: `cargo bench -p nimbus-sim --bench diagram_layout`.
//! The browser budget for a 200-resource diagram is 50 ms; natively it should be far below.

use nimbus_sim::diagram::{self, EdgeSpec, GraphSpec, GroupSpec, NodeSpec};
use nimbus_sim::services::s3::{
    CreateBucketRequest, PutBucketVersioningRequest, PutObjectRequest, S3Request, VersioningConfiguration,
};
use nimbus_sim::{Bytes, Request, World};
use std::hint::black_box;
use std::time::{Duration, Instant};

/// 200 nodes in three regions of two AZs each, 300 distinct edges, from a fixed sequence.
fn stack_graph(nodes: usize, edges: usize) -> GraphSpec {
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = move |bound: usize| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        ((seed >> 33) as usize) % bound
    };
    let mut groups = Vec::new();
    for r in 0..3 {
        groups.push(GroupSpec::new(format!("region{r}"), format!("region {r}"), "region"));
        for a in 0..2 {
            groups.push(GroupSpec::new(format!("az{r}{a}"), format!("az {r}{a}"), "az").inside(format!("region{r}")));
        }
    }
    let nodes_spec = (0..nodes)
        .map(|i| {
            let n = NodeSpec::new(format!("n{i}"), format!("resource {i}"), "instance").state("running");
            match next(5) {
                0 => n,
                _ => n.in_group(groups[next(groups.len())].id.clone()),
            }
        })
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut edge_specs = Vec::new();
    while edge_specs.len() < edges {
        let (a, b) = (next(nodes), next(nodes));
        if a != b && seen.insert((a, b)) {
            edge_specs.push(EdgeSpec::new(format!("n{a}"), format!("n{b}")));
        }
    }
    GraphSpec { title: "stack".into(), nodes: nodes_spec, edges: edge_specs, groups, ..Default::default() }
}

/// Twenty buckets of twenty objects, every other bucket versioned with up to three versions.
fn s3_world() -> World {
    let mut w = World::new(5);
    let call = |w: &mut World, r: S3Request| w.call(Request::S3(r)).expect("setup call");
    for b in 0..20 {
        let bucket = format!("bucket-{b:02}");
        call(&mut w, S3Request::CreateBucket(CreateBucketRequest { bucket: bucket.clone(), ..Default::default() }));
        if b % 2 == 0 {
            let status = VersioningConfiguration { status: Some("Enabled".into()) };
            let request = PutBucketVersioningRequest { bucket: bucket.clone(), versioning_configuration: status };
            call(&mut w, S3Request::PutBucketVersioning(request));
        }
        for o in 0..20 {
            for v in 0..(1 + (b + o) % 3) {
                let put = PutObjectRequest {
                    bucket: bucket.clone(),
                    key: format!("file-{o:02}.txt"),
                    body: Bytes::from(format!("{v}")),
                    ..Default::default()
                };
                call(&mut w, S3Request::PutObject(put));
            }
        }
    }
    w
}

/// Runs `f` until a second has passed (at least 10 times) and prints min / median / max.
fn time(name: &str, mut f: impl FnMut()) {
    f();
    let mut samples = Vec::new();
    let start = Instant::now();
    while samples.len() < 10 || start.elapsed() < Duration::from_secs(1) {
        let t = Instant::now();
        f();
        samples.push(t.elapsed());
    }
    samples.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "{name:<44} min {:>7.3} ms  median {:>7.3} ms  max {:>7.3} ms  ({} runs)",
        ms(samples[0]),
        ms(samples[samples.len() / 2]),
        ms(samples[samples.len() - 1]),
        samples.len()
    );
}

fn main() {
    let stack = stack_graph(200, 300);
    time("layout: 200 nodes, 300 edges, 9 groups", || {
        black_box(diagram::layout(black_box(&stack)));
    });
    let big = stack_graph(400, 600);
    time("layout: 400 nodes, 600 edges, 9 groups", || {
        black_box(diagram::layout(black_box(&big)));
    });
    let world = s3_world();
    time("s3 diagram: 20 buckets x 20 objects", || {
        black_box(diagram::s3::diagram(black_box(&world)));
    });
}
