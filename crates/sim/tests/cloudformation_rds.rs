//! A database stack made by CloudFormation through RDS and CloudWatch: the DB instance completes
//! only when RDS has made it available, its endpoint is a GetAtt, a class change updates it in
//! place through `modifying`, and deleting the stack with DeletionPolicy Snapshot leaves a final
//! snapshot that `aws rds describe-db-snapshots` lists.

mod common;

use common::ec2::Term;
use nimbus_sim::cli::FileSystem;
use nimbus_sim::SimDuration;
use serde_json::Value as Json;

const DATABASE: &str = "\
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    MinLength: 8
  DbClass:
    Type: String
    Default: db.t3.micro
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  SubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: !Select [0, !GetAZs '']
  SubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.2.0/24
      AvailabilityZone: !Select [1, !GetAZs '']
  DbSubnets:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupDescription: Private subnets for the database
      SubnetIds: [!Ref SubnetA, !Ref SubnetB]
  DbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: MySQL from the VPC
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 3306
          ToPort: 3306
          CidrIp: 10.0.0.0/16
  Database:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: mysql
      DBInstanceClass: !Ref DbClass
      AllocatedStorage: '20'
      MasterUsername: admin
      MasterUserPassword: !Ref DbPassword
      DBSubnetGroupName: !Ref DbSubnets
      VPCSecurityGroups: [!GetAtt DbSecurityGroup.GroupId]
  CpuAlarm:
    Type: AWS::CloudWatch::Alarm
    Properties:
      AlarmDescription: Database CPU above 80% for 10 minutes
      Namespace: AWS/RDS
      MetricName: CPUUtilization
      Dimensions:
        - Name: DBInstanceIdentifier
          Value: !Ref Database
      Statistic: Average
      Period: 300
      EvaluationPeriods: 2
      Threshold: 80
      ComparisonOperator: GreaterThanThreshold
Outputs:
  Endpoint:
    Value: !GetAtt Database.Endpoint.Address
  Port:
    Value: !GetAtt Database.Endpoint.Port
  AlarmArn:
    Value: !GetAtt CpuAlarm.Arn
";

fn stack_status(t: &mut Term) -> String {
    t.text("aws cloudformation describe-stacks --stack-name db --query Stacks[0].StackStatus")
}

fn physical(t: &mut Term, logical: &str) -> String {
    t.text(&format!(
        "aws cloudformation describe-stack-resources --stack-name db --logical-resource-id {logical} \
         --query StackResources[0].PhysicalResourceId"
    ))
}

fn output(t: &mut Term, key: &str) -> String {
    let out: Json = t.json("aws cloudformation describe-stacks --stack-name db");
    let outs = out["Stacks"][0]["Outputs"].as_array().cloned().unwrap_or_default();
    outs.iter().find(|o| o["OutputKey"] == key).map(|o| o["OutputValue"].as_str().unwrap().to_string()).unwrap()
}

fn create(t: &mut Term) {
    t.fs.write("db.yaml", DATABASE.as_bytes()).unwrap();
    t.ok("aws cloudformation create-stack --stack-name db --template-body file://db.yaml \
          --parameters ParameterKey=DbPassword,ParameterValue=Secret123");
}

#[test]
fn the_stack_completes_only_when_the_database_is_available() {
    let mut t = Term::new(31);
    create(&mut t);
    t.world.advance(SimDuration::minutes(9));
    assert_eq!(stack_status(&mut t), "CREATE_IN_PROGRESS");
    let id = physical(&mut t, "Database");
    let status =
        format!("aws rds describe-db-instances --db-instance-identifier {id} --query DBInstances[0].DBInstanceStatus");
    assert_eq!(t.text(&status), "backing-up");
    t.world.advance(SimDuration::minutes(2));
    assert_eq!(stack_status(&mut t), "CREATE_COMPLETE");
    assert_eq!(t.text(&status), "available");
    let instance = t.json(&format!("aws rds describe-db-instances --db-instance-identifier {id}"));
    let i = &instance["DBInstances"][0];
    assert_eq!(output(&mut t, "Endpoint"), i["Endpoint"]["Address"].as_str().unwrap());
    assert_eq!(output(&mut t, "Port"), "3306");
    assert_eq!(i["DBSubnetGroup"]["DBSubnetGroupName"].as_str().unwrap(), physical(&mut t, "DbSubnets"));
    assert_eq!(i["VpcSecurityGroups"][0]["VpcSecurityGroupId"].as_str().unwrap(), physical(&mut t, "DbSecurityGroup"));
    // The alarm watches the instance Ref names.
    let alarm = physical(&mut t, "CpuAlarm");
    let alarms = t.json(&format!("aws cloudwatch describe-alarms --alarm-names {alarm}"));
    assert_eq!(alarms["MetricAlarms"][0]["Dimensions"][0]["Value"].as_str().unwrap(), id);
    assert_eq!(output(&mut t, "AlarmArn"), alarms["MetricAlarms"][0]["AlarmArn"].as_str().unwrap());
    // The NoEcho password is not shown back.
    let params = t.json("aws cloudformation describe-stacks --stack-name db --query Stacks[0].Parameters");
    let shown = params.as_array().unwrap().iter().find(|p| p["ParameterKey"] == "DbPassword").unwrap().clone();
    assert_eq!(shown["ParameterValue"], "****");
}

#[test]
fn a_class_change_updates_the_instance_in_place_through_modifying() {
    let mut t = Term::new(32);
    create(&mut t);
    t.world.advance(SimDuration::minutes(11));
    assert_eq!(stack_status(&mut t), "CREATE_COMPLETE");
    let id = physical(&mut t, "Database");
    t.ok("aws cloudformation update-stack --stack-name db --use-previous-template \
          --parameters ParameterKey=DbPassword,UsePreviousValue=true ParameterKey=DbClass,ParameterValue=db.t3.small");
    t.world.advance(SimDuration::seconds(1));
    let i = t.json(&format!("aws rds describe-db-instances --db-instance-identifier {id}"));
    assert_eq!(i["DBInstances"][0]["DBInstanceStatus"], "modifying");
    assert_eq!(stack_status(&mut t), "UPDATE_IN_PROGRESS");
    t.world.advance(SimDuration::minutes(7));
    assert_eq!(stack_status(&mut t), "UPDATE_COMPLETE");
    assert_eq!(physical(&mut t, "Database"), id, "updated in place, not replaced");
    let i = t.json(&format!("aws rds describe-db-instances --db-instance-identifier {id}"));
    assert_eq!(i["DBInstances"][0]["DBInstanceClass"], "db.t3.small");
    assert_eq!(i["DBInstances"][0]["DBInstanceStatus"], "available");
}

#[test]
fn deleting_with_deletion_policy_snapshot_leaves_a_final_snapshot() {
    let mut t = Term::new(33);
    create(&mut t);
    t.world.advance(SimDuration::minutes(11));
    let id = physical(&mut t, "Database");
    t.ok("aws cloudformation delete-stack --stack-name db");
    t.world.advance(SimDuration::minutes(15));
    let gone = t.fails("aws cloudformation describe-stacks --stack-name db");
    assert!(gone.contains("does not exist"), "the stack finished deleting: {gone}");
    let err = t.fails(&format!("aws rds describe-db-instances --db-instance-identifier {id}"));
    assert!(err.contains("DBInstanceNotFound"), "{err}");
    let snaps = t.json("aws rds describe-db-snapshots");
    let snaps = snaps["DBSnapshots"].as_array().unwrap();
    assert_eq!(snaps.len(), 1, "the final snapshot stays after the stack");
    assert_eq!(snaps[0]["DBInstanceIdentifier"].as_str().unwrap(), id);
    assert_eq!(snaps[0]["Status"], "available");
    assert_eq!(snaps[0]["SnapshotType"], "manual");
    assert_eq!(t.json("aws cloudwatch describe-alarms")["MetricAlarms"].as_array().unwrap().len(), 0);
    assert_eq!(t.json("aws rds describe-db-subnet-groups")["DBSubnetGroups"].as_array().unwrap().len(), 0);
}

#[test]
fn without_deletion_policy_snapshot_no_snapshot_is_kept() {
    let mut t = Term::new(34);
    t.fs.write("db.yaml", DATABASE.replace("    DeletionPolicy: Snapshot\n", "").as_bytes()).unwrap();
    t.ok("aws cloudformation create-stack --stack-name db --template-body file://db.yaml \
          --parameters ParameterKey=DbPassword,ParameterValue=Secret123");
    t.world.advance(SimDuration::minutes(11));
    assert_eq!(stack_status(&mut t), "CREATE_COMPLETE");
    t.ok("aws cloudformation delete-stack --stack-name db");
    t.world.advance(SimDuration::minutes(15));
    assert_eq!(t.json("aws rds describe-db-snapshots")["DBSnapshots"].as_array().unwrap().len(), 0);
}

#[test]
fn a_bad_password_fails_the_database_with_rds_reason() {
    let mut t = Term::new(35);
    t.fs.write("db.yaml", DATABASE.as_bytes()).unwrap();
    t.ok("aws cloudformation create-stack --stack-name db --template-body file://db.yaml \
          --parameters ParameterKey=DbPassword,ParameterValue=bad/password");
    t.world.advance(SimDuration::minutes(5));
    let events = t.ok("aws cloudformation describe-stack-events --stack-name db");
    assert!(events.contains("Only printable ASCII characters besides") && events.contains("Service: Rds"), "{events}");
    assert_eq!(stack_status(&mut t), "ROLLBACK_COMPLETE");
}

#[test]
fn the_cost_estimate_prices_the_database_and_the_alarm() {
    use nimbus_sim::services::cloudformation::cost;
    let mut t = Term::new(36);
    create(&mut t);
    t.world.advance(SimDuration::minutes(11));
    let stack = t.world.cloudformation.find("db", "us-east-1").unwrap().clone();
    let estimate = cost::estimate(&t.world, &stack);
    let by_id = |id: &str| estimate.lines.iter().find(|l| l.logical_id == id).unwrap().monthly;
    // db.t3.micro for 730 h plus 20 GB of gp2; the alarm $0.10 a month.
    assert!((by_id("Database") - (0.017 * 730.0 + 20.0 * 0.115)).abs() < 1e-9, "{estimate:?}");
    assert!((by_id("CpuAlarm") - 0.10).abs() < 1e-9, "{estimate:?}");
    let id = physical(&mut t, "Database");
    t.ok(&format!("aws rds stop-db-instance --db-instance-identifier {id}"));
    t.world.advance(SimDuration::minutes(3));
    let stopped = cost::estimate(&t.world, &stack);
    let db = stopped.lines.iter().find(|l| l.logical_id == "Database").unwrap();
    assert!((db.monthly - 2.3).abs() < 1e-9, "a stopped instance pays for its storage only: {db:?}");
}
