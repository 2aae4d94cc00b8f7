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

The same hook injects random faults into every service's signed requests (POST /_edgesite/faults
{"seed": 7, "writes": 0.1, "throttle": 0.05}, DELETE to stop, GET for what it injected): each write
(any call but Get*, List*, Describe*, Head*, or GET/HEAD for REST services) is carried out and its
answer then replaced by a 500 with probability "writes", as when AWS did the work and the answer was
lost; any request is refused unheard with the service's throttling error with probability "throttle".
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
    return _answer(start_response, "404 Not Found", "{}")


def _dispatch_watched(self, environ, start_response):
    if environ.get("PATH_INFO", "").startswith("/_edgesite/"):
        return _control(environ, start_response)
    request = _s3_request(environ)
    if request is None:
        return _chaotic(self, environ, start_response)
    with _lock:
        _requests.append(request)
        fault = _fault_for(request)
    if fault is None:
        return _chaotic(self, environ, start_response)
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


_READS = ("Get", "List", "Describe", "Head")
_JSON_SERVICES = {"cognito-idp", "acm"}
_QUERY_SERVICES = {"iam", "sts"}


def _aws_call(environ):
    """The service, operation and whether it writes, of a request signed for AWS; None for anything else."""
    scope = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/aws4_request", environ.get("HTTP_AUTHORIZATION", ""))
    if scope is None:
        return None
    service, method = scope.group(1), environ["REQUEST_METHOD"]
    target = environ.get("HTTP_X_AMZ_TARGET")
    if target:
        operation = target.rpartition(".")[2]
        return service, operation, not operation.startswith(_READS)
    if service in _QUERY_SERVICES:
        length = int(environ.get("CONTENT_LENGTH") or 0)
        body = environ["wsgi.input"].read(length) if length else b""
        environ["wsgi.input"] = io.BytesIO(body)
        action = parse_qs(body.decode("utf-8")).get("Action", [""])[0] or \
            parse_qs(environ.get("QUERY_STRING", "")).get("Action", [""])[0]
        return service, action, not action.startswith(_READS)
    if service == "s3":
        request = _s3_request(environ)
        return service, request["operation"], not request["operation"].startswith(_READS)
    path = environ.get("PATH_INFO", "")
    for pattern_method, pattern, name in _REST_OPERATIONS:
        if method == pattern_method and re.fullmatch(pattern, path):
            if name == "CreateDistribution" and "WithTags" in environ.get("QUERY_STRING", ""):
                name = "CreateDistributionWithTags"
            return service, name, True
    return service, method + " " + path, method not in ("GET", "HEAD")


# The writes of the REST services (CloudFront, Lambda, Route53) that tests name; other calls are "METHOD path".
_REST_OPERATIONS = [
    ("POST", r"/[0-9-]+/distribution", "CreateDistribution"),
    ("PUT", r"/[0-9-]+/distribution/[^/]+/config", "UpdateDistribution"),
    ("DELETE", r"/[0-9-]+/distribution/[^/]+", "DeleteDistribution"),
    ("POST", r"/[0-9-]+/origin-access-control", "CreateOriginAccessControl"),
    ("DELETE", r"/[0-9-]+/origin-access-control/[^/]+", "DeleteOriginAccessControl"),
    ("POST", r"/[0-9-]+/functions/?", "CreateFunction"),
    ("DELETE", r"/[0-9-]+/functions/[^/]+", "DeleteFunction"),
    ("PUT", r"/[0-9-]+/functions/[^/]+/code", "UpdateFunctionCode"),
    ("PUT", r"/[0-9-]+/functions/[^/]+/configuration", "UpdateFunctionConfiguration"),
    ("POST", r"/[0-9-]+/functions/[^/]+/versions", "PublishVersion"),
    ("POST", r"/[0-9-]+/hostedzone/[^/]+/rrset/?", "ChangeResourceRecordSets"),
    ("POST", r"/[0-9-]+/hostedzone", "CreateHostedZone"),
]


def _chaotic(self, environ, start_response):
    if not _chaos and not _faults:
        return _dispatch(self, environ, start_response)
    call = _aws_call(environ)
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
