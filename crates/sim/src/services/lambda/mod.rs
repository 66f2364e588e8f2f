//! AWS Lambda: functions (their configuration, not their code: Nimbus Lab does not run code),
//! the Pending → Active start on the simulated clock, recorded invocations, resource-based
//! permissions, and SQS event source mappings that poll their queue on the clock and hand
//! batches to the function.

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use jobs::LambdaJob;
pub use model::*;
pub use ops::*;

service_api! {
    request LambdaRequest, response LambdaResponse;
    CreateFunction(CreateFunctionRequest) -> FunctionConfiguration = ops::create_function;
    GetFunction(FunctionNameRequest) -> GetFunctionOutput = ops::get_function;
    GetFunctionConfiguration(FunctionNameRequest) -> FunctionConfiguration = ops::get_function_configuration;
    ListFunctions(ListFunctionsRequest) -> ListFunctionsOutput = ops::list_functions;
    UpdateFunctionConfiguration(UpdateFunctionConfigurationRequest) -> FunctionConfiguration = ops::update_function_configuration;
    DeleteFunction(FunctionNameRequest) -> EmptyOutput = ops::delete_function;
    Invoke(InvokeRequest) -> InvokeOutput = ops::invoke;
    AddPermission(AddPermissionRequest) -> AddPermissionOutput = ops::add_permission;
    RemovePermission(RemovePermissionRequest) -> EmptyOutput = ops::remove_permission;
    CreateEventSourceMapping(CreateEventSourceMappingRequest) -> EventSourceMappingConfiguration = ops::create_event_source_mapping;
    GetEventSourceMapping(UuidRequest) -> EventSourceMappingConfiguration = ops::get_event_source_mapping;
    ListEventSourceMappings(ListEventSourceMappingsRequest) -> ListEventSourceMappingsOutput = ops::list_event_source_mappings;
    DeleteEventSourceMapping(UuidRequest) -> EventSourceMappingConfiguration = ops::delete_event_source_mapping;
}
