"""moto's server, with two fixes where moto 5.2.1 answers what AWS never would (DEVIATIONS.md).

1. S3 bucket policies judge principals as AWS does.

moto 5.2.1 applies a bucket-policy statement whose Principal is a map (such as
{"Service": "cloudfront.amazonaws.com"}) to every caller, and answers Deny when such a statement's
Condition does not hold, even for an Allow. AWS applies the statement only to that principal. The
plugin's bucket policy lets only its CloudFront distribution read, so without this fix moto refuses
the deployer's own reads once provision has set the policy. The fix: a statement naming any
principal other than "*" (or {"AWS": "*"}) does not concern the test's callers, which is what moto
already does for principals written as a plain string.

2. CloudFront's ListDistributions summaries carry the distribution's Comment, as AWS's do (moto
leaves it out), so the plugin can find its distribution by comment.

And one addition for the tests, not a fix: the server keeps a log of the S3 requests it received
(operation, bucket, key, headers) and can be told to fail some of them, before or after it carried
them out, as a dropped connection or an S3 hiccup would, or to answer a listing whose entries for some keys
lack elements (a fault with "drop": element names and "entries": keys), as a server killed in the middle
of an upload lists the object it never finished (s3proxy's filesystem store lists it without an ETag). The plugin talks to S3 over its own HTTP
client, not only the SDK's, so the tests watch S3 calls where they arrive. Both are reached under
/_edgesite/ on the server's own port: GET or DELETE /_edgesite/s3/requests, POST or DELETE
/_edgesite/s3/faults.

The same hook logs every AWS API request of every service as it arrives (GET /_edgesite/calls: a list of
{"service", "operation", "writes"}; DELETE to forget them), so that a test counts the writes of whatever
client sent them, the goal's own included. A call writes unless its operation reads (Get*, List*, Describe*,
Head*, Search*, Lookup*, BatchGet*, Simulate*; Cognito's Admin* by what follows: AdminGetUser reads); S3
and the REST services by method (GET and HEAD read), the operations of _REST_OPERATIONS by their name.

It also injects random faults into every service's signed requests (POST /_edgesite/faults
{"seed": 7, "writes": 0.1, "throttle": 0.05}, DELETE to stop, GET for what it injected): each write
(as the call log judges it) is carried out and its answer then replaced by a 500 with probability
"writes", as when AWS did the work and the answer was lost; any request is refused unheard with the service's throttling error with probability "throttle".
One seeded generator decides, so a seed replays the same faults for the same sequence of requests.
The faults posted to /_edgesite/s3/faults name any service's operation too (CreateUserPool, CreateRole):
for those, "when": "after" carries the call out before the 500, and "code": "Throttling" throttles it.
"""
import io
import json
import random
import re
import sys
import threading
from urllib.parse import parse_qs, unquote

from moto.iam import access_control

_plain = access_control.IAMPolicyStatement.is_unknown_principal


def _is_unknown_principal(self, principal):
    if isinstance(principal, dict):
        return principal.get("AWS") != "*"
    return _plain(self, principal)


access_control.IAMPolicyStatement.is_unknown_principal = _is_unknown_principal

from moto.cloudfront import models as cloudfront  # noqa: E402

cloudfront.Distribution.Comment = property(lambda self: getattr(self.distribution_config, "Comment", ""))

from moto.moto_server import werkzeug_app  # noqa: E402

_lock = threading.Lock()
_requests = []
_faults = []
_chaos = {}
_chaos_log = []
_calls = []
_dispatch = werkzeug_app.DomainDispatcherApplication.__call__


def _s3_operation(method, path, query, headers):
    bucket, _, key = path.lstrip("/").partition("/")
    q = parse_qs(query, keep_blank_values=True)
    sub = "".join(word[:1].upper() + word[1:] for word in sorted(q)) if q else ""
    if method == "PUT":
        if not key:
            return "PutBucket" + sub if sub else "CreateBucket"
        if "uploadId" in q:
            return "UploadPart"
        return "CopyObject" if "x-amz-copy-source" in headers else "PutObject"
    if method == "GET":
        if not bucket:
            return "ListBuckets"
        if key:
            return "GetObject"
        return "ListObjectsV2" if q.get("list-type") == ["2"] else ("GetBucket" + sub if sub else "ListObjects")
    if method == "HEAD":
        return "HeadObject" if key else "HeadBucket"
    if method == "POST":
        if "delete" in q:
            return "DeleteObjects"
        if "uploads" in q:
            return "CreateMultipartUpload"
        if "select" in q:
            return "SelectObjectContent"
        return "CompleteMultipartUpload" if "uploadId" in q else "Post"
    if method == "DELETE":
        if "uploadId" in q:
            return "AbortMultipartUpload"
        if key:
            return "DeleteObject"
        return "DeleteBucket" + sub
    return method


def _s3_request(environ):
    authorization = environ.get("HTTP_AUTHORIZATION", "")
    if "/s3/aws4_request" not in authorization:
        return None
    raw = environ.get("RAW_URI") or environ.get("REQUEST_URI") or environ.get("PATH_INFO", "")
    path, _, query = raw.partition("?")
    headers = {name[5:].replace("_", "-").lower(): value for name, value in environ.items() if name.startswith("HTTP_")}
    if environ.get("CONTENT_TYPE"):
        headers["content-type"] = environ["CONTENT_TYPE"]
    if environ.get("CONTENT_LENGTH"):
        headers["content-length"] = environ["CONTENT_LENGTH"]
    path = unquote(path)
    bucket, _, key = path.lstrip("/").partition("/")
    return {"operation": _s3_operation(environ["REQUEST_METHOD"], path, query, headers),
            "bucket": bucket, "key": key or None, "query": query, "headers": headers}


def _fault_for(request):
    for fault in _faults:
        if fault["operation"] != request["operation"]:
            continue
        if fault.get("key") is not None and fault["key"] != request["key"]:
            continue
        fault["seen"] += 1
        if fault["seen"] > fault.get("skip", 0) and (fault.get("times", 1) < 0 or fault["failed"] < fault.get("times", 1)):
            fault["failed"] += 1
            return fault
    return None


def _answer(start_response, status, body, content_type="application/json"):
    data = body.encode("utf-8")
    start_response(status, [("Content-Type", content_type), ("Content-Length", str(len(data)))])
    return [data]


def _fail(start_response, fault):
    status = fault.get("status", 500)
    code = fault.get("code", "InternalError")
    body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>%s</Code><Message>failed by the test bed</Message>"
            "<RequestId>edgesite-fault</RequestId></Error>" % code)
    reason = {200: "OK", 403: "Forbidden", 500: "Internal Server Error", 503: "Service Unavailable"}.get(status, "Error")
    return _answer(start_response, "%d %s" % (status, reason), body, "application/xml")


def _control(environ, start_response):
    path, method = environ.get("PATH_INFO", ""), environ["REQUEST_METHOD"]
    with _lock:
        if path == "/_edgesite/s3/requests" and method == "GET":
            return _answer(start_response, "200 OK", json.dumps(_requests))
        if path == "/_edgesite/s3/requests" and method == "DELETE":
            _requests.clear()
            return _answer(start_response, "200 OK", "{}")
        if path == "/_edgesite/s3/faults" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            fault = json.loads(environ["wsgi.input"].read(length))
            fault.update(seen=0, failed=0)
            _faults.append(fault)
            return _answer(start_response, "200 OK", "{}")
        if path == "/_edgesite/s3/faults" and method == "DELETE":
            _faults.clear()
            return _answer(start_response, "200 OK", "{}")
        if path == "/_edgesite/faults" and method == "POST":
            length = int(environ.get("CONTENT_LENGTH") or 0)
            settings = json.loads(environ["wsgi.input"].read(length))
            _chaos.clear()
            _chaos.update(writes=float(settings.get("writes", 0)), throttle=float(settings.get("throttle", 0)),
                          random=random.Random(settings.get("seed", 0)))
            _chaos_log.clear()
            return _answer(start_response, "200 OK", "{}")
        if path == "/_edgesite/faults" and method == "DELETE":
            _chaos.clear()
            return _answer(start_response, "200 OK", "{}")
        if path == "/_edgesite/faults" and method == "GET":
            return _answer(start_response, "200 OK", json.dumps(_chaos_log))
        if path == "/_edgesite/calls" and method == "GET":
            return _answer(start_response, "200 OK", json.dumps(_calls))
        if path == "/_edgesite/calls" and method == "DELETE":
            _calls.clear()
            return _answer(start_response, "200 OK", "{}")
    return _answer(start_response, "404 Not Found", "{}")


def _dispatch_watched(self, environ, start_response):
    if environ.get("PATH_INFO", "").startswith("/_edgesite/"):
        return _control(environ, start_response)
    call = _aws_call(environ)
    if call is not None:
        with _lock:
            _calls.append({"service": call[0], "operation": call[1], "writes": call[2]})
    request = _s3_request(environ)
    if request is None:
        return _chaotic(self, environ, start_response, call)
    with _lock:
        _requests.append(request)
        fault = _fault_for(request)
    if fault is None:
        return _chaotic(self, environ, start_response, call)
    if fault.get("drop"):
        return _torn_listing(self, environ, start_response, fault)
    if fault.get("when") != "after":
        _discard_body(environ)
    else:
        _carry_out(self, environ)
    return _fail(start_response, fault)


def _discard_body(environ):
    length = int(environ.get("CONTENT_LENGTH") or 0)
    if length:
        environ["wsgi.input"].read(length)


def _carry_out(self, environ):
    """moto carries the request out; its answer is thrown away."""
    result = _dispatch(self, environ, lambda status, headers, exc_info=None: (lambda data: None))
    try:
        for _ in result:
            pass
    finally:
        if hasattr(result, "close"):
            result.close()


# Operation names that only read: Cognito's Admin* calls are judged by what follows "Admin" (AdminGetUser reads).
_READS = ("Get", "List", "Describe", "Head", "Search", "Lookup", "BatchGet", "Simulate")
_JSON_SERVICES = {"cognito-idp", "acm"}
_QUERY_SERVICES = {"iam", "sts"}
_TARGET_SERVICES = {"AWSCognitoIdentityProviderService": "cognito-idp", "CertificateManager": "acm"}


def _reads(operation):
    name = operation[len("Admin"):] if operation.startswith("Admin") else operation
    return name.startswith(_READS)


def _aws_call(environ):
    """The service, operation and whether it writes, of a request made to an AWS API; None for anything else.

    JSON services name the operation in X-Amz-Target, Query services (IAM, STS) in Action=; S3 and the
    REST-XML/REST-JSON services (CloudFront, Route53, Lambda) by method and path (_REST_OPERATIONS), and an
    unknown one as "METHOD path", judged by its method: GET and HEAD read, anything else writes."""
    scope = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request", environ.get("HTTP_AUTHORIZATION", ""))
    target = environ.get("HTTP_X_AMZ_TARGET")
    if scope is None and not target:
        return None
    method = environ["REQUEST_METHOD"]
    if target:
        prefix, _, operation = target.rpartition(".")
        service = scope.group(1) if scope else _TARGET_SERVICES.get(prefix.split("_")[0], prefix.lower())
        return service, operation, not _reads(operation)
    service = scope.group(1)
    if service == "s3":
        request = _s3_request(environ)
        return service, request["operation"], method not in ("GET", "HEAD") and \
            request["operation"] != "SelectObjectContent"
    content_type = environ.get("CONTENT_TYPE", "")
    if service in _QUERY_SERVICES or content_type.startswith("application/x-www-form-urlencoded"):
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        action = parse_qs(body.decode("utf-8")).get("Action", [""])[0] or \
            parse_qs(environ.get("QUERY_STRING", "")).get("Action", [""])[0]
        if action:
            return service, action, not _reads(action)
    path = environ.get("PATH_INFO", "")
    query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
    for pattern_method, pattern, name in _REST_OPERATIONS.get(service, []):
        if method == pattern_method and re.fullmatch(r"/[0-9-]+" + pattern, path):
            if name == "CreateDistribution" and "WithTags" in query:
                name = "CreateDistributionWithTags"
            if name == "TagResource" and service == "cloudfront" and query.get("Operation") == ["Untag"]:
                name = "UntagResource"
            return service, name, not _reads(name)
    return service, method + " " + path, method not in ("GET", "HEAD")


# The REST services' operations, by method and path after the API version (/2020-05-31, /2013-04-01,
# /2015-03-31); the first match wins. Whether one writes follows from its name (_reads): Route53's
# ListTagsForResources is a POST that reads.
_REST_OPERATIONS = {
    "cloudfront": [
        ("GET", r"/distribution/?", "ListDistributions"),
        ("POST", r"/distribution/?", "CreateDistribution"),
        ("GET", r"/distribution/[^/]+/config", "GetDistributionConfig"),
        ("PUT", r"/distribution/[^/]+/config", "UpdateDistribution"),
        ("GET", r"/distribution/[^/]+/invalidation/?", "ListInvalidations"),
        ("POST", r"/distribution/[^/]+/invalidation/?", "CreateInvalidation"),
        ("GET", r"/distribution/[^/]+/invalidation/[^/]+", "GetInvalidation"),
        ("GET", r"/distribution/[^/]+", "GetDistribution"),
        ("DELETE", r"/distribution/[^/]+", "DeleteDistribution"),
        ("GET", r"/origin-access-control/?", "ListOriginAccessControls"),
        ("POST", r"/origin-access-control/?", "CreateOriginAccessControl"),
        ("GET", r"/origin-access-control/[^/]+/config", "GetOriginAccessControlConfig"),
        ("PUT", r"/origin-access-control/[^/]+/config", "UpdateOriginAccessControl"),
        ("GET", r"/origin-access-control/[^/]+", "GetOriginAccessControl"),
        ("DELETE", r"/origin-access-control/[^/]+", "DeleteOriginAccessControl"),
        ("GET", r"/tagging", "ListTagsForResource"),
        ("POST", r"/tagging", "TagResource"),
    ],
    "route53": [
        ("GET", r"/hostedzone/?", "ListHostedZones"),
        ("POST", r"/hostedzone/?", "CreateHostedZone"),
        ("GET", r"/hostedzonesbyname/?", "ListHostedZonesByName"),
        ("GET", r"/hostedzone/.+/rrset/?", "ListResourceRecordSets"),
        ("POST", r"/hostedzone/.+/rrset/?", "ChangeResourceRecordSets"),
        ("GET", r"/hostedzone/.+", "GetHostedZone"),
        ("DELETE", r"/hostedzone/.+", "DeleteHostedZone"),
        ("GET", r"/change/.+", "GetChange"),
        ("POST", r"/tags/[^/]+", "ListTagsForResources"),
        ("GET", r"/tags/[^/]+/.+", "ListTagsForResource"),
        ("POST", r"/tags/[^/]+/.+", "ChangeTagsForResource"),
    ],
    "lambda": [
        ("GET", r"/functions/?", "ListFunctions"),
        ("POST", r"/functions/?", "CreateFunction"),
        ("GET", r"/functions/[^/]+/versions/?", "ListVersionsByFunction"),
        ("POST", r"/functions/[^/]+/versions/?", "PublishVersion"),
        ("GET", r"/functions/[^/]+/configuration", "GetFunctionConfiguration"),
        ("PUT", r"/functions/[^/]+/configuration", "UpdateFunctionConfiguration"),
        ("PUT", r"/functions/[^/]+/code", "UpdateFunctionCode"),
        ("GET", r"/functions/[^/]+/policy/?", "GetPolicy"),
        ("POST", r"/functions/[^/]+/policy/?", "AddPermission"),
        ("POST", r"/functions/[^/]+/invocations", "Invoke"),
        ("GET", r"/functions/[^/]+", "GetFunction"),
        ("DELETE", r"/functions/[^/]+", "DeleteFunction"),
        ("GET", r"/tags/.+", "ListTags"),
        ("POST", r"/tags/.+", "TagResource"),
        ("DELETE", r"/tags/.+", "UntagResource"),
    ],
}


def _chaotic(self, environ, start_response, call):
    if not _chaos and not _faults:
        return _dispatch(self, environ, start_response)
    if call is None:
        return _dispatch(self, environ, start_response)
    service, operation, writes = call
    if service != "s3":
        with _lock:
            fault = _fault_for({"operation": operation, "key": None})
        if fault is not None:
            if fault.get("when") == "after":
                _carry_out(self, environ)
            else:
                _discard_body(environ)
            return _service_error(start_response, service, fault.get("code") == "Throttling")
    if not _chaos:
        return _dispatch(self, environ, start_response)
    with _lock:
        draw = _chaos["random"].random()
        throttled = draw < _chaos["throttle"]
        lost = not throttled and writes and draw < _chaos["throttle"] + _chaos["writes"]
        if throttled or lost:
            _chaos_log.append({"service": service, "operation": operation, "fault": "throttle" if throttled else "500"})
    if throttled:
        _discard_body(environ)
        return _service_error(start_response, service, True)
    if lost:
        _carry_out(self, environ)
        return _service_error(start_response, service, False)
    return _dispatch(self, environ, start_response)


def _service_error(start_response, service, throttled):
    """The error each protocol answers: throttling (nothing was done) or an internal error."""
    message = "failed by the test bed"
    if service in _JSON_SERVICES:
        code = ("TooManyRequestsException" if service == "cognito-idp" else "ThrottlingException") if throttled \
            else ("InternalErrorException" if service == "cognito-idp" else "InternalFailure")
        status = "400 Bad Request" if throttled else "500 Internal Server Error"
        return _answer(start_response, status, json.dumps({"__type": code, "message": message}),
                       "application/x-amz-json-1.1")
    if service == "lambda":
        code = "TooManyRequestsException" if throttled else "ServiceException"
        status = "429 Too Many Requests" if throttled else "500 Internal Server Error"
        data = json.dumps({"Type": "User" if throttled else "Service", "Message": message}).encode("utf-8")
        start_response(status, [("Content-Type", "application/json"), ("x-amzn-ErrorType", code),
                                ("Content-Length", str(len(data)))])
        return [data]
    if service == "s3":
        return _fail(start_response, {"status": 503, "code": "SlowDown"} if throttled else {})
    code = "Throttling" if throttled else ("ServiceFailure" if service in _QUERY_SERVICES else "InternalFailure")
    body = ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><ErrorResponse><Error><Type>%s</Type><Code>%s</Code>"
            "<Message>%s</Message></Error><RequestId>edgesite-fault</RequestId></ErrorResponse>"
            % ("Sender" if throttled else "Receiver", code, message))
    return _answer(start_response, "400 Bad Request" if throttled else "500 Internal Server Error", body,
                   "text/xml")


def _torn_listing(self, environ, start_response, fault):
    answered = {}

    def keep(status, headers, exc_info=None):
        answered.update(status=status, headers=headers)
        return lambda data: None

    result = _dispatch(self, environ, keep)
    try:
        body = b"".join(result).decode("utf-8")
    finally:
        if hasattr(result, "close"):
            result.close()
    entries = set(fault.get("entries") or [])

    def tear(match):
        entry = match.group(0)
        key = re.search(r"<Key>(.*?)</Key>", entry, re.S)
        if entries and (key is None or unquote(key.group(1)) not in entries):
            return entry
        for name in fault["drop"]:
            entry = re.sub(r"<%s>.*?</%s>" % (name, name), "", entry, flags=re.S)
        return entry

    data = re.sub(r"<Contents>.*?</Contents>", tear, body, flags=re.S).encode("utf-8")
    headers = [(n, v) for n, v in answered["headers"] if n.lower() != "content-length"]
    start_response(answered["status"], headers + [("Content-Length", str(len(data)))])
    return [data]


werkzeug_app.DomainDispatcherApplication.__call__ = _dispatch_watched

import iam_evaluation  # noqa: E402,F401
from moto.server import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
