#!/usr/bin/env python3
"""The same engine workloads on moto (Python's in-memory AWS mocks), for comparison with
`cargo bench -p nimbus-sim --bench workloads`. Prints name<TAB>ops<TAB>seconds<TAB>ops_per_second.

Setup (once): python3 -m venv .tools/venv && .tools/venv/bin/pip install "moto[s3,kms,route53,cloudformation]" boto3
Run: .tools/venv/bin/python bench/moto_workloads.py
"""
import os
import sys
import time

os.environ.setdefault("AWS_ACCESS_KEY_ID", "testing")
os.environ.setdefault("AWS_SECRET_ACCESS_KEY", "testing")
os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

import boto3  # noqa: E402
from moto import mock_aws  # noqa: E402


def s3_put_get_1k():
    """Create a bucket; 1,000 times PutObject k{i % 100} with a 1 KiB body, GetObject it, check it."""
    with mock_aws():
        s3 = boto3.client("s3", region_name="us-east-1")
        s3.create_bucket(Bucket="bench")
        body = bytes([7]) * 1024
        for i in range(1000):
            key = f"k{i % 100}"
            s3.put_object(Bucket="bench", Key=key, Body=body)
            assert s3.get_object(Bucket="bench", Key=key)["Body"].read() == body
    return 2001


def kms_encrypt_decrypt_1k():
    """One symmetric key; 2,000 times Encrypt a 1,024-byte plaintext, Decrypt it, check it."""
    with mock_aws():
        kms = boto3.client("kms", region_name="us-east-1")
        key = kms.create_key()["KeyMetadata"]["KeyId"]
        plaintext = bytes([7]) * 1024
        for _ in range(2000):
            blob = kms.encrypt(KeyId=key, Plaintext=plaintext)["CiphertextBlob"]
            assert kms.decrypt(CiphertextBlob=blob)["Plaintext"] == plaintext
    return 4001


def route53_upsert_weighted_1k():
    """A hosted zone; 1,000 UPSERTs of one weighted A record h{i}.example.com each."""
    with mock_aws():
        r53 = boto3.client("route53", region_name="us-east-1")
        zone = r53.create_hosted_zone(Name="example.com", CallerReference="bench")["HostedZone"]["Id"]
        for i in range(1000):
            r53.change_resource_record_sets(
                HostedZoneId=zone,
                ChangeBatch={"Changes": [{"Action": "UPSERT", "ResourceRecordSet": {
                    "Name": f"h{i}.example.com", "Type": "A", "SetIdentifier": f"s{i}", "Weight": 10,
                    "TTL": 60, "ResourceRecords": [{"Value": "192.0.2.1"}]}}]},
            )
    return 1001


def cfn_create_delete_chain_200():
    """200 queues, each DependsOn the previous; CreateStack to CREATE_COMPLETE, DeleteStack to DELETE_COMPLETE."""
    import json
    resources = {}
    for i in range(200):
        r = {"Type": "AWS::SQS::Queue", "Properties": {"QueueName": f"q{i}"}}
        if i:
            r["DependsOn"] = f"Q{i - 1}"
        resources[f"Q{i}"] = r
    body = json.dumps({"Resources": resources})
    with mock_aws():
        cfn = boto3.client("cloudformation", region_name="us-east-1")
        cfn.create_stack(StackName="chain", TemplateBody=body)
        assert cfn.describe_stacks(StackName="chain")["Stacks"][0]["StackStatus"] == "CREATE_COMPLETE"
        cfn.delete_stack(StackName="chain")
    # API calls made: moto finishes the stack inside CreateStack, so there is nothing to poll.
    return 3


WORKLOADS = {
    "s3_put_get_1k": s3_put_get_1k,
    "kms_encrypt_decrypt_1k": kms_encrypt_decrypt_1k,
    "route53_upsert_weighted_1k": route53_upsert_weighted_1k,
    "cfn_create_delete_chain_200": cfn_create_delete_chain_200,
}


def main():
    names = sys.argv[1:] or list(WORKLOADS)
    for name in names:
        run = WORKLOADS[name]
        start = time.perf_counter()
        ops = run()
        secs = time.perf_counter() - start
        print(f"{name}\t{ops}\t{secs:.4f}\t{ops / secs:.0f}")


if __name__ == "__main__":
    main()
