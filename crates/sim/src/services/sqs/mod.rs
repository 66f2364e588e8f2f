//! Amazon SQS: standard and FIFO queues with their attributes, messages that stay invisible for
//! their visibility timeout on the simulated clock, receive counts, dead-letter queues
//! (RedrivePolicy) and tags. SNS delivers to queues and Lambda's event source mappings read them
//! through the crate-level functions in `ops/messages.rs`.
//!
//! Nothing is scheduled for SQS itself (`jobs.rs`): visibility, delays and retention are read
//! against the clock whenever a queue is looked at.

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use model::*;
pub use ops::*;

service_api! {
    request SqsRequest, response SqsResponse;
    CreateQueue(CreateQueueRequest) -> CreateQueueOutput = ops::create_queue;
    GetQueueUrl(GetQueueUrlRequest) -> GetQueueUrlOutput = ops::get_queue_url;
    ListQueues(ListQueuesRequest) -> ListQueuesOutput = ops::list_queues;
    GetQueueAttributes(GetQueueAttributesRequest) -> GetQueueAttributesOutput = ops::get_queue_attributes;
    SetQueueAttributes(SetQueueAttributesRequest) -> EmptyOutput = ops::set_queue_attributes;
    DeleteQueue(QueueUrlRequest) -> EmptyOutput = ops::delete_queue;
    PurgeQueue(QueueUrlRequest) -> EmptyOutput = ops::purge_queue;
    SendMessage(SendMessageRequest) -> SendMessageOutput = ops::send_message;
    ReceiveMessage(ReceiveMessageRequest) -> ReceiveMessageOutput = ops::receive_message;
    DeleteMessage(DeleteMessageRequest) -> EmptyOutput = ops::delete_message;
    ChangeMessageVisibility(ChangeMessageVisibilityRequest) -> EmptyOutput = ops::change_message_visibility;
    TagQueue(TagQueueRequest) -> EmptyOutput = ops::tag_queue;
    UntagQueue(UntagQueueRequest) -> EmptyOutput = ops::untag_queue;
    ListQueueTags(QueueUrlRequest) -> ListQueueTagsOutput = ops::list_queue_tags;
}
