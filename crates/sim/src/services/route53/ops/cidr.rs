//! CIDR collections for IP-based routing: CreateCidrCollection, ChangeCidrCollection (PUT and
//! DELETE_IF_EXISTS, guarded by CollectionVersion), ListCidrCollections, ListCidrLocations,
//! ListCidrBlocks and DeleteCidrCollection. Error codes and messages are the API model's.

use super::*;
use crate::services::route53::cidr::Cidr;
use std::collections::BTreeMap;

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateCidrCollectionRequest {
    pub name: String,
    pub caller_reference: String,
}

/// `CidrCollection` (and `CollectionSummary`, which has the same fields).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrCollection {
    pub arn: String,
    pub id: String,
    pub name: String,
    pub version: i64,
}

impl CidrCollection {
    pub fn of(c: &CidrCollectionState) -> Self {
        CidrCollection { arn: c.arn(), id: c.id.clone(), name: c.name.clone(), version: c.version }
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CreateCidrCollectionOutput {
    pub collection: CidrCollection,
    pub location: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrCollectionChange {
    pub location_name: String,
    pub action: String,
    pub cidr_list: Vec<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeCidrCollectionRequest {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub collection_version: Option<i64>,
    pub changes: Vec<CidrCollectionChange>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ChangeCidrCollectionOutput {
    pub id: String,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCidrCollectionsRequest {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCidrCollectionsOutput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub cidr_collections: Vec<CidrCollection>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCidrLocationsRequest {
    pub collection_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct LocationSummary {
    pub location_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCidrLocationsOutput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub cidr_locations: Vec<LocationSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCidrBlocksRequest {
    pub collection_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_results: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct CidrBlockSummary {
    pub cidr_block: String,
    pub location_name: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct ListCidrBlocksOutput {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_token: Option<String>,
    pub cidr_blocks: Vec<CidrBlockSummary>,
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "PascalCase")]
pub struct DeleteCidrCollectionRequest {
    pub id: String,
}

// ---------------------------------------------------------------- errors (the API model's text)

pub(crate) fn no_such_collection(id: &str) -> ApiError {
    ApiError::not_found(
        "NoSuchCidrCollectionException",
        format!("The CIDR collection you specified, doesn't exist. (Id: {id})"),
    )
}

pub(crate) fn no_such_location(name: &str) -> ApiError {
    ApiError::not_found(
        "NoSuchCidrLocationException",
        format!("The CIDR collection location doesn't match any locations in your account. (LocationName: {name})"),
    )
}

fn limits_exceeded(what: String) -> ApiError {
    ApiError::bad_request(
        "LimitsExceeded",
        format!("This operation can't be completed because the current account has reached the limit on the resource you are trying to create. ({what})"),
    )
}

fn pattern_error(value: &str, field: &str, pattern: &str, max: usize) -> Option<ApiError> {
    let ok_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-' || (pattern.contains('*') && c == '*');
    if value.is_empty() || value.len() > max {
        return Some(invalid_input(format!(
            "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must have length between 1 and {max}"
        )));
    }
    if !value.chars().all(ok_char) {
        return Some(invalid_input(format!(
            "1 validation error detected: Value '{value}' at '{field}' failed to satisfy constraint: Member must satisfy regular expression pattern: {pattern}"
        )));
    }
    None
}

/// A location name a record may use (`*` allowed) or a collection may hold (`*` not allowed).
pub(crate) fn check_location_name(name: &str, field: &str, default_allowed: bool) -> Option<ApiError> {
    if default_allowed {
        pattern_error(name, field, "[0-9A-Za-z_\\-\\*]+", 16)
    } else {
        pattern_error(name, field, "[0-9A-Za-z_\\-]+", 16)
    }
}

fn collection<'w>(world: &'w World, cx: &mut CallContext, id: &str) -> Result<&'w CidrCollectionState, ApiError> {
    cx.touch(format!("arn:aws:route53:::cidrcollection/{id}"));
    world.route53.cidr_collections.get(id).ok_or_else(|| {
        cx.why(format!("no CIDR collection has the id '{id}'"));
        no_such_collection(id)
    })
}

/// Record sets (zone name, describe) that route by a collection, optionally one location.
fn records_using(world: &World, id: &str, location: Option<&str>) -> Vec<String> {
    let mut out = Vec::new();
    for zone in world.route53.zones.values() {
        for set in zone.records.values() {
            if let Some(c) = &set.cidr_routing_config {
                if c.collection_id == id && location.is_none_or(|l| l == c.location_name) {
                    out.push(set.describe());
                }
            }
        }
    }
    out
}

/// A page of `items` after the key in `token`, at most `max_results` (default and cap 100).
fn page<T: Clone>(
    items: &[(String, T)],
    token: Option<&str>,
    max_results: Option<&str>,
) -> Result<(Vec<T>, Option<String>), ApiError> {
    let max = max_items(max_results, 100, 100)?;
    let start = match token {
        Some(t) => items.iter().position(|(k, _)| k.as_str() > t).unwrap_or(items.len()),
        None => 0,
    };
    let chosen: Vec<&(String, T)> = items[start..].iter().take(max).collect();
    let next = if start + chosen.len() < items.len() { chosen.last().map(|(k, _)| k.clone()) } else { None };
    Ok((chosen.into_iter().map(|(_, v)| v.clone()).collect(), next))
}

// ---------------------------------------------------------------- operations

pub fn create_cidr_collection(
    world: &mut World,
    cx: &mut CallContext,
    input: CreateCidrCollectionRequest,
) -> Result<CreateCidrCollectionOutput, ApiError> {
    if let Some(e) = pattern_error(&input.name, "name", "[0-9A-Za-z_\\-]+", 64) {
        cx.why("a collection name is 1 to 64 letters, digits, '_' or '-'");
        return Err(e);
    }
    if input.caller_reference.is_empty() || input.caller_reference.len() > 64 || !input.caller_reference.is_ascii() {
        return Err(invalid_input(format!(
            "1 validation error detected: Value '{}' at 'callerReference' failed to satisfy constraint: Member must have length between 1 and 64",
            input.caller_reference
        )));
    }
    if let Some(existing) = world.route53.cidr_collections.values().find(|c| c.name == input.name) {
        if existing.caller_reference == input.caller_reference {
            cx.touch(existing.arn());
            cx.why("the same name and CallerReference: the request is a retry, so the existing collection is returned");
            return Ok(CreateCidrCollectionOutput {
                location: format!("https://route53.amazonaws.com/2013-04-01/cidrcollection/{}", existing.id),
                collection: CidrCollection::of(existing),
            });
        }
        cx.why(format!("a collection named '{}' already exists with another CallerReference", input.name));
        return Err(ApiError::bad_request(
            "CidrCollectionAlreadyExistsException",
            "A CIDR collection with this name and a different caller reference already exists in this account.",
        ));
    }
    if world.route53.cidr_collections.len() >= MAX_CIDR_COLLECTIONS {
        cx.why(format!("an account holds at most {MAX_CIDR_COLLECTIONS} CIDR collections"));
        return Err(limits_exceeded(format!("at most {MAX_CIDR_COLLECTIONS} CIDR collections per account")));
    }
    let id = ids::uuid(world.rng());
    let state = CidrCollectionState {
        id: id.clone(),
        name: input.name,
        caller_reference: input.caller_reference,
        version: 1,
        locations: BTreeMap::new(),
    };
    cx.touch(state.arn());
    cx.why(format!("created CIDR collection '{}' at version 1, with no locations yet", state.name));
    let out = CreateCidrCollectionOutput {
        location: format!("https://route53.amazonaws.com/2013-04-01/cidrcollection/{id}"),
        collection: CidrCollection::of(&state),
    };
    world.route53.cidr_collections.insert(id, state);
    Ok(out)
}

pub fn change_cidr_collection(
    world: &mut World,
    cx: &mut CallContext,
    input: ChangeCidrCollectionRequest,
) -> Result<ChangeCidrCollectionOutput, ApiError> {
    let current = collection(world, cx, &input.id)?;
    if input.changes.is_empty() || input.changes.len() > 1000 {
        return Err(invalid_input(format!(
            "1 validation error detected: Value at 'changes' failed to satisfy constraint: Member must have length between 1 and 1000 (it has {})",
            input.changes.len()
        )));
    }
    if let Some(v) = input.collection_version {
        if let Some(e) = out_of_range("collectionVersion", v, 1, i64::MAX) {
            return Err(e);
        }
        if v != current.version {
            cx.why(format!(
                "CollectionVersion {v} was given but the collection is at version {}: someone changed it since it was read",
                current.version
            ));
            return Err(ApiError::conflict(
                "CidrCollectionVersionMismatchException",
                "The CIDR collection version you provided, doesn't match the one in the ListCidrCollections operation.",
            ));
        }
    }
    let mut locations = current.locations.clone();
    for (i, change) in input.changes.iter().enumerate() {
        let field = format!("changes.{}.member", i + 1);
        if let Some(e) = check_location_name(&change.location_name, &format!("{field}.locationName"), false) {
            cx.why("a CIDR location name is 1 to 16 letters, digits, '_' or '-' ('*' is only for records)");
            return Err(e);
        }
        if change.action != "PUT" && change.action != "DELETE_IF_EXISTS" {
            return Err(invalid_input(format!(
                "1 validation error detected: Value '{}' at '{field}.action' failed to satisfy constraint: Member must satisfy enum value set: [PUT, DELETE_IF_EXISTS]",
                change.action
            )));
        }
        if change.cidr_list.is_empty() || change.cidr_list.len() > 1000 {
            return Err(invalid_input(format!(
                "1 validation error detected: Value at '{field}.cidrList' failed to satisfy constraint: Member must have length between 1 and 1000"
            )));
        }
        let mut blocks = Vec::with_capacity(change.cidr_list.len());
        for text in &change.cidr_list {
            match Cidr::parse(text) {
                Ok(c) => blocks.push(c.to_string()),
                Err(why) => {
                    cx.why(why.clone());
                    return Err(invalid_input(why));
                }
            }
        }
        if change.action == "PUT" {
            for block in blocks {
                if let Some((other, _)) =
                    locations.iter().find(|(l, b)| **l != change.location_name && b.contains(&block))
                {
                    cx.why(format!(
                        "{block} already belongs to location '{other}'; a block is in one location of a collection"
                    ));
                    return Err(ApiError::bad_request(
                        "CidrBlockInUseException",
                        format!("This CIDR block is already in use. ({block} is in location {other})"),
                    ));
                }
                let list = locations.entry(change.location_name.clone()).or_default();
                if !list.contains(&block) {
                    list.push(block);
                }
            }
        } else if let Some(list) = locations.get_mut(&change.location_name) {
            list.retain(|b| !blocks.contains(b));
            if list.is_empty() {
                locations.remove(&change.location_name);
                let users = records_using(world, &input.id, Some(&change.location_name));
                if let Some(user) = users.first() {
                    cx.why(format!(
                        "this change would empty location '{}', which record {user} routes by",
                        change.location_name
                    ));
                    return Err(ApiError::bad_request(
                        "CidrBlockInUseException",
                        format!(
                            "This CIDR block is already in use. (location {} is used by {user})",
                            change.location_name
                        ),
                    ));
                }
            }
        }
    }
    let total: usize = locations.values().map(Vec::len).sum();
    if total > MAX_CIDR_BLOCKS_PER_COLLECTION {
        cx.why(format!(
            "a collection holds at most {MAX_CIDR_BLOCKS_PER_COLLECTION} CIDR blocks; this would make {total}"
        ));
        return Err(limits_exceeded(format!("at most {MAX_CIDR_BLOCKS_PER_COLLECTION} CIDR blocks per collection")));
    }
    for list in locations.values_mut() {
        crate::sort::sort(list);
    }
    let id = input.id.clone();
    let state = world.route53.cidr_collections.get_mut(&id).expect("looked up above");
    state.locations = locations;
    state.version += 1;
    let (version, count, name) = (state.version, state.block_count(), state.name.clone());
    let change = new_change(world, None);
    cx.why(format!(
        "applied {} change(s) to collection '{name}' as one batch: now version {version} with {count} block(s); change {} is PENDING",
        input.changes.len(),
        change.id
    ));
    Ok(ChangeCidrCollectionOutput { id: change.id })
}

pub fn list_cidr_collections(
    world: &mut World,
    cx: &mut CallContext,
    input: ListCidrCollectionsRequest,
) -> Result<ListCidrCollectionsOutput, ApiError> {
    let items: Vec<(String, CidrCollection)> = crate::sort::btree_map(
        world.route53.cidr_collections.values().map(|c| (c.name.clone(), CidrCollection::of(c))),
    )
    .into_iter()
    .collect();
    let (cidr_collections, next_token) = page(&items, input.next_token.as_deref(), input.max_results.as_deref())?;
    cx.why(format!("{} CIDR collection(s), by name", cidr_collections.len()));
    Ok(ListCidrCollectionsOutput { next_token, cidr_collections })
}

pub fn list_cidr_locations(
    world: &mut World,
    cx: &mut CallContext,
    input: ListCidrLocationsRequest,
) -> Result<ListCidrLocationsOutput, ApiError> {
    let c = collection(world, cx, &input.collection_id)?;
    let items: Vec<(String, LocationSummary)> =
        c.locations.keys().map(|l| (l.clone(), LocationSummary { location_name: l.clone() })).collect();
    let (cidr_locations, next_token) = page(&items, input.next_token.as_deref(), input.max_results.as_deref())?;
    cx.why(format!("{} location(s) in collection '{}'", cidr_locations.len(), c.name));
    Ok(ListCidrLocationsOutput { next_token, cidr_locations })
}

pub fn list_cidr_blocks(
    world: &mut World,
    cx: &mut CallContext,
    input: ListCidrBlocksRequest,
) -> Result<ListCidrBlocksOutput, ApiError> {
    let c = collection(world, cx, &input.collection_id)?;
    if let Some(l) = &input.location_name {
        if let Some(e) = check_location_name(l, "locationName", false) {
            return Err(e);
        }
        if !c.locations.contains_key(l) {
            cx.why(format!("collection '{}' has no location '{l}'", c.name));
            return Err(no_such_location(l));
        }
    }
    let items: Vec<(String, CidrBlockSummary)> = c
        .locations
        .iter()
        .filter(|(l, _)| input.location_name.as_ref().is_none_or(|want| want == *l))
        .flat_map(|(l, blocks)| {
            blocks.iter().map(move |b| {
                (format!("{l} {b}"), CidrBlockSummary { cidr_block: b.clone(), location_name: l.clone() })
            })
        })
        .collect();
    let (cidr_blocks, next_token) = page(&items, input.next_token.as_deref(), input.max_results.as_deref())?;
    cx.why(format!("{} CIDR block(s) in collection '{}'", cidr_blocks.len(), c.name));
    Ok(ListCidrBlocksOutput { next_token, cidr_blocks })
}

pub fn delete_cidr_collection(
    world: &mut World,
    cx: &mut CallContext,
    input: DeleteCidrCollectionRequest,
) -> Result<EmptyOutput, ApiError> {
    let c = collection(world, cx, &input.id)?;
    let users = records_using(world, &input.id, None);
    if !users.is_empty() || !c.locations.is_empty() {
        cx.why(if let Some(user) = users.first() {
            format!("record {user} routes by collection '{}'; delete or change those records first", c.name)
        } else {
            format!(
                "collection '{}' still holds {} location(s); remove their blocks with DELETE_IF_EXISTS first",
                c.name,
                c.locations.len()
            )
        });
        return Err(ApiError::bad_request(
            "CidrCollectionInUseException",
            "This CIDR collection is in use, and isn't empty.",
        ));
    }
    let name = c.name.clone();
    world.route53.cidr_collections.remove(&input.id);
    cx.why(format!("deleted the empty, unused CIDR collection '{name}'"));
    Ok(EmptyOutput {})
}
