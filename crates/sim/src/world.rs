//! The World: one simulated AWS account. It owns the clock, the scheduler, the seeded random
//! generator, the trail and the state of every service. `World::call` is the only way in.

use crate::error::ApiError;
use crate::network::{self, HttpRequest, HttpResponse, NetError};
use crate::regions::{self, DEFAULT_REGION};
use crate::scheduler::Scheduler;
use crate::services::{self, Job, Request, Response};
use crate::time::{SimDuration, SimTime};
use crate::trail::{summarize, summarize_value, EventSource, Outcome, Trail, TrailEvent};
use rand::rngs::ChaCha8Rng;
use rand::SeedableRng;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The simulated account every resource belongs to.
pub const ACCOUNT_ID: &str = "123456789012";

/// What one call gathers while it runs: where it runs, what it touched, and why it ended as it
/// did. The trail event is built from it.
#[derive(Clone, Debug, Default)]
pub struct CallContext {
    pub region: String,
    pub resources: Vec<String>,
    pub why: Option<String>,
    /// Set by an endpoint when a simulated HTTP request's host resolved to an address where
    /// nothing listens (curl's "Connection refused"); holds the host.
    pub refused: Option<String>,
    /// Set by an endpoint when a simulated HTTP request's packets were dropped on the way
    /// (curl's timeout); holds the host and port.
    pub timed_out: Option<(String, i64)>,
}

impl CallContext {
    pub fn new(region: &str) -> Self {
        CallContext { region: region.to_string(), ..Default::default() }
    }
    /// Records a resource (ARN or name) the call read or changed.
    pub fn touch(&mut self, resource: impl Into<String>) {
        let r = resource.into();
        if !self.resources.contains(&r) {
            self.resources.push(r);
        }
    }
    /// Records the one-line reason for the outcome (the state, rule or policy that decided it).
    pub fn why(&mut self, reason: impl Into<String>) {
        self.why = Some(reason.into());
    }
}

/// The seeded generator, saved as (seed, stream position) so a restored World continues the
/// exact same sequence.
#[derive(Debug)]
pub struct SimRng {
    seed: u64,
    rng: ChaCha8Rng,
}

impl SimRng {
    pub fn new(seed: u64) -> Self {
        SimRng { seed, rng: ChaCha8Rng::seed_from_u64(seed) }
    }
    pub fn seed(&self) -> u64 {
        self.seed
    }
}

impl SimRng {
    fn at(seed: u64, word_pos: u128) -> Self {
        let mut rng = SimRng::new(seed);
        rng.rng.set_word_pos(word_pos);
        rng
    }
}

// ChaCha8Rng is deliberately not Clone; a World snapshot (undo) must continue the same
// sequence, so the copy is rebuilt at the same stream position.
impl Clone for SimRng {
    fn clone(&self) -> Self {
        SimRng::at(self.seed, self.rng.get_word_pos())
    }
}

impl PartialEq for SimRng {
    fn eq(&self, other: &Self) -> bool {
        self.seed == other.seed && self.rng.get_word_pos() == other.rng.get_word_pos()
    }
}

impl rand::TryRng for SimRng {
    type Error = core::convert::Infallible;
    fn try_next_u32(&mut self) -> Result<u32, Self::Error> {
        Ok(rand::Rng::next_u32(&mut self.rng))
    }
    fn try_next_u64(&mut self) -> Result<u64, Self::Error> {
        Ok(rand::Rng::next_u64(&mut self.rng))
    }
    fn try_fill_bytes(&mut self, dst: &mut [u8]) -> Result<(), Self::Error> {
        rand::Rng::fill_bytes(&mut self.rng, dst);
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct SavedRng {
    seed: u64,
    /// The ChaCha word position as a decimal string (it is a u128, which JSON numbers cannot hold).
    word_pos: String,
}

impl Serialize for SimRng {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        SavedRng { seed: self.seed, word_pos: self.rng.get_word_pos().to_string() }.serialize(s)
    }
}

impl<'de> Deserialize<'de> for SimRng {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let saved = SavedRng::deserialize(d)?;
        let pos: u128 = saved.word_pos.parse().map_err(serde::de::Error::custom)?;
        Ok(SimRng::at(saved.seed, pos))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct World {
    now: SimTime,
    /// The region calls run in unless they name another (the CLI's `--region`).
    pub default_region: String,
    #[serde(rename = "rng")]
    pub(crate) rng: SimRng,
    pub(crate) scheduler: Scheduler,
    trail: Trail,
    pub s3: services::s3::S3State,
    #[cfg(feature = "kms")]
    #[serde(default)]
    pub kms: services::kms::KmsState,
    #[cfg(feature = "cloudhsm")]
    #[serde(default)]
    pub cloudhsm: services::cloudhsm::CloudHsmState,
    /// The account's default VPCs (made on first use by the services that need subnets).
    #[cfg(any(feature = "cloudhsm", feature = "ec2"))]
    #[serde(default)]
    pub vpc: services::vpc::VpcState,
    #[cfg(feature = "route53")]
    #[serde(default)]
    pub route53: services::route53::Route53State,
    #[cfg(feature = "cloudformation")]
    #[serde(default)]
    pub cloudformation: services::cloudformation::CfnState,
    #[cfg(feature = "ec2")]
    #[serde(default)]
    pub ec2: services::ec2::Ec2State,
    #[cfg(feature = "iam")]
    #[serde(default)]
    pub iam: services::iam::IamState,
    #[cfg(feature = "ssm")]
    #[serde(default)]
    pub ssm: services::ssm::SsmState,
    #[cfg(feature = "elbv2")]
    #[serde(default)]
    pub elbv2: services::elbv2::Elbv2State,
    #[cfg(feature = "elb")]
    #[serde(default)]
    pub elb: services::elb::ElbState,
    #[cfg(feature = "autoscaling")]
    #[serde(default)]
    pub autoscaling: services::autoscaling::AutoScalingState,
    #[cfg(feature = "sqs")]
    #[serde(default)]
    pub sqs: services::sqs::SqsState,
    #[cfg(feature = "sns")]
    #[serde(default)]
    pub sns: services::sns::SnsState,
    #[cfg(feature = "lambda")]
    #[serde(default)]
    pub lambda: services::lambda::LambdaState,
    #[cfg(feature = "rds")]
    #[serde(default)]
    pub rds: services::rds::RdsState,
    #[cfg(feature = "cloudwatch")]
    #[serde(default)]
    pub cloudwatch: services::cloudwatch::CloudWatchState,
}

impl World {
    /// A new, empty account at 2026-01-01T00:00:00Z.
    pub fn new(seed: u64) -> Self {
        Self::new_at(seed, SimTime::DEFAULT_START)
    }

    pub fn new_at(seed: u64, start: SimTime) -> Self {
        World {
            now: start,
            default_region: DEFAULT_REGION.to_string(),
            rng: SimRng::new(seed),
            scheduler: Scheduler::default(),
            trail: Trail::default(),
            s3: Default::default(),
            #[cfg(feature = "kms")]
            kms: Default::default(),
            #[cfg(feature = "cloudhsm")]
            cloudhsm: Default::default(),
            #[cfg(any(feature = "cloudhsm", feature = "ec2"))]
            vpc: Default::default(),
            #[cfg(feature = "route53")]
            route53: Default::default(),
            #[cfg(feature = "cloudformation")]
            cloudformation: Default::default(),
            #[cfg(feature = "ec2")]
            ec2: Default::default(),
            #[cfg(feature = "iam")]
            iam: Default::default(),
            #[cfg(feature = "ssm")]
            ssm: Default::default(),
            #[cfg(feature = "elbv2")]
            elbv2: Default::default(),
            #[cfg(feature = "elb")]
            elb: Default::default(),
            #[cfg(feature = "autoscaling")]
            autoscaling: Default::default(),
            #[cfg(feature = "sqs")]
            sqs: Default::default(),
            #[cfg(feature = "sns")]
            sns: Default::default(),
            #[cfg(feature = "lambda")]
            lambda: Default::default(),
            #[cfg(feature = "rds")]
            rds: Default::default(),
            #[cfg(feature = "cloudwatch")]
            cloudwatch: Default::default(),
        }
    }

    pub fn seed(&self) -> u64 {
        self.rng.seed()
    }

    pub fn now(&self) -> SimTime {
        self.now
    }

    pub fn trail(&self) -> &Trail {
        &self.trail
    }

    /// When the next scheduled job falls due, if any (the UI shows it; `advance` runs it).
    pub fn next_deadline(&self) -> Option<SimTime> {
        self.scheduler.next_deadline()
    }

    pub fn pending_jobs(&self) -> &[crate::scheduler::Scheduled] {
        self.scheduler.pending()
    }

    /// Calls an operation in the default region.
    pub fn call(&mut self, request: Request) -> Result<Response, ApiError> {
        let region = self.default_region.clone();
        self.call_in(&region, request)
    }

    /// Calls an operation in `region`. Every call, ok or not, lands in the trail.
    pub fn call_in(&mut self, region: &str, request: Request) -> Result<Response, ApiError> {
        let service = request.service();
        let operation = request.operation();
        let summary = summarize_value(&request.input_json());
        let mut cx = CallContext::new(region);
        let result = if regions::find(region).is_none() {
            cx.why(format!("'{region}' is not a region Nimbus Lab simulates"));
            Err(ApiError::bad_request(
                "InvalidRegion",
                format!("Provided region_name '{region}' doesn't match a supported format."),
            ))
        } else {
            services::dispatch(self, &mut cx, request)
        };
        let outcome = match &result {
            Ok(_) => Outcome::Ok,
            Err(e) => Outcome::Error { code: e.code.clone(), message: e.message.clone() },
        };
        let why = cx.why.take().unwrap_or_else(|| match &result {
            Ok(_) => format!("{operation} succeeded"),
            Err(e) => e.message.clone(),
        });
        self.trail.push(TrailEvent {
            seq: 0,
            time: self.now,
            source: EventSource::Call,
            service: service.to_string(),
            operation: operation.to_string(),
            region: region.to_string(),
            request: summary,
            outcome,
            resources: cx.resources,
            why,
        });
        result
    }

    /// Runs something that is not an AWS API call but changes the World (a service's own client
    /// tool, such as CloudHSM's `cloudhsm-cli`) in the default region, and records it in the
    /// trail like a call.
    #[cfg_attr(not(feature = "cloudhsm"), allow(dead_code))]
    pub(crate) fn run_recorded<T>(
        &mut self,
        service: &str,
        operation: &str,
        summary: String,
        f: impl FnOnce(&mut World, &mut CallContext) -> Result<T, ApiError>,
    ) -> Result<T, ApiError> {
        let region = self.default_region.clone();
        let mut cx = CallContext::new(&region);
        let result = f(self, &mut cx);
        let outcome = match &result {
            Ok(_) => Outcome::Ok,
            Err(e) => Outcome::Error { code: e.code.clone(), message: e.message.clone() },
        };
        let why = cx.why.take().unwrap_or_else(|| match &result {
            Ok(_) => format!("{operation} succeeded"),
            Err(e) => e.message.clone(),
        });
        self.trail.push(TrailEvent {
            seq: 0,
            time: self.now,
            source: EventSource::Call,
            service: service.to_string(),
            operation: operation.to_string(),
            region,
            request: summary,
            outcome,
            resources: cx.resources,
            why,
        });
        result
    }

    /// Moves the clock forward by `by`, running every job that falls due, in order, each at its
    /// own due time. Returns how many jobs ran.
    pub fn advance(&mut self, by: SimDuration) -> usize {
        let target = self.now + SimDuration(by.0.max(0));
        let mut ran = 0;
        while let Some(scheduled) = self.scheduler.pop_due(target) {
            self.now = self.now.max(scheduled.due);
            self.run_job(scheduled.job);
            ran += 1;
        }
        self.now = target;
        ran
    }

    /// Moves the clock to the next deadline (if any) and runs what is due then.
    pub fn advance_to_next_deadline(&mut self) -> usize {
        match self.next_deadline() {
            Some(due) if due > self.now => self.advance(due - self.now),
            Some(_) => self.advance(SimDuration(0)),
            None => 0,
        }
    }

    fn run_job(&mut self, job: Job) {
        let mut cx = CallContext::new(&self.default_region);
        let (service, operation) = job.describe();
        let summary = summarize(&serde_json::to_string(&job).unwrap_or_default(), 400);
        let result = services::run_job(self, &mut cx, job);
        let outcome = match &result {
            Ok(()) => Outcome::Ok,
            Err(e) => Outcome::Error { code: e.code.clone(), message: e.message.clone() },
        };
        let why = cx.why.take().unwrap_or_else(|| format!("{operation} was due"));
        self.trail.push(TrailEvent {
            seq: 0,
            time: self.now,
            source: EventSource::Job,
            service: service.to_string(),
            operation: operation.to_string(),
            region: cx.region.clone(),
            request: summary,
            outcome,
            resources: cx.resources,
            why,
        });
    }

    /// Schedules `job` to run `after` from now.
    pub fn schedule(&mut self, after: SimDuration, job: Job) -> u64 {
        let due = self.now + after;
        self.scheduler.schedule(due, job)
    }

    /// A simulated HTTP request from a client on the internet. The host is resolved to the
    /// endpoint that owns it and the endpoint answers; the trail records the exchange.
    pub fn http(&mut self, request: &HttpRequest) -> Result<HttpResponse, NetError> {
        let mut cx = CallContext::new(&self.default_region);
        let result = network::parse_url(&request.url).and_then(|url| {
            match services::serve_http(self, &mut cx, request, &url) {
                Some(resp) => Ok(resp),
                None if cx.timed_out.is_some() => {
                    let (host, port) = cx.timed_out.take().expect("checked");
                    Err(NetError::TimedOut(host, port))
                }
                // A name that resolved to an address, or an address itself, where nothing listens.
                None if cx.refused.is_some() || url.host.parse::<std::net::IpAddr>().is_ok() => {
                    Err(NetError::ConnectionRefused(cx.refused.take().unwrap_or(url.host.clone())))
                }
                None => Err(NetError::CouldNotResolve(url.host.clone())),
            }
        });
        let (outcome, why) = match &result {
            Ok(resp) => (Outcome::Ok, cx.why.take().unwrap_or_else(|| format!("HTTP {}", resp.status))),
            Err(e) => (
                Outcome::Error { code: "NetworkError".into(), message: e.to_string() },
                cx.why.take().unwrap_or_else(|| e.to_string()),
            ),
        };
        let resources = cx.resources;
        self.trail.push(TrailEvent {
            seq: 0,
            time: self.now,
            source: EventSource::Http,
            service: "network".into(),
            operation: request.method.clone(),
            region: self.default_region.clone(),
            request: request.url.clone(),
            outcome,
            resources,
            why,
        });
        result
    }

    /// Adds an event to the trail for something that is neither a call, a job nor an HTTP
    /// request made through `http` (a DNS query through a simulated resolver).
    #[cfg_attr(not(feature = "route53"), allow(dead_code))]
    pub(crate) fn record_event(&mut self, event: TrailEvent) -> u64 {
        self.trail.push(event)
    }

    /// The World as JSON (saves, export, share links).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).expect("a World always serializes")
    }

    /// Reads a World saved by `to_json`; a damaged save gives a readable error, never a panic.
    pub fn from_json(json: &str) -> Result<World, String> {
        let mut world: World = serde_json::from_str(json).map_err(|e| format!("this save cannot be read: {e}"))?;
        #[cfg(feature = "sqs")]
        services::sqs::ops::migrate(&mut world);
        Ok(world)
    }

    // Draws from the seeded generator, for services.
    pub(crate) fn rng(&mut self) -> &mut SimRng {
        &mut self.rng
    }
}
