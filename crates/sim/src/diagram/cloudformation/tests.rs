use super::*;
use crate::diagram::tests::assert_well_formed;
use crate::services::cloudformation::{CloudFormationRequest, CreateStackRequest, DeleteStackRequest};
use crate::{Request, SimDuration};

const NETWORK: &str = "\
Resources:
  Vpc:
    Type: AWS::EC2::VPC
    Properties:
      CidrBlock: 10.0.0.0/16
  Subnet:
    Type: AWS::EC2::Subnet
    Properties:
      VpcId: !Ref Vpc
      CidrBlock: 10.0.1.0/24
  Gateway:
    Type: AWS::EC2::InternetGateway
  Attach:
    Type: AWS::EC2::VPCGatewayAttachment
    Properties:
      VpcId: !Ref Vpc
      InternetGatewayId: !Ref Gateway
  Routes:
    Type: AWS::EC2::RouteTable
    Properties:
      VpcId: !Ref Vpc
  DefaultRoute:
    Type: AWS::EC2::Route
    DependsOn: Attach
    Properties:
      RouteTableId: !Ref Routes
      DestinationCidrBlock: 0.0.0.0/0
      GatewayId: !Ref Gateway
  Queue:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '${AWS::StackName}-jobs'
  Dead:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: !Sub '${Queue.QueueName}-dead'
  Policy:
    Type: AWS::SQS::Queue
    DependsOn: Queue
    Properties:
      Tags:
        - Key: arn
          Value: !GetAtt Dead.Arn
";

fn create(world: &mut World, name: &str, body: &str) -> String {
    let req = CreateStackRequest { stack_name: name.into(), template_body: Some(body.into()), ..Default::default() };
    match world.call(Request::CloudFormation(CloudFormationRequest::CreateStack(req))) {
        Ok(crate::Response::CloudFormation(crate::services::cloudformation::CloudFormationResponse::CreateStack(
            o,
        ))) => o.stack_id,
        other => panic!("the stack is created: {other:?}"),
    }
}

fn finish(world: &mut World) {
    for _ in 0..200 {
        if world.next_deadline().is_none() {
            break;
        }
        world.advance_to_next_deadline();
    }
}

fn edge<'a>(spec: &'a GraphSpec, stack: &str, from: &str, to: &str) -> &'a EdgeSpec {
    let (f, t) = (resource_id(stack, from), resource_id(stack, to));
    spec.edges.iter().find(|e| e.from == f && e.to == t).unwrap_or_else(|| panic!("no edge {from} → {to}"))
}

fn node<'a>(spec: &'a GraphSpec, stack: &str, id: &str) -> &'a NodeSpec {
    let id = resource_id(stack, id);
    spec.nodes.iter().find(|n| n.id == id).unwrap_or_else(|| panic!("no node {id}"))
}

#[test]
fn an_empty_world_has_no_stacks() {
    let d = diagram(&World::new(1));
    assert!(d.nodes.is_empty() && d.groups.is_empty());
}

#[test]
fn references_are_solid_and_depends_on_is_dashed() {
    let mut w = World::new(7);
    let id = create(&mut w, "net", NETWORK);
    let s = spec(&w);
    let e = edge(&s, &id, "Vpc", "Subnet");
    assert_eq!((e.label.as_deref(), e.style), (Some("Ref"), crate::diagram::EdgeStyle::Solid));
    let e = edge(&s, &id, "Attach", "DefaultRoute");
    assert_eq!((e.label.as_deref(), e.style), (Some("DependsOn"), crate::diagram::EdgeStyle::Dashed));
    let e = edge(&s, &id, "Queue", "Dead");
    assert_eq!((e.label.as_deref(), e.style), (Some("Sub"), crate::diagram::EdgeStyle::Solid));
    let e = edge(&s, &id, "Dead", "Policy");
    assert_eq!(e.label.as_deref(), Some("GetAtt"));
    let e = edge(&s, &id, "Queue", "Policy");
    assert_eq!(e.style, crate::diagram::EdgeStyle::Dashed, "Policy only waits for Queue");
    // Pseudo parameters (${AWS::StackName}) are not resources: no edge.
    assert!(s.edges.iter().all(|e| !e.from.contains("AWS::")));
    assert_well_formed(&diagram(&w));
}

#[test]
fn ec2_resources_sit_in_their_vpc_box_inside_the_stack() {
    let mut w = World::new(7);
    let id = create(&mut w, "net", NETWORK);
    let s = spec(&w);
    let vpc = vpc_group_id(&id, "Vpc");
    let g = s.groups.iter().find(|g| g.id == vpc).expect("the VPC is a box");
    assert_eq!(g.parent.as_deref(), Some(stack_group_id(&id).as_str()));
    for inside in ["Vpc", "Subnet", "Attach", "Routes", "DefaultRoute"] {
        assert_eq!(node(&s, &id, inside).group.as_deref(), Some(vpc.as_str()), "{inside}");
    }
    for outside in ["Gateway", "Queue"] {
        assert_eq!(node(&s, &id, outside).group, Some(stack_group_id(&id)), "{outside}");
    }
    assert_eq!(node(&s, &id, "Subnet").label, "Subnet · Subnet");
    assert_eq!(node(&s, &id, "Gateway").label, "Gateway · InternetGateway");
}

#[test]
fn status_colours_follow_the_resources_as_time_passes() {
    assert_eq!(tone("CREATE_COMPLETE"), "complete");
    assert_eq!(tone("UPDATE_COMPLETE"), "complete");
    assert_eq!(tone("CREATE_IN_PROGRESS"), "in-progress");
    assert_eq!(tone("DELETE_IN_PROGRESS"), "in-progress");
    assert_eq!(tone("CREATE_FAILED"), "failed");
    assert_eq!(tone("ROLLBACK_COMPLETE"), "failed");
    assert_eq!(tone("DELETE_COMPLETE"), "deleted");
    assert_eq!(tone("DELETE_SKIPPED"), "deleted");
    assert_eq!(tone(NOT_STARTED), "pending");

    let mut w = World::new(7);
    let id = create(&mut w, "net", NETWORK);
    let s = spec(&w);
    assert_eq!(node(&s, &id, "Vpc").state.as_deref(), Some("CREATE_IN_PROGRESS"));
    assert_eq!(node(&s, &id, "Subnet").state.as_deref(), Some(NOT_STARTED));
    finish(&mut w);
    let s = spec(&w);
    for n in &s.nodes {
        assert_eq!(n.state.as_deref(), Some("CREATE_COMPLETE"), "{}", n.label);
    }
    let subnet = node(&s, &id, "Subnet");
    assert!(subnet.details.iter().any(|(k, v)| k == "Physical ID" && v.starts_with("subnet-")));
    assert!(subnet.details.iter().any(|(k, v)| k == "Property CidrBlock" && v == "10.0.1.0/24"));
    assert!(subnet.details.iter().any(|(k, v)| k.starts_with("Event ") && v == "CREATE_COMPLETE"));
    assert!(subnet.details.iter().any(|(k, v)| k == "Needs" && v == "Vpc (Ref)"));
    let group = s.groups.iter().find(|g| g.id == stack_group_id(&id)).unwrap();
    assert_eq!(group.label, "net · CREATE_COMPLETE");

    let del = DeleteStackRequest { stack_name: "net".into(), ..Default::default() };
    w.call(Request::CloudFormation(CloudFormationRequest::DeleteStack(del))).unwrap();
    w.advance(SimDuration::seconds(1));
    let s = spec(&w);
    assert!(s.nodes.iter().any(|n| n.state.as_deref().is_some_and(|st| tone(st) != "complete")));
    finish(&mut w);
    assert!(spec(&w).nodes.is_empty(), "a deleted stack leaves the graph");
    assert_eq!(stack_diagram(&w, Some(&id)).nodes.len(), 9, "but can still be drawn on its own");
}

#[test]
fn the_text_twin_names_resources_and_edges() {
    let mut w = World::new(7);
    create(&mut w, "net", NETWORK);
    let lines = diagram(&w).describe();
    assert!(lines.iter().any(|l| l.starts_with("resource \"Subnet · Subnet\" [CREATE_IN_PROGRESS]")
        || l.starts_with("resource \"Subnet · Subnet\" [Not started]")));
    assert!(lines.iter().any(|l| l == "Vpc · VPC → Subnet · Subnet (Ref)"), "{lines:#?}");
    assert!(lines.iter().any(|l| l == "Attach · VPCGatewayAttachment → DefaultRoute · Route (DependsOn)"));
}
