//! Amazon SNS: standard and FIFO topics, subscriptions and Publish's fan-out. SQS subscriptions
//! are confirmed at once and deliver into their queue through SQS (the SNS JSON envelope, or the
//! bare message with RawMessageDelivery); Lambda subscriptions record an invocation; email and
//! HTTP(S) subscriptions wait for a confirmation that never comes in the simulator.
//!
//! Nothing waits on the clock (`jobs.rs`).

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use model::*;
pub use ops::*;

service_api! {
    request SnsRequest, response SnsResponse;
    CreateTopic(CreateTopicRequest) -> CreateTopicOutput = ops::create_topic;
    ListTopics(ListTopicsRequest) -> ListTopicsOutput = ops::list_topics;
    GetTopicAttributes(TopicArnRequest) -> AttributesOutput = ops::get_topic_attributes;
    SetTopicAttributes(SetTopicAttributesRequest) -> EmptyOutput = ops::set_topic_attributes;
    DeleteTopic(TopicArnRequest) -> EmptyOutput = ops::delete_topic;
    Subscribe(SubscribeRequest) -> SubscribeOutput = ops::subscribe;
    ListSubscriptions(ListSubscriptionsRequest) -> ListSubscriptionsOutput = ops::list_subscriptions;
    ListSubscriptionsByTopic(ListSubscriptionsByTopicRequest) -> ListSubscriptionsOutput = ops::list_subscriptions_by_topic;
    GetSubscriptionAttributes(SubscriptionArnRequest) -> AttributesOutput = ops::get_subscription_attributes;
    SetSubscriptionAttributes(SetSubscriptionAttributesRequest) -> EmptyOutput = ops::set_subscription_attributes;
    Unsubscribe(SubscriptionArnRequest) -> EmptyOutput = ops::unsubscribe;
    Publish(PublishRequest) -> PublishOutput = ops::publish;
    TagResource(TagResourceRequest) -> EmptyOutput = ops::tag_resource;
    UntagResource(UntagResourceRequest) -> EmptyOutput = ops::untag_resource;
    ListTagsForResource(ResourceArnRequest) -> ListTagsForResourceOutput = ops::list_tags_for_resource;
}
