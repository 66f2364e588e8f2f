//! AWS Systems Manager Parameter Store: String, StringList and SecureString parameters with
//! versions, paths, and the public parameters AWS publishes under `/aws/service/` (the latest
//! Amazon Linux, Ubuntu and Windows AMI ids per Region), so templates can take an
//! `AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>` parameter.
//!
//! `ops/` has one function per operation; nothing waits on the clock (`jobs.rs`).

pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use model::*;
pub use ops::*;

service_api! {
    request SsmRequest, response SsmResponse;
    PutParameter(PutParameterRequest) -> PutParameterOutput = ops::put_parameter;
    GetParameter(GetParameterRequest) -> GetParameterOutput = ops::get_parameter;
    GetParameters(GetParametersRequest) -> GetParametersOutput = ops::get_parameters;
    GetParametersByPath(GetParametersByPathRequest) -> GetParametersByPathOutput = ops::get_parameters_by_path;
    DeleteParameter(DeleteParameterRequest) -> EmptyOutput = ops::delete_parameter;
}
