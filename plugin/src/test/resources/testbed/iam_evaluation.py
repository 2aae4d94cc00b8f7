"""IAM identity-policy evaluation for the test bed's moto server, closer to what AWS does.

Imported by moto_server.py. Nothing changes while moto's IAM enforcement is off (the default); it is
switched on by INITIAL_NO_AUTH_ACTION_COUNT at start or by POST /moto-api/reset-auth (body "0" =
enforce from now on), after which every request must be signed with an IAM user's access key (or an
assumed role's keys) and is judged against that principal's identity policies.

What moto 5.2.1 evaluates on its own (moto/core/authorization.py, moto/iam/access_control.py)
--------------------------------------------------------------------------------------------
* The action "<signing service>:<operation>" of every request of every service that goes through
  BaseResponse.call_action (s3, cloudfront, lambda, acm, route53, cognito-idp, iam, sts...), matched
  against Action/NotAction case-SENSITIVELY with only "*" as a wildcard ("?" and "." are regex
  characters). sts:GetCallerIdentity is always allowed. Cognito's public operations (InitiateAuth,
  SignUp, GetUser, ...) are never checked.
* The resource is "*" for every service except S3 (arn:aws:s3:::bucket[/key]), STS AssumeRole (the
  role ARN) and IAM calls with a RoleName (the role's ARN, but only when the role already exists,
  "*" otherwise), SQS. A statement whose Resource is a specific ARN therefore never matches a
  cloudfront/lambda/acm/route53/cognito call, and the call is denied.
* S3 actions are named by moto's own map of the request (moto/s3/responses.py ACTION_MAP), not by the
  IAM action AWS authorizes: HeadBucket is checked as "s3:HeadBucket" (AWS: s3:ListBucket); the bucket
  sub-resources the map does not know - ?publicAccessBlock (its key is "public_access_block"),
  ?encryption, ?ownershipControls - fall back to s3:ListBucket (GET), s3:CreateBucket (PUT) and
  s3:DeleteBucket (DELETE), where AWS authorizes s3:GetBucketPublicAccessBlock /
  s3:PutBucketPublicAccessBlock, s3:GetEncryptionConfiguration / s3:PutEncryptionConfiguration,
  s3:GetBucketOwnershipControls / s3:PutBucketOwnershipControls (the Put* action for DELETE too).
  DeleteObjects (POST ?delete) is one s3:DeleteObject check on the bucket's ARN, which a statement on
  "arn:aws:s3:::bucket/*" or ".../bucket/prefix/*" never matches; when that check denies, moto still
  answers 200, listing every key under Errors as AccessDenied, and deletes none.
* An operation is checked under its own name even where AWS authorizes other actions:
  cloudfront:CreateDistributionWithTags, which AWS authorizes as cloudfront:CreateDistribution plus
  cloudfront:TagResource, so a policy written for AWS never allows it.
* Conditions: only StringEquals is known, and only sts:ExternalId (AssumeRole) is ever supplied, so
  every condition of an identity policy holds (unknown operator: ignored; StringEquals on a key
  absent from the request: holds).
* A statement whose condition fails returns DENIED, even for an Allow: one Allow with a failing
  condition denies the call although another statement allows it.
* No permissions boundaries, no session policies, no resource-based policies other than S3 bucket
  policies and role trust policies.
* A denial is moto's generic XML `<ErrorResponse><Errors><Error><Code>AccessDenied` (403, Content-Type
  text/html) for every service but S3. Only the query protocol (iam, sts) reads a code from it: botocore
  sees no code at all for cloudfront/route53 and the code "403" for cognito-idp/acm/lambda (JSON).
* With enforcement on, moto's signature check itself fails for every non-S3 request without a body
  (GetFunction, GetDistributionConfig, ListTags..., SignatureDoesNotMatch): it signs over a payload made
  of the parsed query parameters or the request headers; and for every URL whose path or query holds a
  percent-encoded character (a Lambda ARN in /tags/<arn>, Qualifier=$LATEST): it signs over the URL as
  werkzeug re-renders it, decoded.

What this module adds (identity policies only; trust policies and bucket policies stay moto's)
--------------------------------------------------------------------------------------------
* The resource AWS authorizes, for cognito-idp (userpool/<id>, ResourceArn of tag calls, "*" for
  CreateUserPool/ListUserPools/DescribeUserPoolDomain), lambda (function ARN, qualified when the
  request names a version or a Qualifier; CreateFunction: the body's FunctionName), cloudfront
  (distribution/<id>, origin-access-control/<id>, the tagging Resource; creates are judged against
  "arn:aws:cloudfront::<account>:distribution/*" resp. "origin-access-control/*", which statements
  "*" or ".../distribution/*" match but ".../distribution/E123" does not), acm (CertificateArn, "*"
  for RequestCertificate/ListCertificates), route53 (arn:aws:route53:::hostedzone/<id>, change/<id>,
  "*" for the list calls), iam (role/<path><name> even when the role does not exist yet, user ARNs,
  policy ARNs, service-linked role ARNs). S3 keeps moto's bucket/object ARNs (DeleteObjects: each
  key's, see below). Region: the SigV4 credential scope; account: moto's current account.
* The IAM action AWS authorizes where moto checks another (_s3_checks, _AUTHORIZED_AS): S3 HeadBucket
  -> s3:ListBucket; ?publicAccessBlock -> s3:GetBucketPublicAccessBlock (GET) /
  s3:PutBucketPublicAccessBlock (PUT, DELETE); ?encryption -> s3:GetEncryptionConfiguration /
  s3:PutEncryptionConfiguration; ?ownershipControls -> s3:GetBucketOwnershipControls /
  s3:PutBucketOwnershipControls; DeleteObjects -> s3:DeleteObject (s3:DeleteObjectVersion for a key
  given with a VersionId) on every key's ARN arn:aws:s3:::bucket/key, and the request is denied as a
  whole if any key is denied (moto then answers its 200 with every key AccessDenied, deleting none).
  CreateDistributionWithTags -> cloudfront:CreateDistribution and cloudfront:TagResource, both on
  "arn:aws:cloudfront::<account>:distribution/*" with the request's tags as aws:RequestTag/<k> and
  aws:TagKeys, so a TagResource condition limits the tags a new distribution may carry. Every check
  must allow; the first that does not denies the request (its message names the operation's action and
  the denied check's resource).
* Statement matching as AWS: Action/NotAction case-insensitive with "*"/"?", Resource/NotResource
  case-sensitive with "*"/"?", policy variables ${aws:username} etc. from the request context.
* Conditions: StringEquals, StringNotEquals, StringEqualsIgnoreCase, StringNotEqualsIgnoreCase,
  StringLike, StringNotLike, ArnEquals, ArnNotEquals, ArnLike, ArnNotLike, Bool, Null, Numeric*,
  each with the IfExists suffix and the ForAllValues:/ForAnyValue: prefixes. Values of one key are
  OR-ed (negated operators: none may match), keys and operators are AND-ed. A key absent from the
  request makes a positive operator false and a negated one true (AWS's rule), IfExists makes it
  true, ForAllValues holds for an absent/empty key, ForAnyValue does not. Condition key names are
  case-insensitive, values case-sensitive (except *IgnoreCase). An unknown operator makes the
  condition false (logged on stderr): AWS would have refused such a policy.
* Context keys: aws:RequestTag/<k>, aws:TagKeys (Cognito CreateUserPool UserPoolTags / TagResource
  Tags / UntagResource TagKeys; CloudFront CreateDistributionWithTags and tagging Tag/Untag; ACM
  RequestCertificate / AddTagsToCertificate / RemoveTagsFromCertificate; Lambda CreateFunction /
  TagResource / UntagResource; IAM CreateRole / TagRole / UntagRole); aws:ResourceTag/<k> (and
  iam:ResourceTag/<k> for roles) from moto's backends: user pool tags (as given at CreateUserPool),
  distribution tags, certificate tags, function tags, role tags; iam:PolicyARN (Attach/Detach
  RolePolicy), iam:PermissionsBoundary (CreateRole / PutRolePermissionsBoundary: the request's; other
  role-policy calls: the role's current boundary), iam:AWSServiceName (CreateServiceLinkedRole),
  route53:ChangeResourceRecordSetsNormalizedRecordNames / RecordTypes / Actions; and always
  aws:SecureTransport=false (the bed is plain http), aws:RequestedRegion, aws:PrincipalArn,
  aws:PrincipalAccount, aws:username (users).
* Decision as AWS: an applicable Deny wins, else an applicable Allow allows, else implicit deny; a
  statement whose condition fails does not apply (neither Allow nor Deny).
* Denials answered as AWS does per protocol, status 403: JSON services (cognito-idp, acm, lambda)
  {"__type": "AccessDeniedException", "message": ...} with x-amzn-ErrorType; XML services (iam,
  cloudfront, route53, ...) <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code>...;
  S3 keeps moto's S3 AccessDenied (DeleteObjects: moto's 200 listing every key as AccessDenied).

* Signature checks that AWS would pass: a bodiless request is signed over an empty payload, and over
  the raw request URI as sent (S3 keeps moto's own check, see DEVIATIONS.md).
* Cognito user pool tags survive an UpdateUserPool without UserPoolTags (moto drops them; AWS keeps a
  pool's tags - assumed), so aws:ResourceTag keeps judging the pool after an update.

What is still NOT evaluated
---------------------------
* Implied (dependent) actions AWS authorizes besides the called one, which moto never checks:
  iam:PassRole (Lambda CreateFunction / UpdateFunctionConfiguration passing a Role, with
  iam:PassedToService), lambda:GetFunction + lambda:EnableReplication*/DisableReplication* (CloudFront
  associating a Lambda@Edge version in Create/UpdateDistribution), iam:CreateServiceLinkedRole (the
  Lambda replicator / CloudFront logger roles the services create on first use), acm:DescribeCertificate
  by CloudFront, kms etc.
  A policy missing those passes here and fails on AWS.
* Service-specific condition keys not listed above (acm:*, cognito-idp:*, lambda:FunctionUrlAuthType,
  lambda:Layer, cloudfront:*, s3:* such as s3:prefix - absent, so conditions on them fail closed),
  aws:SourceIp/aws:CurrentTime/Date*/IpAddress/Binary operators (unknown -> condition false),
  aws:CalledVia, aws:ViaAWSService, aws:ResourceTag for route53 and S3.
* Permissions boundaries, session policies, SCPs/RCPs, resource-based policies (Lambda function
  policies, KMS key policies...) and cross-account rules. Trust policies (AssumeRole) and bucket
  policies are evaluated by moto as before (moto_server.py's principal fix applies).
* Operations of other services and other resource types than listed above keep moto's resource
  ("*" for most), so only Resource "*" statements match them.
* S3 DeleteObjects is all or nothing: one denied key refuses every key. AWS reports each key's result
  on its own (deleting the permitted keys, listing the others under Errors as AccessDenied).
* RequestCertificate is judged against "*" (AWS's reference may list a certificate resource type).
* The wildcard pattern used for creates is matched literally: a statement ".../distribution/?" would
  match it too.

Set EDGESITE_NATIVE_IAM=1 in the server's environment to leave moto's own evaluation in place.
"""
import json
import os
import re
import sys
import threading
import xml.etree.ElementTree as ElementTree
from urllib.parse import parse_qs, quote, unquote, urlsplit

from werkzeug.exceptions import HTTPException

from moto import settings
from moto.core.authorization import ActionAuthenticatorMixin
from moto.core.responses import BaseResponse
from moto.iam import access_control

_local = threading.local()

JSON_SERVICES = {"cognito-idp", "acm", "lambda", "cognito-identity", "logs", "kms", "dynamodb",
                 "secretsmanager", "ssm"}
XML_NAMESPACES = {"iam": "https://iam.amazonaws.com/doc/2010-05-08/",
                  "cloudfront": "http://cloudfront.amazonaws.com/doc/2020-05-31/",
                  "route53": "https://route53.amazonaws.com/doc/2013-04-01/",
                  "sts": "https://sts.amazonaws.com/doc/2011-06-15/"}
SERVICE_LINKED_ROLE_NAMES = {"replicator.lambda.amazonaws.com": "AWSServiceRoleForLambdaReplicator",
                             "logger.cloudfront.amazonaws.com": "AWSServiceRoleForCloudFrontLogger"}


def _log(message):
    sys.stderr.write("iam_evaluation: %s\n" % message)
    sys.stderr.flush()


# ---------------------------------------------------------------------------------------------
# Request description: the resource AWS authorizes and the request context
# ---------------------------------------------------------------------------------------------

class Request:
    def __init__(self, response):
        self.response = response
        authorization = response.headers.get("Authorization", "") or ""
        scope = authorization.partition("Credential=")[2].partition(",")[0].split("/")
        self.region = scope[2] if len(scope) > 3 else response.region
        self.service = scope[3] if len(scope) > 3 else (response.service_name or "")
        self.account = response.current_account
        self.operation = response._get_action() or ""
        if isinstance(self.operation, list):
            self.operation = self.operation[0]
        self.method = response.method
        raw = getattr(response, "raw_path", None) or response.path
        self.path = unquote(raw)
        self.query = parse_qs(response.parsed_url.query, keep_blank_values=True)
        body = response.body
        if isinstance(body, bytes):
            body = body.decode("utf-8", "replace")
        self.body = body or ""
        self.context = {}

    def json(self):
        try:
            value = json.loads(self.body) if self.body else {}
            return value if isinstance(value, dict) else {}
        except ValueError:
            return {}

    def xml(self):
        if not self.body.strip():
            return None
        try:
            root = ElementTree.fromstring(self.body)
        except ElementTree.ParseError:
            return None
        for element in root.iter():
            if isinstance(element.tag, str) and "}" in element.tag:
                element.tag = element.tag.split("}", 1)[1]
        return root

    def param(self, name):
        values = self.response.querystring.get(name)
        if isinstance(values, list):
            return values[0] if values else None
        return values

    def query_one(self, name):
        values = self.query.get(name)
        return values[0] if values else None

    def request_tags(self, tags):
        """tags: dict or list of {Key, Value}."""
        if isinstance(tags, list):
            tags = {t.get("Key"): t.get("Value", "") for t in tags if isinstance(t, dict) and t.get("Key") is not None}
        if not isinstance(tags, dict):
            return
        for key, value in tags.items():
            self.context["aws:RequestTag/%s" % key] = "" if value is None else str(value)
        self.context["aws:TagKeys"] = list(tags.keys())

    def tag_keys(self, keys):
        self.context["aws:TagKeys"] = [k for k in keys if k is not None]

    def resource_tags(self, tags, iam=False):
        if isinstance(tags, list):
            tags = {t.get("Key"): t.get("Value", "") for t in tags if isinstance(t, dict)}
        for key, value in (tags or {}).items():
            self.context["aws:ResourceTag/%s" % key] = "" if value is None else str(value)
            if iam:
                self.context["iam:ResourceTag/%s" % key] = "" if value is None else str(value)


def _cognito(request, resource):
    body = request.json()
    op = request.operation
    from moto.cognitoidp.models import cognitoidp_backends
    pool_id = None
    if op in ("TagResource", "UntagResource", "ListTagsForResource"):
        resource = body.get("ResourceArn") or "*"
        match = re.search(r":userpool/(.+)$", resource)
        pool_id = match.group(1) if match else None
    elif op in ("CreateUserPool", "ListUserPools", "DescribeUserPoolDomain"):
        resource = "*"
    elif body.get("UserPoolId"):
        pool_id = body["UserPoolId"]
        resource = "arn:aws:cognito-idp:%s:%s:userpool/%s" % (request.region, request.account, pool_id)
    else:
        resource = "*"
    if op == "CreateUserPool":
        request.request_tags(body.get("UserPoolTags") or {})
    elif op == "TagResource":
        request.request_tags(body.get("Tags") or {})
    elif op == "UntagResource":
        request.tag_keys(body.get("TagKeys") or [])
    if pool_id:
        pool = cognitoidp_backends[request.account][request.region].user_pools.get(pool_id)
        if pool is not None:
            request.resource_tags(getattr(pool, "extended_config", {}).get("UserPoolTags")
                                  or getattr(pool, "tags", None) or {})
    return resource


def _lambda_function(reference, region, account):
    """(region, account, name, qualifier) from a name, partial ARN or ARN."""
    qualifier = None
    if reference.startswith("arn:"):
        parts = reference.split(":")
        region, account, name = parts[3], parts[4], parts[6]
        qualifier = parts[7] if len(parts) > 7 else None
    elif ":function:" in reference:
        parts = reference.split(":")
        account, name = parts[0], parts[2]
        qualifier = parts[3] if len(parts) > 3 else None
    else:
        name, _, qualifier = reference.partition(":")
        qualifier = qualifier or None
    return region, account, name, qualifier


def _lambda(request, resource):
    from moto.awslambda.models import lambda_backends
    body = request.json()
    path = request.path
    function = None
    tags_match = re.match(r"^/\d{4}-\d{2}-\d{2}/tags/(.+)$", path)
    functions_match = re.match(r"^/\d{4}-\d{2}-\d{2}/functions/([^/]+)(/.*)?$", path)
    if tags_match:
        resource = tags_match.group(1)
        function = _lambda_function(resource, request.region, request.account)
        if request.method == "POST":
            request.request_tags(body.get("Tags") or {})
        elif request.method == "DELETE":
            request.tag_keys(request.query.get("tagKeys", []))
    elif functions_match:
        region, account, name, qualifier = _lambda_function(functions_match.group(1), request.region, request.account)
        qualifier = request.query_one("Qualifier") or qualifier
        resource = "arn:aws:lambda:%s:%s:function:%s" % (region, account, name)
        if qualifier:
            resource += ":" + qualifier
        function = (region, account, name, None)
    elif re.match(r"^/\d{4}-\d{2}-\d{2}/functions/?$", path) and request.method == "POST":
        region, account, name, qualifier = _lambda_function(body.get("FunctionName") or "", request.region, request.account)
        resource = "arn:aws:lambda:%s:%s:function:%s" % (region, account, name)
        request.request_tags(body.get("Tags") or {})
        function = None  # does not exist yet
    else:
        resource = "*"
    if function:
        region, account, name, _ = function
        try:
            existing = lambda_backends[account][region].get_function(name)
            request.resource_tags(getattr(existing, "tags", None) or {})
        except Exception:  # noqa: BLE001 - absent function: no resource tags
            pass
    return resource


def _cloudfront_arn(account, kind, ident):
    return "arn:aws:cloudfront::%s:%s/%s" % (account, kind, ident)


def _xml_tags(root):
    tags = {}
    if root is None:
        return tags
    for tag in root.iter("Tag"):
        key = tag.findtext("Key")
        if key is not None:
            tags[key] = tag.findtext("Value") or ""
    return tags


def _cloudfront(request, resource):
    from moto.cloudfront.models import cloudfront_backends
    path = request.path
    account = request.account
    backend = cloudfront_backends[account]["aws"]
    distribution_id = None
    dist = re.match(r"^/\d{4}-\d{2}-\d{2}/distribution/([^/]+)(/.*)?$", path)
    oac = re.match(r"^/\d{4}-\d{2}-\d{2}/origin-access-control/([^/]+)(/.*)?$", path)
    if dist:
        distribution_id = dist.group(1)
        resource = _cloudfront_arn(account, "distribution", distribution_id)
    elif oac:
        resource = _cloudfront_arn(account, "origin-access-control", oac.group(1))
    elif re.match(r"^/\d{4}-\d{2}-\d{2}/distribution/?$", path):
        if request.method == "POST":
            resource = _cloudfront_arn(account, "distribution", "*")
            if "WithTags" in request.query or request.operation == "CreateDistributionWithTags":
                root = request.xml()
                tags_element = root.find("Tags") if root is not None else None
                request.request_tags(_xml_tags(tags_element))
        else:
            resource = "*"
    elif re.match(r"^/\d{4}-\d{2}-\d{2}/origin-access-control/?$", path):
        resource = _cloudfront_arn(account, "origin-access-control", "*") if request.method == "POST" else "*"
    elif re.match(r"^/\d{4}-\d{2}-\d{2}/tagging/?$", path):
        resource = request.query_one("Resource") or "*"
        # moto's own distribution ARNs lack the empty region field (arn:aws:cloudfront:<account>:...)
        resource = re.sub(r"^arn:aws:cloudfront:(\d{12}):", r"arn:aws:cloudfront::\1:", resource)
        match = re.search(r":distribution/([^/]+)$", resource)
        distribution_id = match.group(1) if match else None
        operation = request.query_one("Operation")
        root = request.xml()
        if operation == "Tag":
            request.request_tags(_xml_tags(root))
        elif operation == "Untag":
            request.tag_keys([k.text for k in root.iter("Key")] if root is not None else [])
    else:
        resource = "*"
    if distribution_id:
        existing = backend.distributions.get(distribution_id)
        if existing is not None:
            tags = backend.tagger.list_tags_for_resource(existing.arn).get("Tags", [])
            request.resource_tags(tags)
    return resource


def _acm(request, resource):
    from moto.acm.models import acm_backends
    body = request.json()
    op = request.operation
    arn = body.get("CertificateArn")
    if op in ("RequestCertificate", "ListCertificates", "ImportCertificate") and not arn:
        resource = "*"
    else:
        resource = arn or "*"
    if op == "RequestCertificate":
        request.request_tags(body.get("Tags") or [])
    elif op == "AddTagsToCertificate":
        request.request_tags(body.get("Tags") or [])
    elif op == "RemoveTagsFromCertificate":
        request.tag_keys([t.get("Key") for t in body.get("Tags") or []])
    if arn:
        try:
            region = arn.split(":")[3] or request.region
            cert = acm_backends[request.account][region].get_certificate(arn)
            request.resource_tags(dict(cert.tags))
        except Exception:  # noqa: BLE001 - absent certificate
            pass
    return resource


def _route53(request, resource):
    path = request.path
    zone = re.match(r"^/\d{4}-\d{2}-\d{2}/(?:tags/)?hostedzone/([^/]+)(/.*)?$", path)
    change = re.match(r"^/\d{4}-\d{2}-\d{2}/change/([^/]+)$", path)
    if zone:
        zone_id = zone.group(1).replace("/hostedzone/", "")
        resource = "arn:aws:route53:::hostedzone/%s" % zone_id
    elif change:
        resource = "arn:aws:route53:::change/%s" % change.group(1)
    else:
        resource = "*"
    if request.operation == "ChangeResourceRecordSets":
        root = request.xml()
        names, types, actions = [], [], []
        if root is not None:
            for item in root.iter("Change"):
                action = item.findtext("Action")
                record = item.find("ResourceRecordSet")
                if action:
                    actions.append(action)
                if record is not None:
                    names.append(_normalized_record_name(record.findtext("Name") or ""))
                    if record.findtext("Type"):
                        types.append(record.findtext("Type"))
        request.context["route53:ChangeResourceRecordSetsNormalizedRecordNames"] = sorted(set(names))
        request.context["route53:ChangeResourceRecordSetsRecordTypes"] = sorted(set(types))
        request.context["route53:ChangeResourceRecordSetsActions"] = sorted(set(actions))
    return resource


def _normalized_record_name(name):
    """As AWS documents the key: lower case, no final dot, and every character but a-z, 0-9, '-', '_' and the
    label dots as a three-digit octal escape (the wildcard *.example.com is \\052.example.com), whether the
    request spelled it as the character or as its escape."""
    name = re.sub(r"\\([0-7]{3})", lambda m: chr(int(m.group(1), 8)), name).lower()
    if name.endswith("."):
        name = name[:-1]
    return "".join(c if c.isascii() and (c.isalnum() or c in "-_.") else "\\%03o" % ord(c) for c in name)


def _iam_tags(request, prefix="Tags.member."):
    tags = {}
    index = 1
    while True:
        key = request.param("%s%d.Key" % (prefix, index))
        if key is None:
            break
        tags[key] = request.param("%s%d.Value" % (prefix, index)) or ""
        index += 1
    return tags


def _iam_list(request, prefix):
    values = []
    index = 1
    while request.param("%s%d" % (prefix, index)) is not None:
        values.append(request.param("%s%d" % (prefix, index)))
        index += 1
    return values


def _iam(request, resource):
    from moto.iam.models import iam_backends
    backend = iam_backends[request.account]["aws"]
    op = request.operation
    role_name = request.param("RoleName")
    user_name = request.param("UserName")
    policy_arn = request.param("PolicyArn")
    if role_name:
        role = None
        try:
            role = backend.get_role(role_name)
        except Exception:  # noqa: BLE001 - role does not exist (yet)
            pass
        if role is not None:
            path = role.path or "/"
            request.resource_tags(role.tags or [], iam=True)
            if role.permissions_boundary_arn and op != "PutRolePermissionsBoundary":
                request.context["iam:PermissionsBoundary"] = role.permissions_boundary_arn
        else:
            path = (request.param("Path") if op == "CreateRole" else None) or "/"
        resource = "arn:aws:iam::%s:role%s%s" % (request.account, path, role_name)
    elif user_name:
        path = "/"
        try:
            path = backend.get_user(user_name).path or "/"
        except Exception:  # noqa: BLE001
            pass
        resource = "arn:aws:iam::%s:user%s%s" % (request.account, path, user_name)
    elif op == "CreateServiceLinkedRole":
        service = request.param("AWSServiceName") or ""
        name = SERVICE_LINKED_ROLE_NAMES.get(service)
        if name is None:
            first, third = service.split(".")[0], (service.split(".")[-3] if service.count(".") >= 2 else service)
            name = "AWSServiceRoleFor" + (third if first == third else third + "_" + first.capitalize())
        suffix = request.param("CustomSuffix")
        resource = "arn:aws:iam::%s:role/aws-service-role/%s/%s%s" % (
            request.account, service, name, "_" + suffix if suffix else "")
    elif op == "CreatePolicy":
        resource = "arn:aws:iam::%s:policy%s%s" % (request.account, request.param("Path") or "/",
                                                   request.param("PolicyName"))
    elif policy_arn and not request.param("GroupName"):
        resource = policy_arn
    if op in ("AttachRolePolicy", "DetachRolePolicy", "AttachUserPolicy", "DetachUserPolicy",
              "AttachGroupPolicy", "DetachGroupPolicy") and policy_arn:
        request.context["iam:PolicyARN"] = policy_arn
    if op in ("CreateRole", "PutRolePermissionsBoundary", "CreateUser", "PutUserPermissionsBoundary"):
        boundary = request.param("PermissionsBoundary")
        if boundary:
            request.context["iam:PermissionsBoundary"] = boundary
    if op == "CreateServiceLinkedRole":
        request.context["iam:AWSServiceName"] = request.param("AWSServiceName") or ""
    if op in ("CreateRole", "TagRole", "CreateUser", "TagUser", "CreatePolicy", "TagPolicy"):
        tags = _iam_tags(request)
        if tags or op.startswith("Tag"):
            request.request_tags(tags)
    elif op in ("UntagRole", "UntagUser", "UntagPolicy"):
        request.tag_keys(_iam_list(request, "TagKeys.member."))
    return resource


DESCRIBERS = {"cognito-idp": _cognito, "lambda": _lambda, "cloudfront": _cloudfront, "acm": _acm,
              "route53": _route53, "iam": _iam}


def describe(response, resource):
    request = Request(response)
    describer = DESCRIBERS.get(request.service)
    if describer is not None:
        try:
            resource = describer(request, resource)
        except Exception as error:  # noqa: BLE001 - judge with moto's resource rather than crash
            _log("could not describe %s:%s (%r); resource %s" % (request.service, request.operation, error, resource))
    return request, resource


# ---------------------------------------------------------------------------------------------
# Policy evaluation
# ---------------------------------------------------------------------------------------------

_VARIABLE = re.compile(r"\$\{([^}]+)\}")


def _substitute(value, context):
    """Policy variables (policy Version 2012-10-17): ${key}, ${*}, ${?}, ${$}."""
    if not isinstance(value, str) or "${" not in value:
        return value, True
    resolved = [True]

    def replace(match):
        name = match.group(1)
        if name in ("*", "?", "$"):
            return "\x00" + name
        key, _, default = name.partition(",")
        actual = _lookup(context, key.strip())
        if isinstance(actual, str):
            return actual.replace("*", "\x00*").replace("?", "\x00?")
        if default:
            return default.strip().strip("'")
        resolved[0] = False
        return match.group(0)

    return _VARIABLE.sub(replace, value), resolved[0]


def _glob_with_literals(pattern, value, ignore_case=False):
    parts, i = [], 0
    while i < len(pattern):
        c = pattern[i]
        if c == "\x00" and i + 1 < len(pattern):
            parts.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        parts.append(".*" if c == "*" else "." if c == "?" else re.escape(c))
        i += 1
    return re.fullmatch("".join(parts), value, re.DOTALL | (re.IGNORECASE if ignore_case else 0)) is not None


def _lookup(context, key):
    lowered = key.lower()
    for name, value in context.items():
        if name.lower() == lowered:
            return value
    return None


def _as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def _expected(values, context, variables):
    result = []
    for value in _as_list(values):
        if isinstance(value, bool):
            value = "true" if value else "false"
        value = str(value)
        if variables:
            value, ok = _substitute(value, context)
            if not ok:
                continue
        result.append(value)
    return result


def _unescape(value):
    return value.replace("\x00", "")


def _arn_match(pattern, value):
    pattern_parts, value_parts = pattern.split(":", 5), value.split(":", 5)
    if len(pattern_parts) != len(value_parts):
        return _glob_with_literals(pattern, value)
    return all(_glob_with_literals(p, v) for p, v in zip(pattern_parts, value_parts))


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


# operator -> (negated, match(expected, actual))
OPERATORS = {
    "StringEquals": (False, lambda e, a: _unescape(e) == a),
    "StringNotEquals": (True, lambda e, a: _unescape(e) == a),
    "StringEqualsIgnoreCase": (False, lambda e, a: _unescape(e).lower() == a.lower()),
    "StringNotEqualsIgnoreCase": (True, lambda e, a: _unescape(e).lower() == a.lower()),
    "StringLike": (False, lambda e, a: _glob_with_literals(e, a)),
    "StringNotLike": (True, lambda e, a: _glob_with_literals(e, a)),
    "ArnEquals": (False, _arn_match),
    "ArnLike": (False, _arn_match),
    "ArnNotEquals": (True, _arn_match),
    "ArnNotLike": (True, _arn_match),
    "Bool": (False, lambda e, a: e.lower() == a.lower()),
    "NumericEquals": (False, lambda e, a: _number(a) is not None and _number(a) == _number(e)),
    "NumericNotEquals": (True, lambda e, a: _number(a) is not None and _number(a) == _number(e)),
    "NumericLessThan": (False, lambda e, a: None not in (_number(a), _number(e)) and _number(a) < _number(e)),
    "NumericLessThanEquals": (False, lambda e, a: None not in (_number(a), _number(e)) and _number(a) <= _number(e)),
    "NumericGreaterThan": (False, lambda e, a: None not in (_number(a), _number(e)) and _number(a) > _number(e)),
    "NumericGreaterThanEquals": (False, lambda e, a: None not in (_number(a), _number(e)) and _number(a) >= _number(e)),
}


def condition_block_holds(operator_name, key, values, context, variables=True):
    qualifier = None
    operator = operator_name
    if operator.startswith("ForAllValues:"):
        qualifier, operator = "all", operator[len("ForAllValues:"):]
    elif operator.startswith("ForAnyValue:"):
        qualifier, operator = "any", operator[len("ForAnyValue:"):]
    if_exists = operator.endswith("IfExists") and operator != "IfExists"
    if if_exists:
        operator = operator[:-len("IfExists")]
    actual = _lookup(context, key)
    actual_values = [str(v).lower() if isinstance(v, bool) else str(v) for v in _as_list(actual)]
    present = actual is not None and (not isinstance(actual, list) or len(actual) > 0)
    expected = _expected(values, context, variables)
    if operator == "Null":
        return any((e.lower() == "true") == (not present) for e in expected)
    if operator not in OPERATORS:
        _log("unsupported condition operator %s: condition taken as false" % operator_name)
        return False
    negated, match = OPERATORS[operator]

    def value_matches(value):
        hit = any(match(e, value) for e in expected)
        return not hit if negated else hit

    if qualifier == "all":
        if not present:
            return True
        return all(value_matches(v) for v in actual_values)
    if qualifier == "any":
        if not present:
            return if_exists
        return any(value_matches(v) for v in actual_values)
    if not present:
        return True if (if_exists or negated) else False
    if negated:
        return all(value_matches(v) for v in actual_values)
    return any(value_matches(v) for v in actual_values)


def conditions_hold(condition, context, variables=True):
    for operator_name, block in (condition or {}).items():
        if not isinstance(block, dict):
            return False
        for key, values in block.items():
            if not condition_block_holds(operator_name, key, values, context, variables):
                return False
    return True


def _element_matches(patterns, value, context, variables, ignore_case):
    for pattern in _as_list(patterns):
        if not isinstance(pattern, str):
            continue
        if variables:
            pattern, ok = _substitute(pattern, context)
            if not ok:
                continue
        if _glob_with_literals(pattern, value, ignore_case):
            return True
    return False


def statement_effect(statement, action, resource, context, variables=True):
    """'Allow' / 'Deny' when the statement applies to the request, else None."""
    if "Action" in statement:
        if not _element_matches(statement["Action"], action, context, False, True):
            return None
    elif "NotAction" in statement:
        if _element_matches(statement["NotAction"], action, context, False, True):
            return None
    else:
        return None
    if "Resource" in statement:
        if not _element_matches(statement["Resource"], resource, context, variables, False):
            return None
    elif "NotResource" in statement:
        if _element_matches(statement["NotResource"], resource, context, variables, False):
            return None
    else:
        return None
    if not conditions_hold(statement.get("Condition"), context, variables):
        return None
    effect = statement.get("Effect")
    return effect if effect in ("Allow", "Deny") else None


def policy_document(policy):
    if isinstance(policy, access_control.Policy):
        version = next(v for v in policy.versions if v.is_default)
        document = version.document
    elif isinstance(policy, str):
        document = policy
    elif isinstance(policy, dict):
        document = policy.get("policy_document", policy)
    else:
        document = policy
    if isinstance(document, str):
        document = json.loads(document)
    return document


def evaluate(policies, action, resource, context):
    """'Allow', 'Deny' (explicit) or None (implicit deny)."""
    allowed = False
    for policy in policies:
        document = policy_document(policy)
        variables = document.get("Version") == "2012-10-17"
        statements = document.get("Statement", [])
        if isinstance(statements, dict):
            statements = [statements]
        for statement in statements:
            effect = statement_effect(statement, action, resource, context, variables)
            if effect == "Deny":
                return "Deny"
            if effect == "Allow":
                allowed = True
    return "Allow" if allowed else None


# ---------------------------------------------------------------------------------------------
# Denials as AWS answers them
# ---------------------------------------------------------------------------------------------

class AccessDenied(HTTPException):
    code = 403

    def __init__(self, description):
        super().__init__(description=description)


def _deny(request_base, described, resource, explicit, action=None):
    action = action or request_base._action
    reason = ("with an explicit deny in an identity-based policy" if explicit
              else "because no identity-based policy allows the %s action" % action)
    message = "User: %s is not authorized to perform: %s on resource: %s %s" % (
        request_base._access_key.arn, action, resource, reason)
    service = request_base._service
    if described is None or service == "s3":
        request_base._raise_access_denied()
    response = described.response
    if service in JSON_SERVICES:
        response.response_headers["Content-Type"] = "application/json" if service == "lambda" else "application/x-amz-json-1.1"
        response.response_headers["x-amzn-ErrorType"] = "AccessDeniedException"
        raise AccessDenied(json.dumps({"__type": "AccessDeniedException", "message": message, "Message": message}))
    namespace = XML_NAMESPACES.get(service)
    response.response_headers["Content-Type"] = "text/xml"
    body = ('<?xml version="1.0" encoding="UTF-8"?>\n<ErrorResponse%s><Error><Type>Sender</Type><Code>AccessDenied</Code>'
            "<Message>%s</Message></Error><RequestId>edgesite-iam-evaluation</RequestId></ErrorResponse>") % (
        ' xmlns="%s"' % namespace if namespace else "",
        message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))
    raise AccessDenied(body)


# ---------------------------------------------------------------------------------------------
# Patches
# ---------------------------------------------------------------------------------------------

_original_normal = ActionAuthenticatorMixin._authenticate_and_authorize_normal_action


def _authenticate_and_authorize_normal_action(self, resource="*"):
    if ActionAuthenticatorMixin.request_count < settings.INITIAL_NO_AUTH_ACTION_COUNT:
        return _original_normal(self, resource)
    try:
        described, resource = describe(self, resource)
    except Exception as error:  # noqa: BLE001
        _log("could not describe request (%r)" % (error,))
        described = None
    _local.described = described
    _local.resource = resource
    _local.raw_uri = getattr(self, "_edgesite_raw_uri", None)
    try:
        return _original_normal(self, resource)
    finally:
        _local.described = None
        _local.resource = None
        _local.raw_uri = None


def _default_context(request_base, described):
    context = {"aws:SecureTransport": "false",
               "aws:RequestedRegion": getattr(request_base, "_region", None) or "us-east-1",
               "aws:PrincipalAccount": request_base.account_id}
    key = request_base._access_key
    context["aws:PrincipalArn"] = key.arn
    if isinstance(key, access_control.IAMUserAccessKey):
        context["aws:username"] = key._owner_user_name
        context["aws:PrincipalType"] = "User"
    else:
        context["aws:PrincipalArn"] = "arn:aws:iam::%s:role/%s" % (request_base.account_id, key._owner_role_name)
        context["aws:PrincipalType"] = "AssumedRole"
    if described is not None:
        context.update(described.context)
    return context


# moto names some S3 checks after the API operation, not after the IAM action AWS authorizes, and maps
# the bucket sub-resources it does not know (encryption, ownershipControls) to ListBucket or CreateBucket.
_S3_BUCKET_SUBRESOURCES = {
    "encryption": ("s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration"),
    "ownershipControls": ("s3:GetBucketOwnershipControls", "s3:PutBucketOwnershipControls"),
    "publicAccessBlock": ("s3:GetBucketPublicAccessBlock", "s3:PutBucketPublicAccessBlock"),
}
_S3_RENAMED = {"s3:HeadBucket": "s3:ListBucket", "s3:GetPublicAccessBlock": "s3:GetBucketPublicAccessBlock",
               "s3:PutPublicAccessBlock": "s3:PutBucketPublicAccessBlock",
               "s3:DeletePublicAccessBlock": "s3:PutBucketPublicAccessBlock"}


def _s3_checks(request_base, resource):
    """The (action, resource) pairs AWS authorizes for this S3 request."""
    action = request_base._action
    path, _, query = (getattr(request_base, "_path", "") or "").partition("?")
    params = parse_qs(query, keep_blank_values=True)
    method = getattr(request_base, "_method", "GET")
    bucket_level = resource.count("/") == 0
    if bucket_level:
        for sub, (read, write) in _S3_BUCKET_SUBRESOURCES.items():
            if sub in params:
                return [(read if method == "GET" else write, resource)]
        if method == "POST" and "delete" in params:
            # DeleteObjects: s3:DeleteObject (s3:DeleteObjectVersion with a version) on every key it names
            checks = []
            try:
                root = ElementTree.fromstring(request_base._body or b"")
                for element in root.iter():
                    if element.tag.rsplit("}", 1)[-1] != "Object":
                        continue
                    key = version = None
                    for child in element:
                        name = child.tag.rsplit("}", 1)[-1]
                        key = child.text if name == "Key" else key
                        version = child.text if name == "VersionId" else version
                    checks.append(("s3:DeleteObjectVersion" if version else "s3:DeleteObject",
                                   "%s/%s" % (resource, key)))
            except ElementTree.ParseError:
                pass
            return checks or [("s3:DeleteObject", resource + "/*")]
    return [(_S3_RENAMED.get(action, action), resource)]


# API operations that AWS authorizes as other IAM actions (moto checks the operation's own name).
_AUTHORIZED_AS = {
    "cloudfront:CreateDistributionWithTags": ["cloudfront:CreateDistribution", "cloudfront:TagResource"],
}


def check_action_permitted(self, resource):
    if self._action == "sts:GetCallerIdentity":  # always allowed, as moto and AWS do
        return
    described = getattr(_local, "described", None)
    context = _default_context(self, described)
    if self._action.startswith("s3:"):
        checks = _s3_checks(self, resource)
    else:
        checks = [(action, resource) for action in _AUTHORIZED_AS.get(self._action, [self._action])]
    for action, checked in checks:
        decision = evaluate(self._access_key.collect_policies(), action, checked, context)
        if decision != "Allow":
            _deny(self, described, checked, decision == "Deny", action)
    if self._is_assuming_role_operation(resource) and not self._check_role_trust_relationship(resource):
        self._raise_access_denied()


_original_create_aws_request = access_control.IAMRequestBase._create_aws_request


def _create_aws_request(self):
    """moto signs bodiless requests over a body it makes up: with no raw body it passes its parsed parameters as
    the payload, which for a REST GET/DELETE are the URL's query parameters or even the request headers
    (BaseResponse.setup_class falls back to them), so every GetFunction, GetDistributionConfig, ListTagsForResource...
    fails with SignatureDoesNotMatch. Only a form-encoded POST (query protocol: iam, sts) has its payload there.
    And moto signs over the URL as werkzeug re-renders it, percent-decoding the path and query (":" of an ARN,
    "$" of $LATEST), where SigV4 (non-S3) signs the URL as sent: the raw request URI is used instead."""
    content_type = ""
    for name, value in self._headers.items():
        if name.lower() == "content-type":
            content_type = value or ""
    raw_uri = getattr(_local, "raw_uri", None) if getattr(_local, "described", None) is not None else None
    if raw_uri and raw_uri.startswith("http"):
        parts = urlsplit(raw_uri)
        raw_uri = parts.path + ("?" + parts.query if parts.query else "")
    if not raw_uri and (self._body or (self._method == "POST" and "x-www-form-urlencoded" in content_type)):
        return _original_create_aws_request(self)
    signed_headers = self._get_string_between("SignedHeaders=", ",", self._headers["Authorization"]).split(";")
    headers = self._create_headers_for_aws_request(signed_headers, self._headers)
    if self._body:
        data = self._body
    elif self._method == "POST" and "x-www-form-urlencoded" in content_type:
        data = self._data
    else:
        data = b""
    url = raw_uri or self._path
    if not raw_uri and isinstance(self, access_control.S3IAMRequest):
        url = _encoded_query(url)
    request = access_control.AWSRequest(method=self._method, url=url, data=data, headers=headers)
    request.context["timestamp"] = headers["X-Amz-Date"]
    return request


def _encoded_query(url):
    """moto hands its S3 check the query as werkzeug decoded it (prefix=_previews/), and botocore takes a URL's query
    as already encoded, so a listing by a prefix holding "/" failed SignatureDoesNotMatch: encode each name and value
    once, as SigV4 does and as the SDK sent them (prefix=_previews%2F)."""
    path, _, query = url.partition("?")
    if not query:
        return url
    pairs = [pair.partition("=") for pair in query.split("&")]
    return path + "?" + "&".join(quote(unquote(k), safe="-_.~") + "=" + quote(unquote(v), safe="-_.~")
                                 for k, _, v in pairs)


_original_setup_class = BaseResponse.setup_class


def _setup_class(self, request, full_url, headers, *args, **kwargs):
    result = _original_setup_class(self, request, full_url, headers, *args, **kwargs)
    environ = getattr(request, "environ", None) or {}
    self._edgesite_raw_uri = environ.get("RAW_URI") or environ.get("REQUEST_URI")
    return result


def _patch_cognito_tags():
    """moto keeps a pool's tags only in its extended config, which UpdateUserPool replaces wholesale: an update
    without UserPoolTags would drop the tags aws:ResourceTag is judged on. Keep them, as AWS keeps a pool's tags."""
    from moto.cognitoidp.models import CognitoIdpUserPool
    original = CognitoIdpUserPool.update_extended_config

    def update_extended_config(self, extended_config):
        tags = getattr(self, "extended_config", {}).get("UserPoolTags")
        original(self, extended_config)
        if tags and "UserPoolTags" not in (extended_config or {}):
            self.extended_config["UserPoolTags"] = tags

    CognitoIdpUserPool.update_extended_config = update_extended_config


if os.environ.get("EDGESITE_NATIVE_IAM") != "1":
    _patch_cognito_tags()
    access_control.IAMRequestBase._create_aws_request = _create_aws_request
    BaseResponse.setup_class = _setup_class
    ActionAuthenticatorMixin._authenticate_and_authorize_normal_action = _authenticate_and_authorize_normal_action
    access_control.IAMRequestBase.check_action_permitted = check_action_permitted
