#!/usr/bin/env python3
"""The same engine workloads on moto (Python's in-memory AWS mocks), for comparison with
`cargo bench -p nimbus-sim --bench workloads`. Prints name<TAB>ops<TAB>seconds<TAB>ops_per_second.

Setup (once): python3 -m venv .tools/venv && .tools/venv/bin/pip install "moto[s3]" boto3
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


WORKLOADS = {"s3_put_get_1k": s3_put_get_1k}


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
