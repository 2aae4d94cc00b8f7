"""Checks iam_evaluation.py against a real moto_server.py: ~/.pyenv/versions/3.11.7/bin/python3 iam_evaluation_check.py

Starts moto_server.py on a free 127.0.0.1 port (with MOTO_IAM_LOAD_MANAGED_POLICIES=true, as MotoServer.java
does), creates users, policies and resources with authentication off, switches enforcement on with
POST /moto-api/reset-auth 0 and checks what each user may do. Prints "N passed, M failed"; exits 1 on failure.
"""
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.request

import boto3
from botocore.config import Config
from botocore.exceptions import ClientError

HERE = os.path.dirname(os.path.abspath(__file__))
ACCOUNT = "123456789012"
REGION = "us-east-1"
BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"
ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
TRUST = json.dumps({"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Principal": {"Service": "lambda.amazonaws.com"}, "Action": "sts:AssumeRole"}]})

passed, failed = [], []


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start(port):
    env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true", PYTHONUNBUFFERED="1")
    env.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
    log = tempfile.TemporaryFile()
    process = subprocess.Popen([sys.executable, os.path.join(HERE, "moto_server.py"), "-H", "127.0.0.1", "-p", str(port)],
                               cwd=HERE, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.log = log
    deadline = time.time() + 60
    while time.time() < deadline:
        if process.poll() is not None:
            log.seek(0)
            raise RuntimeError("moto_server.py exited: " + log.read().decode())
        try:
            urllib.request.urlopen("http://127.0.0.1:%d/moto-api/" % port, timeout=1)
            return process
        except Exception:  # noqa: BLE001
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("moto_server.py did not start")


def reset_auth(port, value):
    request = urllib.request.Request("http://127.0.0.1:%d/moto-api/reset-auth" % port, data=value.encode(), method="POST",
                                     headers={"Content-Type": "text/plain"})
    urllib.request.urlopen(request).read()


def client(port, service, key=None):
    key = key or {"AccessKeyId": "testing", "SecretAccessKey": "testing"}
    return boto3.client(service, region_name=REGION, endpoint_url="http://127.0.0.1:%d" % port,
                        aws_access_key_id=key["AccessKeyId"], aws_secret_access_key=key["SecretAccessKey"],
                        config=Config(retries={"max_attempts": 1}))


def check(name, condition, detail=""):
    (passed if condition else failed).append(name)
    if not condition:
        print("FAIL %s %s" % (name, detail))


def allowed(name, call):
    try:
        call()
        check(name, True)
    except ClientError as error:
        check(name, False, "refused: %s %s" % (error.response["Error"].get("Code"),
                                               error.response["ResponseMetadata"].get("HTTPStatusCode")))


def refused(name, call, code=None):
    try:
        call()
        check(name, False, "allowed")
        return None
    except ClientError as error:
        got = error.response["Error"].get("Code")
        status = error.response["ResponseMetadata"].get("HTTPStatusCode")
        check(name, status == 403 and (code is None or got == code), "got %s %s" % (got, status))
        return error


def user(iam, name, *statements):
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=json.dumps(
        {"Version": "2012-10-17", "Statement": list(statements)}))
    return iam.create_access_key(UserName=name)["AccessKey"]


def distribution_config(reference, comment):
    return {"CallerReference": reference, "Comment": comment, "Enabled": True,
            "Origins": {"Quantity": 1, "Items": [{"Id": "o", "DomainName": "bucket.s3.amazonaws.com",
                                                  "S3OriginConfig": {"OriginAccessIdentity": ""}}]},
            "DefaultCacheBehavior": {"TargetOriginId": "o", "ViewerProtocolPolicy": "redirect-to-https",
                                     "MinTTL": 0, "ForwardedValues": {"QueryString": False, "Cookies": {"Forward": "none"}},
                                     "TrustedSigners": {"Enabled": False, "Quantity": 0}}}


def change(name, kind="TXT", action="UPSERT"):
    return {"Changes": [{"Action": action, "ResourceRecordSet": {
        "Name": name, "Type": kind, "TTL": 60, "ResourceRecords": [{"Value": '"x"'}]}}]}


def run(port):
    iam, idp, cf, r53, lam = (client(port, s) for s in ("iam", "cognito-idp", "cloudfront", "route53", "lambda"))
    pool_a = idp.create_user_pool(PoolName="a", UserPoolTags={"edgesite:stack": "docs"})["UserPool"]["Id"]
    pool_b = idp.create_user_pool(PoolName="b", UserPoolTags={"edgesite:stack": "other"})["UserPool"]["Id"]
    pool_c = idp.create_user_pool(PoolName="c")["UserPool"]["Id"]
    pool_arn = "arn:aws:cognito-idp:%s:%s:userpool/%s" % (REGION, ACCOUNT, pool_a)
    iam.create_role(RoleName="edge-fn", AssumeRolePolicyDocument=TRUST)
    role_arn = "arn:aws:iam::%s:role/edge-fn" % ACCOUNT
    try:
        iam.get_policy(PolicyArn=BASIC)
        check("moto knows %s (MOTO_IAM_LOAD_MANAGED_POLICIES=true)" % BASIC, True)
    except ClientError as error:
        check("moto knows %s" % BASIC, False, str(error))
    dist_1 = cf.create_distribution(DistributionConfig=distribution_config("r1", "one"))["Distribution"]["Id"]
    dist_2 = cf.create_distribution(DistributionConfig=distribution_config("r2", "two"))["Distribution"]["Id"]
    zone = r53.create_hosted_zone(Name="example.com", CallerReference="z")["HostedZone"]["Id"].split("/")[-1]
    lam.create_function(FunctionName="fn-a", Runtime="nodejs20.x", Role=role_arn, Handler="index.handler",
                        Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18}, Tags={"edgesite:stack": "docs"})
    lam.create_function(FunctionName="fn-b", Runtime="nodejs20.x", Role=role_arn, Handler="index.handler",
                        Code={"ZipFile": b"PK\x05\x06" + b"\x00" * 18})
    fn_a = "arn:aws:lambda:%s:%s:function:fn-a" % (REGION, ACCOUNT)
    acm = client(port, "acm")
    cert_a = acm.request_certificate(DomainName="docs.example.com", ValidationMethod="DNS",
                                     Tags=[{"Key": "edgesite:stack", "Value": "docs"}])["CertificateArn"]
    cert_b = acm.request_certificate(DomainName="www.example.com", ValidationMethod="DNS")["CertificateArn"]
    client(port, "s3").create_bucket(Bucket="site-a")
    client(port, "s3").create_bucket(Bucket="site-b")
    k_acm = user(iam, "certs",
                 {"Effect": "Allow", "Action": "acm:DescribeCertificate", "Resource": "arn:aws:acm:*:*:certificate/*",
                  "Condition": {"StringEquals": {"aws:ResourceTag/edgesite:stack": "docs"}}},
                 {"Effect": "Allow", "Action": "acm:RequestCertificate", "Resource": "*",
                  "Condition": {"Null": {"aws:RequestTag/edgesite:stack": "false"}}})
    k_s3 = user(iam, "site", {"Effect": "Allow", "Action": ["s3:PutObject", "s3:GetObject"], "Resource": "arn:aws:s3:::site-a/*"})
    for key in ("a/x", "a/y", "b/y"):
        client(port, "s3").put_object(Bucket="site-a", Key=key, Body=b"x")
    k_s3_list = user(iam, "sitelist", {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "arn:aws:s3:::site-a"})
    k_s3_iam_names = user(iam, "siteiam", {"Effect": "Allow", "Resource": "arn:aws:s3:::site-a", "Action": [
        "s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock", "s3:GetEncryptionConfiguration",
        "s3:PutEncryptionConfiguration", "s3:PutBucketOwnershipControls"]})
    k_s3_moto_names = user(iam, "sitemoto", {"Effect": "Allow", "Resource": "arn:aws:s3:::site-a", "Action": [
        "s3:GetPublicAccessBlock", "s3:PutPublicAccessBlock", "s3:CreateBucket", "s3:ListBucket"]})
    k_s3_delete = user(iam, "sitedelete", {"Effect": "Allow", "Action": "s3:DeleteObject", "Resource": "arn:aws:s3:::site-a/a/*"})

    k_pool = user(iam, "pool", {"Effect": "Allow", "Action": "cognito-idp:UpdateUserPool", "Resource": pool_arn})
    k_tag = user(iam, "tag", {"Effect": "Allow", "Action": "cognito-idp:UpdateUserPool",
                              "Resource": "arn:aws:cognito-idp:%s:%s:userpool/*" % (REGION, ACCOUNT),
                              "Condition": {"StringEquals": {"aws:ResourceTag/edgesite:stack": "docs"}}})
    k_create = user(iam, "create", {"Effect": "Allow", "Action": "cognito-idp:CreateUserPool", "Resource": "*",
                                    "Condition": {"StringEquals": {"aws:RequestTag/edgesite:stack": "docs"}}})
    k_iam = user(iam, "roles",
                 {"Effect": "Allow", "Action": "iam:AttachRolePolicy", "Resource": role_arn,
                  "Condition": {"ArnEquals": {"iam:PolicyARN": BASIC}}},
                 {"Effect": "Allow", "Action": "iam:CreateRole", "Resource": "arn:aws:iam::%s:role/edge-new" % ACCOUNT})
    k_cf = user(iam, "cf",
                {"Effect": "Allow", "Action": "cloudfront:UpdateDistribution",
                 "Resource": "arn:aws:cloudfront::%s:distribution/%s" % (ACCOUNT, dist_1)},
                {"Effect": "Allow", "Action": "cloudfront:GetDistributionConfig", "Resource": "*"},
                {"Effect": "Allow", "Action": "cloudfront:CreateDistribution",
                 "Resource": "arn:aws:cloudfront::%s:distribution/*" % ACCOUNT})
    k_cf_tags = user(iam, "cftags",
                     {"Effect": "Allow", "Action": "cloudfront:CreateDistribution",
                      "Resource": "arn:aws:cloudfront::%s:distribution/*" % ACCOUNT},
                     {"Effect": "Allow", "Action": "cloudfront:TagResource",
                      "Resource": "arn:aws:cloudfront::%s:distribution/*" % ACCOUNT,
                      "Condition": {"StringEquals": {"aws:RequestTag/edgesite:stack": "docs"},
                                    "ForAllValues:StringEquals": {"aws:TagKeys": ["edgesite:stack"]}}})
    k_cf_create = user(iam, "cfcreate", {"Effect": "Allow", "Action": "cloudfront:CreateDistribution",
                                         "Resource": "arn:aws:cloudfront::%s:distribution/*" % ACCOUNT})
    k_cf_one = user(iam, "cfone", {"Effect": "Allow", "Action": "cloudfront:CreateDistribution",
                                   "Resource": "arn:aws:cloudfront::%s:distribution/%s" % (ACCOUNT, dist_1)})
    k_r53 = user(iam, "dns", {"Effect": "Allow", "Action": "route53:ChangeResourceRecordSets",
                              "Resource": "arn:aws:route53:::hostedzone/%s" % zone,
                              "Condition": {"ForAllValues:StringLike": {
                                  "route53:ChangeResourceRecordSetsNormalizedRecordNames": ["docs.example.com", "*.docs.example.com"]},
                                  "ForAllValues:StringEquals": {"route53:ChangeResourceRecordSetsRecordTypes": ["A", "AAAA", "TXT"]}}})
    k_bug = user(iam, "bug",
                 {"Effect": "Allow", "Action": "cognito-idp:ListUserPools", "Resource": "*",
                  "Condition": {"StringEquals": {"aws:RequestedRegion": "eu-west-3"}}},
                 {"Effect": "Allow", "Action": "cognito-idp:ListUserPools", "Resource": "*"},
                 {"Effect": "Deny", "Action": "cognito-idp:ListUserPools", "Resource": "*",
                  "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
                 {"Effect": "Allow", "Action": "cognito-idp:DescribeUserPool", "Resource": "*"},
                 {"Effect": "Deny", "Action": "cognito-idp:DescribeUserPool", "Resource": pool_arn})
    k_lambda = user(iam, "fn",
                    {"Effect": "Allow", "Action": "Lambda:getfunction", "Resource": fn_a},
                    {"Effect": "Allow", "Action": "lambda:PublishVersion", "Resource": fn_a},
                    {"Effect": "Allow", "Action": "lambda:TagResource", "Resource": "arn:aws:lambda:*:*:function:*",
                     "Condition": {"StringEquals": {"aws:ResourceTag/edgesite:stack": "docs"},
                                   "ForAllValues:StringEquals": {"aws:TagKeys": ["edgesite:stack", "edgesite:site"]}}})

    reset_auth(port, "0")
    try:
        as_ = lambda key, service: client(port, service, key)  # noqa: E731

        pool = as_(k_pool, "cognito-idp")
        allowed("UpdateUserPool on the pool its statement names", lambda: pool.update_user_pool(UserPoolId=pool_a))
        error = refused("UpdateUserPool on another pool", lambda: pool.update_user_pool(UserPoolId=pool_b))
        if error is not None:
            check("cognito denial is AccessDeniedException", error.response["Error"]["Code"] == "AccessDeniedException",
                  error.response["Error"])
            check("denial names the resource", ("userpool/" + pool_b) in error.response["Error"].get("Message", ""),
                  error.response["Error"])

        tagged = as_(k_tag, "cognito-idp")
        allowed("aws:ResourceTag match: pool tagged docs", lambda: tagged.update_user_pool(UserPoolId=pool_a))
        refused("aws:ResourceTag mismatch: pool tagged other", lambda: tagged.update_user_pool(UserPoolId=pool_b))
        refused("aws:ResourceTag absent: untagged pool", lambda: tagged.update_user_pool(UserPoolId=pool_c))

        creator = as_(k_create, "cognito-idp")
        allowed("CreateUserPool with aws:RequestTag docs",
                lambda: creator.create_user_pool(PoolName="d", UserPoolTags={"edgesite:stack": "docs"}))
        refused("CreateUserPool without the tag", lambda: creator.create_user_pool(PoolName="e"))
        refused("CreateUserPool with another tag value",
                lambda: creator.create_user_pool(PoolName="f", UserPoolTags={"edgesite:stack": "prod"}))

        roles = as_(k_iam, "iam")
        allowed("AttachRolePolicy with the allowed iam:PolicyARN",
                lambda: roles.attach_role_policy(RoleName="edge-fn", PolicyArn=BASIC))
        error = refused("AttachRolePolicy of AdministratorAccess",
                        lambda: roles.attach_role_policy(RoleName="edge-fn", PolicyArn=ADMIN), "AccessDenied")
        allowed("CreateRole on the not-yet-existing role its statement names",
                lambda: roles.create_role(RoleName="edge-new", AssumeRolePolicyDocument=TRUST))
        refused("CreateRole of another name",
                lambda: roles.create_role(RoleName="edge-other", AssumeRolePolicyDocument=TRUST), "AccessDenied")
        refused("PutRolePolicy not granted", lambda: roles.put_role_policy(
            RoleName="edge-fn", PolicyName="x", PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})),
            "AccessDenied")

        cdn = as_(k_cf, "cloudfront")

        def update(distribution_id):
            got = cdn.get_distribution_config(Id=distribution_id)
            cdn.update_distribution(Id=distribution_id, IfMatch=got["ETag"], DistributionConfig=got["DistributionConfig"])

        allowed("UpdateDistribution on the distribution its statement names", lambda: update(dist_1))
        refused("UpdateDistribution on another distribution", lambda: update(dist_2), "AccessDenied")
        allowed("CreateDistribution allowed on distribution/*",
                lambda: cdn.create_distribution(DistributionConfig=distribution_config("r3", "three")))
        refused("CreateDistribution allowed only on a specific distribution",
                lambda: as_(k_cf_one, "cloudfront").create_distribution(DistributionConfig=distribution_config("r4", "four")),
                "AccessDenied")

        def with_tags(key, reference, tags):
            return lambda: as_(key, "cloudfront").create_distribution_with_tags(DistributionConfigWithTags={
                "DistributionConfig": distribution_config(reference, reference),
                "Tags": {"Items": [{"Key": k, "Value": v} for k, v in tags.items()]}})

        allowed("CreateDistributionWithTags needs CreateDistribution and TagResource (aws:RequestTag, aws:TagKeys hold)",
                with_tags(k_cf_tags, "t1", {"edgesite:stack": "docs"}))
        refused("CreateDistributionWithTags with a tag value TagResource's aws:RequestTag refuses",
                with_tags(k_cf_tags, "t2", {"edgesite:stack": "other"}), "AccessDenied")
        refused("CreateDistributionWithTags with a tag key outside TagResource's ForAllValues aws:TagKeys",
                with_tags(k_cf_tags, "t3", {"edgesite:stack": "docs", "owner": "x"}), "AccessDenied")
        refused("CreateDistributionWithTags without cloudfront:TagResource",
                with_tags(k_cf_create, "t4", {"edgesite:stack": "docs"}), "AccessDenied")

        dns = as_(k_r53, "route53")
        allowed("ChangeResourceRecordSets for names in the ForAllValues:StringLike list", lambda: dns.change_resource_record_sets(
            HostedZoneId=zone, ChangeBatch={"Changes": change("docs.example.com.")["Changes"] + change("_acme.docs.example.com")["Changes"]}))
        refused("ChangeResourceRecordSets with a foreign name", lambda: dns.change_resource_record_sets(
            HostedZoneId=zone, ChangeBatch={"Changes": change("docs.example.com")["Changes"] + change("www.example.com")["Changes"]}),
            "AccessDenied")
        refused("ChangeResourceRecordSets with a type outside the list", lambda: dns.change_resource_record_sets(
            HostedZoneId=zone, ChangeBatch=change("docs.example.com", "MX")), "AccessDenied")

        bug = as_(k_bug, "cognito-idp")
        allowed("Allow with a failing condition next to an unconditional Allow still permits",
                lambda: bug.list_user_pools(MaxResults=10))
        allowed("explicit Deny applies only to its resource", lambda: bug.describe_user_pool(UserPoolId=pool_b))
        refused("explicit Deny wins over Allow", lambda: bug.describe_user_pool(UserPoolId=pool_a))

        fn = as_(k_lambda, "lambda")
        allowed("lambda GetFunction on the function (action matched case-insensitively)", lambda: fn.get_function(FunctionName="fn-a"))
        refused("lambda GetFunction on another function", lambda: fn.get_function(FunctionName="fn-b"), "AccessDeniedException")
        refused("lambda GetFunction with a Qualifier needs the qualified ARN",
                lambda: fn.get_function(FunctionName="fn-a", Qualifier="$LATEST"), "AccessDeniedException")
        allowed("lambda PublishVersion is on the unqualified function", lambda: fn.publish_version(FunctionName="fn-a"))
        allowed("lambda TagResource with allowed tag keys on a docs function",
                lambda: fn.tag_resource(Resource=fn_a, Tags={"edgesite:site": "x"}))
        refused("lambda TagResource with a key outside ForAllValues",
                lambda: fn.tag_resource(Resource=fn_a, Tags={"owner": "x"}))
        refused("lambda TagResource on a function without the resource tag",
                lambda: fn.tag_resource(Resource=fn_a.replace("fn-a", "fn-b"), Tags={"edgesite:site": "x"}))

        certs = as_(k_acm, "acm")
        allowed("acm DescribeCertificate on a certificate tagged docs", lambda: certs.describe_certificate(CertificateArn=cert_a))
        refused("acm DescribeCertificate on an untagged certificate",
                lambda: certs.describe_certificate(CertificateArn=cert_b), "AccessDeniedException")
        allowed("acm RequestCertificate with the tag (Null false)", lambda: certs.request_certificate(
            DomainName="a.example.com", ValidationMethod="DNS", Tags=[{"Key": "edgesite:stack", "Value": "x"}]))
        refused("acm RequestCertificate without the tag (Null false)", lambda: certs.request_certificate(
            DomainName="b.example.com", ValidationMethod="DNS"), "AccessDeniedException")

        site = as_(k_s3, "s3")
        allowed("s3 PutObject on the bucket its statement names (moto's S3 ARNs)",
                lambda: site.put_object(Bucket="site-a", Key="index.html", Body=b"x"))
        refused("s3 PutObject on another bucket", lambda: site.put_object(Bucket="site-b", Key="index.html", Body=b"x"),
                "AccessDenied")

        listing = as_(k_s3_list, "s3")
        allowed("s3 HeadBucket is authorized as s3:ListBucket", lambda: listing.head_bucket(Bucket="site-a"))
        refused("s3 HeadBucket without s3:ListBucket", lambda: site.head_bucket(Bucket="site-a"))
        refused("s3 HeadBucket on a bucket s3:ListBucket is not allowed on", lambda: listing.head_bucket(Bucket="site-b"))

        iam_names, moto_names = as_(k_s3_iam_names, "s3"), as_(k_s3_moto_names, "s3")
        block = {"BlockPublicAcls": True, "IgnorePublicAcls": True, "BlockPublicPolicy": True, "RestrictPublicBuckets": True}
        allowed("s3 PutPublicAccessBlock is authorized as s3:PutBucketPublicAccessBlock",
                lambda: iam_names.put_public_access_block(Bucket="site-a", PublicAccessBlockConfiguration=block))
        allowed("s3 GetPublicAccessBlock is authorized as s3:GetBucketPublicAccessBlock",
                lambda: iam_names.get_public_access_block(Bucket="site-a"))
        refused("s3 PutPublicAccessBlock with only s3:PutPublicAccessBlock / s3:CreateBucket (operation name / moto's)",
                lambda: moto_names.put_public_access_block(Bucket="site-a", PublicAccessBlockConfiguration=block), "AccessDenied")
        refused("s3 GetPublicAccessBlock with only s3:GetPublicAccessBlock / s3:ListBucket (operation name / moto's)",
                lambda: moto_names.get_public_access_block(Bucket="site-a"), "AccessDenied")
        encryption = {"Rules": [{"ApplyServerSideEncryptionByDefault": {"SSEAlgorithm": "AES256"}}]}
        allowed("s3 PutBucketEncryption is authorized as s3:PutEncryptionConfiguration",
                lambda: iam_names.put_bucket_encryption(Bucket="site-a", ServerSideEncryptionConfiguration=encryption))
        allowed("s3 GetBucketEncryption is authorized as s3:GetEncryptionConfiguration",
                lambda: iam_names.get_bucket_encryption(Bucket="site-a"))
        refused("s3 PutBucketEncryption with only s3:CreateBucket (moto's fallback name)",
                lambda: moto_names.put_bucket_encryption(Bucket="site-a", ServerSideEncryptionConfiguration=encryption),
                "AccessDenied")
        refused("s3 GetBucketEncryption with only s3:ListBucket (moto's fallback name)",
                lambda: moto_names.get_bucket_encryption(Bucket="site-a"), "AccessDenied")
        ownership = {"Rules": [{"ObjectOwnership": "BucketOwnerEnforced"}]}
        allowed("s3 PutBucketOwnershipControls is authorized as s3:PutBucketOwnershipControls",
                lambda: iam_names.put_bucket_ownership_controls(Bucket="site-a", OwnershipControls=ownership))
        refused("s3 PutBucketOwnershipControls with only s3:CreateBucket (moto's fallback name)",
                lambda: moto_names.put_bucket_ownership_controls(Bucket="site-a", OwnershipControls=ownership),
                "AccessDenied")

        deleter = as_(k_s3_delete, "s3")

        def delete_objects(*objects):
            """DeleteObjects answers 200 either way and reports each key it refused under Errors: {key: code}, [deleted]."""
            got = deleter.delete_objects(Bucket="site-a", Delete={"Objects": list(objects)})
            return {e["Key"]: e["Code"] for e in got.get("Errors", [])}, sorted(d["Key"] for d in got.get("Deleted", []))

        def remaining():
            return sorted(o["Key"] for o in listing.list_objects_v2(Bucket="site-a").get("Contents", []))

        errors, deleted = delete_objects({"Key": "a/x"}, {"Key": "b/y"})
        check("s3 DeleteObjects with a key outside s3:DeleteObject's resource is refused as a whole",
              errors == {"a/x": "AccessDenied", "b/y": "AccessDenied"} and deleted == [], (errors, deleted))
        errors, deleted = delete_objects({"Key": "a/x", "VersionId": "null"})
        check("s3 DeleteObjects with a VersionId needs s3:DeleteObjectVersion",
              errors == {"a/x": "AccessDenied"} and deleted == [], (errors, deleted))
        check("s3 DeleteObjects refused deleted nothing", {"a/x", "a/y", "b/y"} <= set(remaining()), remaining())
        errors, deleted = delete_objects({"Key": "a/x"}, {"Key": "a/y"})
        check("s3 DeleteObjects of keys all within s3:DeleteObject's resource",
              errors == {} and deleted == ["a/x", "a/y"], (errors, deleted))
        check("s3 DeleteObjects allowed deleted its keys only", "b/y" in remaining() and "a/x" not in remaining(), remaining())

        anyone = as_(k_pool, "sts")
        allowed("sts:GetCallerIdentity is always allowed", lambda: anyone.get_caller_identity())
    finally:
        reset_auth(port, "inf")


def main():
    port = free_port()
    process = start(port)
    try:
        run(port)
    except Exception:  # noqa: BLE001
        traceback.print_exc()
        failed.append("unexpected error")
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
    if failed or os.environ.get("SHOW_SERVER_LOG"):
        process.log.seek(0)
        lines = [l for l in process.log.read().decode(errors="replace").splitlines() if "iam_evaluation" in l or "Traceback" in l or "Error" in l]
        print("\n".join(lines[-40:]))
    print("%d passed, %d failed" % (len(passed), len(failed)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
