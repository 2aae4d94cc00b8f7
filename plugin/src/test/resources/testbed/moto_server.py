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
"""
import sys

from moto.iam import access_control

_plain = access_control.IAMPolicyStatement.is_unknown_principal


def _is_unknown_principal(self, principal):
    if isinstance(principal, dict):
        return principal.get("AWS") != "*"
    return _plain(self, principal)


access_control.IAMPolicyStatement.is_unknown_principal = _is_unknown_principal

from moto.cloudfront import models as cloudfront  # noqa: E402

cloudfront.Distribution.Comment = property(lambda self: getattr(self.distribution_config, "Comment", ""))

from moto.server import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
