//! The template gallery: small templates written for Nimbus Lab, each using only resource
//! types the simulator creates, so every one of them reaches CREATE_COMPLETE (a test checks).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Sample {
    pub id: &'static str,
    pub title: &'static str,
    pub blurb: &'static str,
    /// A stack name the create form suggests.
    pub stack_name: &'static str,
    pub body: &'static str,
}

pub const SAMPLES: &[Sample] = &[
    Sample {
        id: "bucket",
        title: "S3 bucket with versioning",
        blurb: "A versioned bucket set up as a static website, with a bucket policy that lets anyone read it.",
        stack_name: "website",
        body: BUCKET,
    },
    Sample {
        id: "vpc",
        title: "VPC with public and private subnets",
        blurb: "A VPC, two subnets, an internet gateway, a route table with a default route and a security group.",
        stack_name: "network",
        body: VPC,
    },
    Sample {
        id: "queue",
        title: "Queue",
        blurb: "A work queue tagged with the ARN of a second queue for failed messages, with URLs and ARNs as outputs.",
        stack_name: "jobs",
        body: QUEUE,
    },
    Sample {
        id: "web-server",
        title: "Web server",
        blurb: "One EC2 instance with a key pair parameter, a security group for SSH and HTTP, and an Elastic IP; the stack waits for the instance's cfn-signal.",
        stack_name: "web",
        body: WEB_SERVER,
    },
    Sample {
        id: "iam-role",
        title: "IAM role",
        blurb: "A role EC2 can assume, an inline policy and an instance profile. Needs CAPABILITY_IAM.",
        stack_name: "roles",
        body: IAM_ROLE,
    },
    Sample {
        id: "queue-function",
        title: "A queue with a function",
        blurb: "An SQS queue with a dead-letter queue, a Lambda function with its execution role, and an event source mapping that hands the queue's messages to the function in batches. Needs CAPABILITY_IAM.",
        stack_name: "worker",
        body: QUEUE_FUNCTION,
    },
    Sample {
        id: "database",
        title: "A database in private subnets",
        blurb: "A MySQL db.t3.micro in a DB subnet group of two private subnets, reachable only from the VPC, with a NoEcho password, a final snapshot on deletion and a CPU alarm. Takes about ten minutes.",
        stack_name: "database",
        body: DATABASE,
    },
    Sample {
        id: "web-tier",
        title: "A load-balanced, auto-scaled web tier",
        blurb: "A VPC with two public subnets, an Application Load Balancer and a target group, and an Auto Scaling group of two web servers from a launch template. The group waits for both servers' cfn-signal, rolls out template changes one server at a time, and tracks 50 % CPU.",
        stack_name: "web-tier",
        body: WEB_TIER,
    },
    Sample {
        id: "wordpress",
        title: "WordPress on a single instance",
        blurb: "The classic single-instance WordPress stack: Apache, PHP and MariaDB on one instance with a NoEcho database password, HTTP open to the world and SSH to one range. The stack waits for the instance's cfn-signal; the site answers on the instance's public address.",
        stack_name: "wordpress",
        body: WORDPRESS,
    },
];

pub fn find(id: &str) -> Option<&'static Sample> {
    SAMPLES.iter().find(|s| s.id == id)
}

const BUCKET: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: A versioned S3 bucket served as a static website.
Parameters:
  IndexDocument:
    Type: String
    Default: index.html
    AllowedValues: [index.html, home.html]
Resources:
  SiteBucket:
    Type: AWS::S3::Bucket
    Properties:
      VersioningConfiguration:
        Status: Enabled
      PublicAccessBlockConfiguration:
        BlockPublicPolicy: false
        RestrictPublicBuckets: false
      WebsiteConfiguration:
        IndexDocument: !Ref IndexDocument
        ErrorDocument: error.html
  SiteBucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      Bucket: !Ref SiteBucket
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Sid: PublicRead
            Effect: Allow
            Principal: '*'
            Action: s3:GetObject
            Resource: !Sub '${SiteBucket.Arn}/*'
Outputs:
  BucketName:
    Value: !Ref SiteBucket
  WebsiteURL:
    Description: Where the site answers
    Value: !GetAtt SiteBucket.WebsiteURL
"#;

const VPC: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: A VPC with one public and one private subnet.
Parameters:
  VpcCidr:
    Type: String
    Default: 10.0.0.0/16
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: !Ref VpcCidr
      EnableDnsHostnames: true
  PublicSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [0, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !Select [0, !GetAZs '']
      MapPublicIpOnLaunch: true
  PrivateSubnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: !Select [1, !Cidr [!GetAtt Vpc.CidrBlock, 2, 8]]
      AvailabilityZone: !Select [1, !GetAZs '']
  InternetGateway:
    Type: AWS::EC2::InternetGateway
  GatewayAttachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref InternetGateway
  PublicRouteTable:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  DefaultRoute:
    Type: AWS::EC2::Route
    DependsOn: GatewayAttachment
    Properties:
      RouteTableId: !Ref PublicRouteTable
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref InternetGateway
  PublicSubnetRoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PublicSubnet
      RouteTableId: !Ref PublicRouteTable
  WebSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: HTTP from anywhere
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          CidrIp: 0.0.0.0/0
Outputs:
  VpcId:
    Value: !Ref Vpc
  PublicSubnetId:
    Value: !Ref PublicSubnet
  PrivateSubnetId:
    Value: !Ref PrivateSubnet
"#;

const QUEUE: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: A work queue with a dead-letter queue.
Parameters:
  VisibilityTimeout:
    Type: Number
    Default: 30
    MinValue: 0
    MaxValue: 43200
Resources:
  DeadLetterQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '${AWS::StackName}-dead'
      MessageRetentionPeriod: 1209600
  WorkQueue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '${AWS::StackName}-work'
      VisibilityTimeout: !Ref VisibilityTimeout
      Tags:
        - Key: dead-letter-queue
          Value: !GetAtt DeadLetterQueue.Arn
Outputs:
  QueueURL:
    Description: Send messages here
    Value: !Ref WorkQueue
  QueueARN:
    Value: !GetAtt WorkQueue.Arn
  DeadLetterQueueURL:
    Value: !Ref DeadLetterQueue
"#;

const WEB_SERVER: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: A single web server with SSH access and a fixed public address.
Parameters:
  KeyName:
    Type: AWS::EC2::KeyPair::KeyName
    Description: An existing key pair for SSH
  InstanceType:
    Type: String
    Default: t3.micro
    AllowedValues: [t3.micro, t3.small, t3.medium]
  LatestAmiId:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  SSHLocation:
    Type: String
    Default: 0.0.0.0/0
    Description: The addresses that may connect with SSH
Resources:
  WebServerSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: HTTP from anywhere, SSH from SSHLocation
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          CidrIp: 0.0.0.0/0
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref SSHLocation
  WebServer:
    Type: AWS::EC2::Instance
    # The stack waits until the user data has installed the web server and signalled.
    CreationPolicy:
      ResourceSignal:
        Timeout: PT10M
    Properties:
      ImageId: !Ref LatestAmiId
      InstanceType: !Ref InstanceType
      KeyName: !Ref KeyName
      SecurityGroupIds:
        - !GetAtt WebServerSecurityGroup.GroupId
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash -xe
          dnf install -y httpd
          systemctl enable --now httpd
          /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource WebServer --region ${AWS::Region}
      Tags:
        - Key: Name
          Value: !Sub '${AWS::StackName}-web'
  WebServerAddress:
    Type: AWS::EC2::EIP
    Properties:
      InstanceId: !Ref WebServer
Outputs:
  WebsiteURL:
    Value: !Sub 'http://${WebServerAddress}'
  InstanceId:
    Value: !Ref WebServer
"#;

const IAM_ROLE: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: A role for EC2 instances that may read one bucket's objects.
Resources:
  AppRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: ec2.amazonaws.com
            Action: sts:AssumeRole
      Path: /
  ReadPolicy:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: read-objects
      Roles: [!Ref AppRole]
      PolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Action: s3:GetObject
            Resource: arn:aws:s3:::example-bucket/*
  AppInstanceProfile:
    Type: AWS::IAM::InstanceProfile
    Properties:
      Roles: [!Ref AppRole]
Outputs:
  RoleArn:
    Value: !GetAtt AppRole.Arn
"#;

const QUEUE_FUNCTION: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: A work queue drained by a Lambda function through an event source mapping.
Parameters:
  BatchSize:
    Type: Number
    Default: 5
    MinValue: 1
    MaxValue: 10
Resources:
  FailedTasks:
    Type: AWS::SQS::Queue
    Properties:
      MessageRetentionPeriod: 1209600
  Tasks:
    Type: AWS::SQS::Queue
    Properties:
      # Longer than the function's timeout, so a message is not handed out twice at once.
      VisibilityTimeout: 180
      RedrivePolicy:
        deadLetterTargetArn: !GetAtt FailedTasks.Arn
        maxReceiveCount: 3
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: '2012-10-17'
        Statement:
          - Effect: Allow
            Principal:
              Service: lambda.amazonaws.com
            Action: sts:AssumeRole
      Policies:
        - PolicyName: read-tasks
          PolicyDocument:
            Version: '2012-10-17'
            Statement:
              - Effect: Allow
                Action:
                  - sqs:ReceiveMessage
                  - sqs:DeleteMessage
                  - sqs:GetQueueAttributes
                Resource: !GetAtt Tasks.Arn
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: !GetAtt WorkerRole.Arn
      Timeout: 30
      MemorySize: 256
      Code:
        ZipFile: |
          def handler(event, context):
              for record in event["Records"]:
                  print(record["body"])
  TasksToWorker:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      EventSourceArn: !GetAtt Tasks.Arn
      FunctionName: !Ref Worker
      BatchSize: !Ref BatchSize
Outputs:
  QueueUrl:
    Value: !Ref Tasks
  FunctionArn:
    Value: !GetAtt Worker.Arn
  DeadLetterQueueArn:
    Value: !GetAtt FailedTasks.Arn
"#;

const DATABASE: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: A MySQL database in two private subnets, with a CPU alarm.
Parameters:
  DbPassword:
    Type: String
    NoEcho: true
    MinLength: 8
    MaxLength: 41
    AllowedPattern: '[^/@" ]*'
    Default: ChangeMe-2026
    Description: The master password (8 to 41 characters, no / @ " or spaces); change it
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.20.0.0/16
  PrivateSubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.20.1.0/24
      AvailabilityZone: !Select [0, !GetAZs '']
  PrivateSubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.20.2.0/24
      AvailabilityZone: !Select [1, !GetAZs '']
  DbSubnetGroup:
    Type: AWS::RDS::DBSubnetGroup
    Properties:
      DBSubnetGroupDescription: Two private subnets in two Availability Zones
      SubnetIds: [!Ref PrivateSubnetA, !Ref PrivateSubnetB]
  DbSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: MySQL from inside the VPC only
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 3306
          ToPort: 3306
          CidrIp: 10.20.0.0/16
  Database:
    Type: AWS::RDS::DBInstance
    DeletionPolicy: Snapshot
    Properties:
      Engine: mysql
      DBInstanceClass: db.t3.micro
      AllocatedStorage: '20'
      MasterUsername: admin
      MasterUserPassword: !Ref DbPassword
      DBSubnetGroupName: !Ref DbSubnetGroup
      VPCSecurityGroups: [!GetAtt DbSecurityGroup.GroupId]
      PubliclyAccessible: false
      BackupRetentionPeriod: 7
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
    Description: Where the database answers (from inside the VPC)
    Value: !GetAtt Database.Endpoint.Address
  Port:
    Value: !GetAtt Database.Endpoint.Port
"#;

/// A template with a mistake on purpose, for the editor's error display.
pub const BROKEN: &str = "Resources:\n  Queue:\n    Type: AWS::SQS::Queue\n    Properties: [unclosed\n";

const WEB_TIER: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: Web servers in an Auto Scaling group behind an Application Load Balancer.
Parameters:
  LatestAmiId:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
  InstanceType:
    Type: String
    Default: t3.micro
    AllowedValues: [t3.micro, t3.small]
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
      EnableDnsHostnames: true
  InternetGateway:
    Type: AWS::EC2::InternetGateway
  GatewayAttachment:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref InternetGateway
  PublicSubnetA:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.0.0/24
      AvailabilityZone: !Select [0, !GetAZs '']
      MapPublicIpOnLaunch: true
  PublicSubnetB:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
      AvailabilityZone: !Select [1, !GetAZs '']
      MapPublicIpOnLaunch: true
  PublicRoutes:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  DefaultRoute:
    Type: AWS::EC2::Route
    DependsOn: GatewayAttachment
    Properties:
      RouteTableId: !Ref PublicRoutes
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref InternetGateway
  SubnetARoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PublicSubnetA
      RouteTableId: !Ref PublicRoutes
  SubnetBRoutes:
    Type: AWS::EC2::SubnetRouteTableAssociation
    Properties:
      SubnetId: !Ref PublicSubnetB
      RouteTableId: !Ref PublicRoutes
  LoadBalancerSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: HTTP from anywhere to the load balancer
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
  WebServerSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: HTTP from the load balancer only
      VpcId: !Ref Vpc
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 80
          ToPort: 80
          SourceSecurityGroupId: !GetAtt LoadBalancerSecurityGroup.GroupId
  LoadBalancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    DependsOn: GatewayAttachment
    Properties:
      Subnets: [!Ref PublicSubnetA, !Ref PublicSubnetB]
      SecurityGroups: [!GetAtt LoadBalancerSecurityGroup.GroupId]
  WebServers:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      VpcId: !Ref Vpc
      Protocol: HTTP
      Port: 80
      HealthCheckPath: /
  HttpListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Protocol: HTTP
      Port: 80
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref WebServers
  WebServerTemplate:
    Type: AWS::EC2::LaunchTemplate
    Properties:
      LaunchTemplateData:
        ImageId: !Ref LatestAmiId
        InstanceType: !Ref InstanceType
        SecurityGroupIds: [!GetAtt WebServerSecurityGroup.GroupId]
        UserData:
          Fn::Base64: !Sub |
            #!/bin/bash -xe
            dnf install -y httpd
            systemctl enable --now httpd
            echo "<h1>Hello from $(hostname -f)</h1>" > /var/www/html/index.html
            /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource WebServerGroup --region ${AWS::Region}
  WebServerGroup:
    Type: AWS::AutoScaling::AutoScalingGroup
    DependsOn: DefaultRoute
    # Created once both servers say they are ready.
    CreationPolicy:
      ResourceSignal:
        Count: 2
        Timeout: PT10M
    # A new launch template version replaces one server at a time, keeping one in service.
    UpdatePolicy:
      AutoScalingRollingUpdate:
        MinInstancesInService: 1
        MaxBatchSize: 1
        PauseTime: PT10M
        WaitOnResourceSignals: true
    Properties:
      VPCZoneIdentifier: [!Ref PublicSubnetA, !Ref PublicSubnetB]
      LaunchTemplate:
        LaunchTemplateId: !Ref WebServerTemplate
        Version: !GetAtt WebServerTemplate.LatestVersionNumber
      MinSize: 2
      MaxSize: 4
      DesiredCapacity: 2
      TargetGroupARNs: [!Ref WebServers]
  CpuTarget:
    Type: AWS::AutoScaling::ScalingPolicy
    Properties:
      AutoScalingGroupName: !Ref WebServerGroup
      PolicyType: TargetTrackingScaling
      TargetTrackingConfiguration:
        PredefinedMetricSpecification:
          PredefinedMetricType: ASGAverageCPUUtilization
        TargetValue: 50
Outputs:
  WebsiteURL:
    Value: !Sub 'http://${LoadBalancer.DNSName}'
"#;

const WORDPRESS: &str = r#"AWSTemplateFormatVersion: '2010-09-09'
Description: WordPress with its database on a single Amazon Linux 2023 instance.
Parameters:
  KeyName:
    Type: AWS::EC2::KeyPair::KeyName
    Description: An existing key pair for SSH
  InstanceType:
    Type: String
    Default: t3.small
    AllowedValues: [t3.micro, t3.small, t3.medium]
  SSHLocation:
    Type: String
    Default: 0.0.0.0/0
    AllowedPattern: '(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})/(\d{1,2})'
    ConstraintDescription: must be a CIDR range such as 203.0.113.0/24
  DBName:
    Type: String
    Default: wordpressdb
    AllowedPattern: '[a-zA-Z][a-zA-Z0-9]*'
    MinLength: 1
    MaxLength: 64
  DBUser:
    Type: String
    Default: wpuser
    MinLength: 1
    MaxLength: 16
  DBPassword:
    Type: String
    NoEcho: true
    Default: ChangeMe-2026
    MinLength: 8
    MaxLength: 41
  LatestAmiId:
    Type: AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>
    Default: /aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-x86_64
Resources:
  WebServerSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: HTTP from anywhere, SSH from SSHLocation
      SecurityGroupIngress:
        - {IpProtocol: tcp, FromPort: 80, ToPort: 80, CidrIp: 0.0.0.0/0}
        - {IpProtocol: tcp, FromPort: 22, ToPort: 22, CidrIp: !Ref SSHLocation}
  WebServer:
    Type: AWS::EC2::Instance
    CreationPolicy:
      ResourceSignal:
        Timeout: PT15M
    Properties:
      ImageId: !Ref LatestAmiId
      InstanceType: !Ref InstanceType
      KeyName: !Ref KeyName
      SecurityGroupIds: [!GetAtt WebServerSecurityGroup.GroupId]
      UserData:
        Fn::Base64: !Sub |
          #!/bin/bash -xe
          dnf install -y httpd php php-mysqlnd mariadb105-server
          systemctl enable --now mariadb httpd
          mysql -e "CREATE DATABASE ${DBName}; CREATE USER '${DBUser}'@'localhost' IDENTIFIED BY '${DBPassword}'; GRANT ALL ON ${DBName}.* TO '${DBUser}'@'localhost';"
          curl -sL https://wordpress.org/latest.tar.gz | tar -xz -C /var/www/html --strip-components=1
          chown -R apache:apache /var/www/html
          /opt/aws/bin/cfn-signal -e $? --stack ${AWS::StackName} --resource WebServer --region ${AWS::Region}
      Tags:
        - {Key: Name, Value: !Sub '${AWS::StackName}-wordpress'}
Outputs:
  WebsiteURL:
    Description: The WordPress setup page
    Value: !Sub 'http://${WebServer.PublicDnsName}/wp-admin/install.php'
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use nimbus_sim::services::cloudformation::{
        CloudFormationRequest, CloudFormationResponse, CreateStackRequest, DescribeStacksRequest,
        ValidateTemplateRequest,
    };
    use nimbus_sim::services::ec2::{CreateKeyPairRequest, Ec2Request};
    use nimbus_sim::{Request, Response, SimDuration, World};

    fn status(world: &mut World, name: &str) -> String {
        let req = DescribeStacksRequest { stack_name: Some(name.into()), next_token: None };
        match world.call(Request::CloudFormation(CloudFormationRequest::DescribeStacks(req))) {
            Ok(Response::CloudFormation(CloudFormationResponse::DescribeStacks(d))) => {
                format!("{} {}", d.stacks[0].stack_status, d.stacks[0].stack_status_reason.clone().unwrap_or_default())
                    .trim()
                    .to_string()
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn every_sample_validates_and_creates_its_stack() {
        let mut world = World::new(crate::store::SEED);
        let key = CreateKeyPairRequest { key_name: "lab-key".into(), ..Default::default() };
        world.call(Request::Ec2(Ec2Request::CreateKeyPair(key))).expect("a key pair for the web server");
        for sample in SAMPLES {
            let check = ValidateTemplateRequest { template_body: Some(sample.body.into()), template_url: None };
            let out = world.call(Request::CloudFormation(CloudFormationRequest::ValidateTemplate(check)));
            let Ok(Response::CloudFormation(CloudFormationResponse::ValidateTemplate(v))) = out else {
                panic!("{} validates: {out:?}", sample.id)
            };
            let params = crate::pages::cloudformation::create::default_parameters(sample.body, &world);
            let req = CreateStackRequest {
                stack_name: sample.stack_name.into(),
                template_body: Some(sample.body.into()),
                parameters: params,
                capabilities: v.capabilities.clone(),
                ..Default::default()
            };
            let created = world.call(Request::CloudFormation(CloudFormationRequest::CreateStack(req)));
            assert!(created.is_ok(), "{} creates: {created:?}", sample.id);
        }
        world.advance(SimDuration::minutes(15));
        for sample in SAMPLES {
            assert_eq!(status(&mut world, sample.stack_name), "CREATE_COMPLETE", "{}", sample.id);
        }
    }

    #[test]
    fn the_broken_sample_is_refused_with_its_place() {
        let mut world = World::new(1);
        let check = ValidateTemplateRequest { template_body: Some(BROKEN.into()), template_url: None };
        let err = world.call(Request::CloudFormation(CloudFormationRequest::ValidateTemplate(check))).unwrap_err();
        assert!(err.message.contains("line "), "{}", err.message);
    }
}
