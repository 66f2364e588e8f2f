//! RDS through the terminal: DB subnet groups need two Availability Zones, a DB instance moves
//! creating → backing-up → available on the clock with its endpoint, modifications wait or apply
//! at once, stop/start (and AWS's restart after seven days), deletion protection and final
//! snapshots, and the errors AWS gives for bad input.

mod common;

use common::ec2::Term;
use nimbus_sim::SimDuration;
use serde_json::Value as Json;

/// A VPC with subnets in us-east-1a and us-east-1b; returns (vpc, subnet a, subnet b).
fn network(t: &mut Term) -> (String, String, String) {
    let vpc = t.text("aws ec2 create-vpc --cidr-block 10.0.0.0/16 --query Vpc.VpcId");
    let a = t.text(&format!(
        "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.1.0/24 --availability-zone us-east-1a --query Subnet.SubnetId"
    ));
    let b = t.text(&format!(
        "aws ec2 create-subnet --vpc-id {vpc} --cidr-block 10.0.2.0/24 --availability-zone us-east-1b --query Subnet.SubnetId"
    ));
    (vpc, a, b)
}

fn status(t: &mut Term, id: &str) -> String {
    t.text(&format!(
        "aws rds describe-db-instances --db-instance-identifier {id} --query DBInstances[0].DBInstanceStatus"
    ))
}

fn instance(t: &mut Term, id: &str) -> Json {
    t.json(&format!("aws rds describe-db-instances --db-instance-identifier {id}"))["DBInstances"][0].clone()
}

const CREATE: &str = "aws rds create-db-instance --db-instance-identifier appdb --engine mysql \
    --db-instance-class db.t3.micro --allocated-storage 20 --master-username admin \
    --master-user-password Secret123 --db-subnet-group-name appdb-subnets";

fn with_group(seed: u64) -> Term {
    let mut t = Term::new(seed);
    let (_, a, b) = network(&mut t);
    t.ok(&format!(
        "aws rds create-db-subnet-group --db-subnet-group-name appdb-subnets --db-subnet-group-description App --subnet-ids {a} {b}"
    ));
    t
}

#[test]
fn a_subnet_group_needs_two_availability_zones() {
    let mut t = Term::new(1);
    let (vpc, a, b) = network(&mut t);
    let err = t.fails(&format!(
        "aws rds create-db-subnet-group --db-subnet-group-name one --db-subnet-group-description x --subnet-ids {a}"
    ));
    assert!(err.contains("DBSubnetGroupDoesNotCoverEnoughAZs"), "{err}");
    let out = t.json(&format!(
        "aws rds create-db-subnet-group --db-subnet-group-name Two --db-subnet-group-description x --subnet-ids {a} {b}"
    ));
    assert_eq!(out["DBSubnetGroup"]["DBSubnetGroupName"], "two", "RDS keeps names in lower case");
    assert_eq!(out["DBSubnetGroup"]["VpcId"], vpc.as_str());
    assert_eq!(out["DBSubnetGroup"]["Subnets"].as_array().unwrap().len(), 2);
    let err = t.fails("aws rds describe-db-subnet-groups --db-subnet-group-name nope");
    assert!(err.contains("DBSubnetGroupNotFoundFault"), "{err}");
    t.ok("aws rds delete-db-subnet-group --db-subnet-group-name two");
    assert_eq!(t.json("aws rds describe-db-subnet-groups")["DBSubnetGroups"].as_array().unwrap().len(), 0);
}

#[test]
fn an_instance_becomes_available_on_the_clock_with_its_endpoint() {
    let mut t = with_group(2);
    let out = t.json(CREATE);
    assert_eq!(out["DBInstance"]["DBInstanceStatus"], "creating");
    assert!(out["DBInstance"].get("Endpoint").is_none(), "no endpoint while creating");
    assert_eq!(out["DBInstance"]["EngineVersion"], "8.0.40", "the engine's default version");
    t.world.advance(SimDuration::minutes(7));
    assert_eq!(status(&mut t, "appdb"), "creating");
    t.world.advance(SimDuration::minutes(1));
    assert_eq!(status(&mut t, "appdb"), "backing-up");
    t.world.advance(SimDuration::minutes(2));
    assert_eq!(status(&mut t, "appdb"), "available");
    let i = instance(&mut t, "appdb");
    let address = i["Endpoint"]["Address"].as_str().unwrap();
    assert!(address.starts_with("appdb.") && address.ends_with(".us-east-1.rds.amazonaws.com"), "{address}");
    assert_eq!(i["Endpoint"]["Port"], 3306);
    assert_eq!(i["DBSubnetGroup"]["DBSubnetGroupName"], "appdb-subnets");
    assert!(["us-east-1a", "us-east-1b"].contains(&i["AvailabilityZone"].as_str().unwrap()));
    assert!(i["DbiResourceId"].as_str().unwrap().starts_with("db-"));
    let err = t.fails(CREATE);
    assert!(err.contains("DBInstanceAlreadyExists"), "{err}");
    let err = t.fails("aws rds describe-db-instances --db-instance-identifier nope");
    assert!(err.contains("DBInstanceNotFound") && err.contains("DBInstance nope not found."), "{err}");
}

#[test]
fn multi_az_takes_longer_and_has_a_standby_zone() {
    let mut t = with_group(3);
    t.ok(&CREATE.replace("--engine mysql", "--engine postgres --multi-az").replace("admin", "app_owner"));
    t.world.advance(SimDuration::minutes(10));
    assert_eq!(status(&mut t, "appdb"), "creating", "a Multi-AZ instance builds its standby too");
    t.world.advance(SimDuration::minutes(7));
    let i = instance(&mut t, "appdb");
    assert_eq!(i["DBInstanceStatus"], "available");
    assert_eq!(i["Endpoint"]["Port"], 5432);
    assert_ne!(i["SecondaryAvailabilityZone"], i["AvailabilityZone"]);
}

#[test]
fn bad_input_gets_rds_errors() {
    let mut t = with_group(4);
    let cases = [
        (
            CREATE.replace("Secret123", "Sec/ret123"),
            "InvalidParameterValue",
            "Only printable ASCII characters besides '/', '@', '\"', ' '",
        ),
        (CREATE.replace("Secret123", "short"), "InvalidParameterValue", "shorter than 8 characters"),
        (
            CREATE.replace("--allocated-storage 20", "--allocated-storage 5"),
            "InvalidParameterCombination",
            "Invalid storage size for engine name mysql and storage type gp2: 5",
        ),
        (CREATE.replace("--engine mysql", "--engine oracle-ee"), "InvalidParameterValue", "not simulated"),
        (CREATE.replace("--engine mysql", "--engine mongodb"), "InvalidParameterValue", "Invalid DB engine"),
        (CREATE.replace("db.t3.micro", "db.x9.huge"), "InvalidParameterCombination", "DBInstanceClass=db.x9.huge"),
        (CREATE.replace("appdb-subnets", "nope"), "DBSubnetGroupNotFoundFault", "DBSubnetGroup 'nope' not found."),
        (
            CREATE.replace("--db-instance-identifier appdb", "--db-instance-identifier 9db"),
            "InvalidParameterValue",
            "not a valid identifier",
        ),
        (format!("{CREATE} --manage-master-user-password"), "InvalidParameterCombination", "ManageMasterUserPassword"),
        (
            CREATE.replace("--master-username admin", "--master-username rdsadmin"),
            "InvalidParameterValue",
            "reserved word",
        ),
        (format!("{CREATE} --kms-key-id alias/x"), "InvalidParameterCombination", "non-encrypted"),
        (CREATE.replace("--allocated-storage 20", "--allocated-storage 60000") + " --engine-version 8.0.39", "", ""),
    ];
    for (line, code, text) in &cases[..cases.len() - 1] {
        let err = t.fails(line);
        assert!(err.contains(code) && err.contains(text), "{line}\n{err}");
    }
    // 60,000 GiB fits; a second instance of 60,000 passes the account's 100,000 GiB quota.
    t.ok(&cases[cases.len() - 1].0);
    let err = t.fails(&cases[cases.len() - 1].0.replace("identifier appdb", "identifier appdb2"));
    assert!(err.contains("StorageQuotaExceeded"), "{err}");
    assert!(t.json("aws rds describe-db-instances")["DBInstances"].as_array().unwrap().len() == 1);
}

#[test]
fn managed_password_and_default_vpc() {
    let mut t = Term::new(5);
    let out = t.json(
        "aws rds create-db-instance --db-instance-identifier plain --engine mariadb --db-instance-class db.t3.micro \
         --allocated-storage 20 --master-username admin --manage-master-user-password",
    );
    let i = &out["DBInstance"];
    assert_eq!(i["DBSubnetGroup"]["DBSubnetGroupName"], "default", "no subnet group: the default VPC's");
    assert!(i["MasterUserSecret"]["SecretArn"].as_str().unwrap().starts_with("arn:aws:secretsmanager:"));
    let default_vpc = t.text("aws ec2 describe-vpcs --filters Name=isDefault,Values=true --query Vpcs[0].VpcId");
    assert_eq!(i["DBSubnetGroup"]["VpcId"], default_vpc.as_str());
    assert_eq!(i["VpcSecurityGroups"].as_array().unwrap().len(), 1, "the VPC's default security group");
}

#[test]
fn modifications_wait_for_the_window_unless_applied_immediately() {
    let mut t = with_group(6);
    t.ok(CREATE);
    let err = t.fails("aws rds modify-db-instance --db-instance-identifier appdb --db-instance-class db.t3.small");
    assert!(err.contains("InvalidDBInstanceState"), "not while creating: {err}");
    t.world.advance(SimDuration::minutes(10));
    let out = t.json("aws rds modify-db-instance --db-instance-identifier appdb --db-instance-class db.t3.small");
    assert_eq!(out["DBInstance"]["DBInstanceStatus"], "available");
    assert_eq!(out["DBInstance"]["DBInstanceClass"], "db.t3.micro");
    assert_eq!(out["DBInstance"]["PendingModifiedValues"]["DBInstanceClass"], "db.t3.small");
    let out =
        t.json("aws rds modify-db-instance --db-instance-identifier appdb --allocated-storage 30 --apply-immediately");
    assert_eq!(out["DBInstance"]["DBInstanceStatus"], "modifying");
    t.world.advance(SimDuration::minutes(6));
    let i = instance(&mut t, "appdb");
    assert_eq!(i["DBInstanceStatus"], "available");
    assert_eq!(i["DBInstanceClass"], "db.t3.small", "the pending class went in with the immediate change");
    assert_eq!(i["AllocatedStorage"], 30);
    assert_eq!(i["PendingModifiedValues"], serde_json::json!({}));
    let err =
        t.fails("aws rds modify-db-instance --db-instance-identifier appdb --allocated-storage 20 --apply-immediately");
    assert!(err.contains("cannot be decreased"), "{err}");
}

#[test]
fn a_stopped_instance_starts_again_after_seven_days() {
    let mut t = with_group(7);
    t.ok(CREATE);
    t.world.advance(SimDuration::minutes(10));
    t.ok("aws rds stop-db-instance --db-instance-identifier appdb");
    assert_eq!(status(&mut t, "appdb"), "stopping");
    t.world.advance(SimDuration::minutes(3));
    assert_eq!(status(&mut t, "appdb"), "stopped");
    let err = t.fails("aws rds stop-db-instance --db-instance-identifier appdb");
    assert!(err.contains("InvalidDBInstanceState"), "{err}");
    t.world.advance(SimDuration::days(7));
    assert_eq!(status(&mut t, "appdb"), "starting", "AWS starts it after seven days");
    t.world.advance(SimDuration::minutes(5));
    assert_eq!(status(&mut t, "appdb"), "available");
    // A start by hand cancels the automatic one.
    t.ok("aws rds stop-db-instance --db-instance-identifier appdb");
    t.world.advance(SimDuration::minutes(3));
    t.ok("aws rds start-db-instance --db-instance-identifier appdb");
    t.world.advance(SimDuration::minutes(5));
    t.ok("aws rds reboot-db-instance --db-instance-identifier appdb");
    assert_eq!(status(&mut t, "appdb"), "rebooting");
    t.world.advance(SimDuration::days(8));
    assert_eq!(status(&mut t, "appdb"), "available");
}

#[test]
fn deletion_protection_and_the_final_snapshot() {
    let mut t = with_group(8);
    t.ok(&format!("{CREATE} --deletion-protection"));
    t.world.advance(SimDuration::minutes(10));
    let err = t.fails("aws rds delete-db-instance --db-instance-identifier appdb --skip-final-snapshot");
    assert!(
        err.contains("InvalidParameterCombination")
            && err.contains("Cannot delete protected DB Instance, please disable deletion protection and try again."),
        "{err}"
    );
    t.ok("aws rds modify-db-instance --db-instance-identifier appdb --no-deletion-protection");
    let err = t.fails("aws rds delete-db-instance --db-instance-identifier appdb");
    assert!(err.contains("FinalDBSnapshotIdentifier is required unless SkipFinalSnapshot is specified."), "{err}");
    let out =
        t.json("aws rds delete-db-instance --db-instance-identifier appdb --final-db-snapshot-identifier appdb-final");
    assert_eq!(out["DBInstance"]["DBInstanceStatus"], "deleting");
    let snaps = t.json("aws rds describe-db-snapshots");
    assert_eq!(snaps["DBSnapshots"][0]["DBSnapshotIdentifier"], "appdb-final");
    assert_eq!(snaps["DBSnapshots"][0]["Status"], "creating");
    assert_eq!(snaps["DBSnapshots"][0]["SnapshotType"], "manual");
    t.world.advance(SimDuration::minutes(5));
    let err = t.fails("aws rds describe-db-instances --db-instance-identifier appdb");
    assert!(err.contains("DBInstanceNotFound"), "{err}");
    assert_eq!(
        t.text("aws rds describe-db-snapshots --db-snapshot-identifier appdb-final --query DBSnapshots[0].Status"),
        "available"
    );
    t.ok("aws rds delete-db-snapshot --db-snapshot-identifier appdb-final");
    let err = t.fails("aws rds delete-db-snapshot --db-snapshot-identifier appdb-final");
    assert!(err.contains("DBSnapshotNotFound"), "{err}");
}

#[test]
fn manual_snapshots_and_tags() {
    let mut t = with_group(9);
    t.ok(&format!("{CREATE} --tags Key=team,Value=web"));
    let err = t.fails("aws rds create-db-snapshot --db-instance-identifier appdb --db-snapshot-identifier s1");
    assert!(err.contains("InvalidDBInstanceState"), "{err}");
    t.world.advance(SimDuration::minutes(10));
    t.ok("aws rds create-db-snapshot --db-instance-identifier appdb --db-snapshot-identifier s1");
    let err = t.fails("aws rds create-db-snapshot --db-instance-identifier appdb --db-snapshot-identifier s1");
    assert!(err.contains("DBSnapshotAlreadyExists"), "{err}");
    t.world.advance(SimDuration::minutes(3));
    assert_eq!(
        t.text("aws rds describe-db-snapshots --db-instance-identifier appdb --query DBSnapshots[0].Status"),
        "available"
    );
    let arn = t.text("aws rds describe-db-instances --query DBInstances[0].DBInstanceArn");
    assert_eq!(arn, "arn:aws:rds:us-east-1:123456789012:db:appdb");
    t.ok(&format!("aws rds add-tags-to-resource --resource-name {arn} --tags Key=env,Value=dev"));
    let tags = t.json(&format!("aws rds list-tags-for-resource --resource-name {arn}"));
    assert_eq!(tags["TagList"].as_array().unwrap().len(), 2);
    t.ok(&format!("aws rds remove-tags-from-resource --resource-name {arn} --tag-keys team"));
    let tags = t.json(&format!("aws rds list-tags-for-resource --resource-name {arn}"));
    assert_eq!(tags["TagList"], serde_json::json!([{"Key": "env", "Value": "dev"}]));
}

#[test]
fn an_encrypted_instance_needs_a_usable_kms_key() {
    let mut t = with_group(10);
    let key = t.text("aws kms create-key --query KeyMetadata.KeyId");
    t.ok(&format!("aws kms disable-key --key-id {key}"));
    let err = t.fails(&format!("{CREATE} --storage-encrypted --kms-key-id {key}"));
    assert!(err.contains("KMSKeyNotAccessibleFault"), "{err}");
    t.ok(&format!("aws kms enable-key --key-id {key}"));
    let out = t.json(&format!("{CREATE} --storage-encrypted --kms-key-id {key}"));
    assert_eq!(out["DBInstance"]["StorageEncrypted"], true);
    assert!(out["DBInstance"]["KmsKeyId"].as_str().unwrap().ends_with(&key));
}
