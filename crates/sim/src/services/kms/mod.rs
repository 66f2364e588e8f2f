//! AWS KMS: keys and their state machine, real AES-256-GCM / HMAC-SHA-256 / ECDSA P-256
//! cryptography, aliases, rotation, deletion windows, imported key material, key policies,
//! grants and tags, on the simulated clock; with the `cloudhsm` feature, CloudHSM key stores
//! (`ops/custom_key_stores.rs`).
//!
//! `model.rs` holds the resources and the key state × operation table; `cipher.rs` the
//! cryptography and the documented ciphertext blob format; `access.rs` key policy parsing and
//! evaluation; `ops/` one function per operation; `jobs.rs` what time does to keys.

pub mod access;
pub mod cipher;
pub mod jobs;
pub mod model;
pub mod ops;
#[cfg(test)]
mod tests;

pub use jobs::Job;
pub use model::KmsState;
pub use ops::*;

pub(crate) use jobs::run as run_job;

service_api! {
    request KmsRequest, response KmsResponse;
    CreateKey(CreateKeyRequest) -> CreateKeyResponse = ops::create_key;
    DescribeKey(DescribeKeyRequest) -> DescribeKeyResponse = ops::describe_key;
    ListKeys(ListKeysRequest) -> ListKeysResponse = ops::list_keys;
    UpdateKeyDescription(UpdateKeyDescriptionRequest) -> EmptyResponse = ops::update_key_description;
    EnableKey(EnableKeyRequest) -> EmptyResponse = ops::enable_key;
    DisableKey(DisableKeyRequest) -> EmptyResponse = ops::disable_key;
    ScheduleKeyDeletion(ScheduleKeyDeletionRequest) -> ScheduleKeyDeletionResponse = ops::schedule_key_deletion;
    CancelKeyDeletion(CancelKeyDeletionRequest) -> CancelKeyDeletionResponse = ops::cancel_key_deletion;
    CreateAlias(CreateAliasRequest) -> EmptyResponse = ops::create_alias;
    UpdateAlias(UpdateAliasRequest) -> EmptyResponse = ops::update_alias;
    DeleteAlias(DeleteAliasRequest) -> EmptyResponse = ops::delete_alias;
    ListAliases(ListAliasesRequest) -> ListAliasesResponse = ops::list_aliases;
    Encrypt(EncryptRequest) -> EncryptResponse = ops::encrypt;
    Decrypt(DecryptRequest) -> DecryptResponse = ops::decrypt;
    ReEncrypt(ReEncryptRequest) -> ReEncryptResponse = ops::re_encrypt;
    GenerateDataKey(GenerateDataKeyRequest) -> GenerateDataKeyResponse = ops::generate_data_key;
    GenerateDataKeyWithoutPlaintext(GenerateDataKeyWithoutPlaintextRequest) -> GenerateDataKeyWithoutPlaintextResponse
        = ops::generate_data_key_without_plaintext;
    GenerateRandom(GenerateRandomRequest) -> GenerateRandomResponse = ops::generate_random;
    Sign(SignRequest) -> SignResponse = ops::sign;
    Verify(VerifyRequest) -> VerifyResponse = ops::verify;
    GenerateMac(GenerateMacRequest) -> GenerateMacResponse = ops::generate_mac;
    VerifyMac(VerifyMacRequest) -> VerifyMacResponse = ops::verify_mac;
    GetPublicKey(GetPublicKeyRequest) -> GetPublicKeyResponse = ops::get_public_key;
    EnableKeyRotation(EnableKeyRotationRequest) -> EmptyResponse = ops::enable_key_rotation;
    DisableKeyRotation(DisableKeyRotationRequest) -> EmptyResponse = ops::disable_key_rotation;
    GetKeyRotationStatus(GetKeyRotationStatusRequest) -> GetKeyRotationStatusResponse = ops::get_key_rotation_status;
    RotateKeyOnDemand(RotateKeyOnDemandRequest) -> RotateKeyOnDemandResponse = ops::rotate_key_on_demand;
    ListKeyRotations(ListKeyRotationsRequest) -> ListKeyRotationsResponse = ops::list_key_rotations;
    GetParametersForImport(GetParametersForImportRequest) -> GetParametersForImportResponse
        = ops::get_parameters_for_import;
    ImportKeyMaterial(ImportKeyMaterialRequest) -> ImportKeyMaterialResponse = ops::import_key_material;
    DeleteImportedKeyMaterial(DeleteImportedKeyMaterialRequest) -> DeleteImportedKeyMaterialResponse
        = ops::delete_imported_key_material;
    GetKeyPolicy(GetKeyPolicyRequest) -> GetKeyPolicyResponse = ops::get_key_policy;
    PutKeyPolicy(PutKeyPolicyRequest) -> EmptyResponse = ops::put_key_policy;
    ListKeyPolicies(ListKeyPoliciesRequest) -> ListKeyPoliciesResponse = ops::list_key_policies;
    CreateGrant(CreateGrantRequest) -> CreateGrantResponse = ops::create_grant;
    ListGrants(ListGrantsRequest) -> ListGrantsResponse = ops::list_grants;
    ListRetirableGrants(ListRetirableGrantsRequest) -> ListGrantsResponse = ops::list_retirable_grants;
    RetireGrant(RetireGrantRequest) -> EmptyResponse = ops::retire_grant;
    RevokeGrant(RevokeGrantRequest) -> EmptyResponse = ops::revoke_grant;
    TagResource(TagResourceRequest) -> EmptyResponse = ops::tag_resource;
    UntagResource(UntagResourceRequest) -> EmptyResponse = ops::untag_resource;
    ListResourceTags(ListResourceTagsRequest) -> ListResourceTagsResponse = ops::list_resource_tags;
    #[cfg(feature = "cloudhsm")]
    CreateCustomKeyStore(CreateCustomKeyStoreRequest) -> CreateCustomKeyStoreResponse = ops::create_custom_key_store;
    #[cfg(feature = "cloudhsm")]
    ConnectCustomKeyStore(ConnectCustomKeyStoreRequest) -> EmptyResponse = ops::connect_custom_key_store;
    #[cfg(feature = "cloudhsm")]
    DisconnectCustomKeyStore(DisconnectCustomKeyStoreRequest) -> EmptyResponse = ops::disconnect_custom_key_store;
    #[cfg(feature = "cloudhsm")]
    DescribeCustomKeyStores(DescribeCustomKeyStoresRequest) -> DescribeCustomKeyStoresResponse
        = ops::describe_custom_key_stores;
    #[cfg(feature = "cloudhsm")]
    UpdateCustomKeyStore(UpdateCustomKeyStoreRequest) -> EmptyResponse = ops::update_custom_key_store;
    #[cfg(feature = "cloudhsm")]
    DeleteCustomKeyStore(DeleteCustomKeyStoreRequest) -> EmptyResponse = ops::delete_custom_key_store;
}
