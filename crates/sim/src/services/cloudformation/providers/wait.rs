//! `AWS::CloudFormation::WaitConditionHandle` and `AWS::CloudFormation::WaitCondition`: a handle
//! is a presigned URL that scripts PUT signals to; a wait condition holds the stack until its
//! handle has `Count` SUCCESS signals (the waiting itself is in `signals.rs`). AWS now
//! recommends a `CreationPolicy` on the instance instead; both are simulated because older
//! templates use wait conditions.

use super::{check_properties, Created, Provider, ProvisionCx};
use crate::services::cloudformation::signals::{WAIT_CONDITION, WAIT_CONDITION_HANDLE};
use crate::time::SimDuration;
use crate::world::World;
use serde_json::{Map, Value as Json};
use std::collections::BTreeMap;

pub struct WaitConditionHandle;
pub struct WaitCondition;

impl Provider for WaitConditionHandle {
    fn type_name(&self) -> &'static str {
        WAIT_CONDITION_HANDLE
    }
    fn properties(&self) -> &'static [&'static str] {
        &[]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Id"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn create(&self, world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        // The URL names the stack and the handle, signed as an S3 presigned PUT valid for a day.
        let c = world.now().civil();
        let date = format!("{:04}{:02}{:02}T{:02}{:02}{:02}Z", c.year, c.month, c.day, c.hour, c.minute, c.second);
        let signature = crate::ids::hex(world.rng(), 64);
        let arn = format!("{}/{}", cx.stack_id, cx.logical_id).replace(':', "%3A");
        let url = format!(
            "https://cloudformation-waitcondition-{}.s3.amazonaws.com/{arn}?X-Amz-Algorithm=AWS4-HMAC-SHA256\
             &X-Amz-Date={date}&X-Amz-Expires=86399&X-Amz-SignedHeaders=host&X-Amz-Signature={signature}",
            cx.region
        );
        let mut attributes = BTreeMap::new();
        attributes.insert("Id".into(), url.clone());
        Ok(Created { physical_id: url.clone(), ref_value: url, attributes })
    }
    fn delete(&self, _world: &mut World, _cx: &ProvisionCx<'_>, _physical_id: &str) -> Result<(), String> {
        Ok(())
    }
}

impl Provider for WaitCondition {
    fn type_name(&self) -> &'static str {
        WAIT_CONDITION
    }
    fn properties(&self) -> &'static [&'static str] {
        &["Count", "Handle", "Timeout"]
    }
    fn attributes(&self) -> &'static [&'static str] {
        &["Data"]
    }
    fn create_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn delete_time(&self) -> SimDuration {
        SimDuration::seconds(1)
    }
    fn create(&self, _world: &mut World, cx: &ProvisionCx<'_>, props: &Map<String, Json>) -> Result<Created, String> {
        check_properties(cx.logical_id, self.properties(), props)?;
        // Its physical id is the handle's place in the stack, as the console shows it.
        let physical_id = format!("{}/{}", cx.stack_id, cx.logical_id);
        let mut attributes = BTreeMap::new();
        attributes.insert("Data".into(), "{}".into());
        Ok(Created { physical_id: physical_id.clone(), ref_value: physical_id, attributes })
    }
    fn delete(&self, _world: &mut World, _cx: &ProvisionCx<'_>, _physical_id: &str) -> Result<(), String> {
        Ok(())
    }
}
