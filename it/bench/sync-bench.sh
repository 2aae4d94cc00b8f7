#!/usr/bin/env bash
# The sync benchmark: edgesite's sync goal against rclone and aws-cli on the same local S3 server
# (s3proxy, checking every signature), for a generated site of about 19 KiB a file (5,000 files: about 100 MiB):
# first upload, a no-op re-sync, one changed file. edgesite's time is the goal's own, as it reports it
# (elapsedMillis in sync.json); a peer's is its whole process. The whole mvn process of edgesite's runs and its
# peak resident memory are printed too, for reference. Prints the median of each and the ratios against the
# targets in DESIGN.md; exits 1 when a target is missed.
#
#   it/bench/sync-bench.sh [runs] [files] [backend]
#     runs: how many times each scenario runs (default 3)
#     files: how many files the site has (default 5000)
#     backend: s3proxy's store, filesystem (the default: objects in files under a temporary directory, as
#       DESIGN.md measures) or transient-nio2 (in memory)
set -euo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
runs=${1:-3}
files=${2:-5000}
backend=${3:-filesystem}
case $backend in
  filesystem | transient-nio2) ;;
  *) echo "backend is filesystem or transient-nio2, not $backend" >&2; exit 2 ;;
esac
s3proxy_version=4.1.0
aws=/usr/bin/aws
work=$(mktemp -d /tmp/edgesite-bench.XXXXXX)
s3proxy_pid=
cleanup() {
  [ -n "$s3proxy_pid" ] && kill "$s3proxy_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

missing=()
command -v rclone >/dev/null || missing+=(rclone)
[ -x "$aws" ] || missing+=(awscli)
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing ${missing[*]} from Debian"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# The plugin under test goes into a local repository of the benchmark's own, which reads everything else
# from the usual one, so that no other build's install can swap it between runs.
bench=$repo/it/target/bench
mkdir -p "$bench"
cat > "$work/settings.xml" <<EOF
<settings>
  <profiles>
    <profile>
      <id>outer-repository</id>
      <activation><activeByDefault>true</activeByDefault></activation>
      <repositories><repository><id>outer</id><url>file://$HOME/.m2/repository</url></repository></repositories>
      <pluginRepositories><pluginRepository><id>outer</id><url>file://$HOME/.m2/repository</url></pluginRepository></pluginRepositories>
    </profile>
  </profiles>
</settings>
EOF
mvn=("$repo/mvnw" -B -s "$work/settings.xml" -Dmaven.repo.local="$bench/repository")

echo "Building the plugin and fetching s3proxy $s3proxy_version"
version=$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$repo/pom.xml" | head -n 1)
"${mvn[@]}" -q -f "$repo/pom.xml" install -DskipTests -pl edge-authorizer,plugin -am
"$repo/mvnw" -B -q -N -f "$repo/pom.xml" dependency:copy \
  -Dartifact="org.gaul:s3proxy:$s3proxy_version:jar:jar-with-dependencies" -DoutputDirectory="$bench"

port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
endpoint=http://127.0.0.1:$port
cat > "$work/s3proxy.conf" <<EOF
s3proxy.endpoint=$endpoint
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=bench
s3proxy.credential=bench
jclouds.provider=$backend
jclouds.identity=bench
jclouds.credential=bench
jclouds.filesystem.basedir=$work/store
EOF

# A fresh, empty s3proxy for every run.
start_s3proxy() {
  rm -rf "$work/store"
  mkdir -p "$work/store"
  java -Xmx3g -jar "$bench/s3proxy-$s3proxy_version-jar-with-dependencies.jar" --properties "$work/s3proxy.conf" \
    > "$work/s3proxy-$1.log" 2>&1 &
  s3proxy_pid=$!
  for _ in $(seq 60); do
    curl -s -o /dev/null "$endpoint/" && return
    sleep 0.5
  done
  echo "s3proxy did not start: $(cat "$work/s3proxy-$1.log")" >&2
  exit 2
}

stop_s3proxy() {
  kill "$s3proxy_pid"
  wait "$s3proxy_pid" 2>/dev/null || true
  s3proxy_pid=
}

export AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=us-east-1 AWS_PAGER=
unset AWS_PROFILE AWS_ENDPOINT_URL
export RCLONE_CONFIG="$work/rclone.conf" RCLONE_CONFIG_BENCH_TYPE=s3 RCLONE_CONFIG_BENCH_PROVIDER=Other \
  RCLONE_CONFIG_BENCH_ENDPOINT="$endpoint" RCLONE_CONFIG_BENCH_ACCESS_KEY_ID=bench \
  RCLONE_CONFIG_BENCH_SECRET_ACCESS_KEY=bench RCLONE_CONFIG_BENCH_FORCE_PATH_STYLE=true
touch "$RCLONE_CONFIG"

site=$work/site
python3 "$repo/it/bench/make-site.py" "$site" "$files"
changed=docs/section1/page-1.html

now() { date +%s.%N; }
seconds() { python3 -c "print(f'{$2 - $1:.3f}')"; }
json() { python3 -c "import json, sys; d = json.load(open(sys.argv[1])); print(eval(sys.argv[2], {}, {'d': d}))" "$@"; }

edgesite_project() {
  local dir=$work/edgesite-$1 bucket=$2
  mkdir -p "$dir/target/edgesite"
  cat > "$dir/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>dev.edgesite.bench</groupId>
  <artifactId>bench-site</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <build>
    <plugins>
      <plugin>
        <groupId>dev.edgesite</groupId>
        <artifactId>edgesite-maven-plugin</artifactId>
        <version>$version</version>
        <configuration>
          <stack>bench</stack>
          <siteDirectory>$site</siteDirectory>
          <bucket>$bucket</bucket>
          <endpoint>$endpoint</endpoint>
        </configuration>
      </plugin>
    </plugins>
  </build>
</project>
EOF
  # s3proxy has no CloudFront: the stack is only the bucket, as provision would have left it in stack.json.
  echo "{\"stack\":\"bench\",\"bucket\":\"$bucket\",\"distributionId\":\"bench-has-no-distribution\"}" \
    > "$dir/target/edgesite/stack.json"
  echo "$dir"
}

# edgesite: the goal's own time; the file count and PUTs from sync.json
run_edgesite() {
  local dir=$1 log=$2 start
  start=$(now)
  /usr/bin/time -f %M -o "$work/mvn-kib" "${mvn[@]}" -o -f "$dir/pom.xml" edgesite:sync > "$log" 2>&1 \
    || { cat "$log" >&2; exit 2; }
  echo "$(seconds "$start" "$(now)") $(( $(tail -n 1 "$work/mvn-kib") / 1024 ))" > "$work/mvn-seconds"
  json "$dir/target/edgesite/sync.json" "f\"{d['elapsedMillis'] / 1000:.3f} {len(d['uploaded'])}\""
}

run_rclone() {
  local bucket=$1 log=$2 start
  start=$(now)
  env -u AWS_CA_BUNDLE rclone sync --checksum "$site" "bench:$bucket" -v --stats 0 > "$log" 2>&1 || { cat "$log" >&2; exit 2; }
  echo "$(seconds "$start" "$(now)") $(grep -c ': Copied' "$log" || true)"
}

run_aws() {
  local bucket=$1 log=$2 start
  start=$(now)
  "$aws" --endpoint-url "$endpoint" s3 sync "$site" "s3://$bucket" --delete --no-progress > "$log" 2>&1 \
    || { cat "$log" >&2; exit 2; }
  echo "$(seconds "$start" "$(now)") $(grep -c '^upload:' "$log" || true)"
}

# One tool's run of a scenario: "seconds files-uploaded".
run_tool() {
  case $1 in
    edgesite) run_edgesite "$project" "$work/edgesite-$2-$run.log" ;;
    rclone) run_rclone "rclone-$run" "$work/rclone-$2-$run.log" ;;
    aws) run_aws "awscli-$run" "$work/awscli-$2-$run.log" ;;
  esac
}

tools=(edgesite rclone aws)
declare -A times uploads last mvn_times mvn_mib
for run in $(seq "$runs"); do
  echo "Run $run of $runs"
  start_s3proxy "$run"
  # s3proxy warms up on a part of the site first, so that no tool pays for its JIT.
  "$aws" --endpoint-url "$endpoint" s3 mb s3://warm-up >/dev/null
  "$aws" --endpoint-url "$endpoint" s3 sync "$site/docs" s3://warm-up --no-progress >/dev/null
  "$aws" --endpoint-url "$endpoint" s3 mb "s3://rclone-$run" >/dev/null
  "$aws" --endpoint-url "$endpoint" s3 mb "s3://awscli-$run" >/dev/null
  "$aws" --endpoint-url "$endpoint" s3 mb "s3://edgesite-$run" >/dev/null
  project=$(edgesite_project "$run" "edgesite-$run")
  # Each run starts with another tool.
  order=("${tools[@]:$(( (run - 1) % 3 ))}" "${tools[@]:0:$(( (run - 1) % 3 ))}")
  for scenario in first noop change; do
    if [ "$scenario" = change ]; then
      printf '<!DOCTYPE html><title>changed</title><p>run %s, %s</p>\n' "$run" "$(now)" > "$site/$changed"
    fi
    for tool in "${order[@]}"; do
      result=$(run_tool "$tool" "$scenario")
      read -r t n <<< "$result"
      times[$tool,$scenario]+="$t "; uploads[$tool,$scenario]=$n; last[$tool]=$t
      if [ "$tool" = edgesite ]; then
        read -r t mib < "$work/mvn-seconds"
        mvn_times[$scenario]+="$t "; mvn_mib[$scenario]+="$mib "
      fi
    done
    echo "  $scenario: edgesite ${last[edgesite]} s, rclone ${last[rclone]} s, aws-cli ${last[aws]} s"
  done
  "${mvn[@]}" -o -q -f "$project/pom.xml" edgesite:invalidate -Dedgesite.dryRun > "$work/invalidate-$run.log" 2>&1 \
    || { cat "$work/invalidate-$run.log" >&2; exit 2; }
  invalidation_paths=$(json "$project/target/edgesite/invalidate.json" "' '.join(d['paths'])")
  edgesite_puts=$(json "$project/target/edgesite/sync.json" "len(d['uploaded'])")
  stop_s3proxy
done

median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{a[NR] = $1} END {print a[int((NR + 1) / 2)]}'; }

python3 - "$runs" "$edgesite_puts" "$invalidation_paths" "$files" "$backend" \
  "$(median "${times[edgesite,first]}")" "$(median "${times[rclone,first]}")" "$(median "${times[aws,first]}")" \
  "$(median "${times[edgesite,noop]}")" "$(median "${times[rclone,noop]}")" "$(median "${times[aws,noop]}")" \
  "$(median "${times[edgesite,change]}")" "$(median "${times[rclone,change]}")" "$(median "${times[aws,change]}")" \
  "${uploads[edgesite,first]} ${uploads[rclone,first]} ${uploads[aws,first]}" \
  "${uploads[edgesite,noop]} ${uploads[rclone,noop]} ${uploads[aws,noop]}" \
  "${uploads[edgesite,change]} ${uploads[rclone,change]} ${uploads[aws,change]}" \
  "$(median "${mvn_times[first]}") $(median "${mvn_times[noop]}") $(median "${mvn_times[change]}")" \
  "$(median "${mvn_mib[first]}") $(median "${mvn_mib[noop]}") $(median "${mvn_mib[change]}")" \
  "$(du -sm "$site" | cut -f 1)" <<'EOF'
import sys

runs, puts, paths, count, backend = sys.argv[1], int(sys.argv[2]), sys.argv[3].split(), int(sys.argv[4]), sys.argv[5]
t = [float(x) for x in sys.argv[6:15]]
files = [s.split() for s in sys.argv[15:18]]
mvn = sys.argv[18].split()
mib = sys.argv[19].split()
size = sys.argv[20]
rows = [("first upload", t[0:3], files[0]), ("no-op re-sync", t[3:6], files[1]), ("one changed file", t[6:9], files[2])]
targets = {("first upload", 1): 0.8, ("no-op re-sync", 1): 0.8}  # DESIGN.md: at most 0.8x rclone --checksum

print()
print("Sync benchmark: {:,} files (~{} MiB) on s3proxy 4.1.0 ({}, SigV4 checked, 127.0.0.1), median of {} run(s)."
      .format(count, size, backend, runs))
print("edgesite: the sync goal's own time (sync.json); rclone sync --checksum and aws s3 sync --delete: the whole"
      " process.")
print()
print("%-17s %10s %10s %10s   %-22s %-22s %s" % ("scenario", "edgesite", "rclone", "aws-cli", "edgesite/rclone",
                                                  "edgesite/aws-cli", "files uploaded (e/r/a)"))
missed = []
for name, (e, r, a), uploaded in rows:
    cells = []
    for peer, value in ((1, r), (2, a)):
        ratio = e / value
        target = targets.get((name, peer))
        if target is None:
            cells.append("%.2f" % ratio)
        else:
            ok = ratio <= target
            cells.append("%.2f (<= %.1f %s)" % (ratio, target, "ok" if ok else "MISSED"))
            if not ok:
                missed.append(name)
    print("%-17s %9.2fs %9.2fs %9.2fs   %-22s %-22s %s" % (name, e, r, a, cells[0], cells[1], "/".join(uploaded)))
print("edgesite's whole mvn process, Maven's own start included (for reference, no target): first upload %s s,"
      " no-op %s s, one changed file %s s" % tuple(mvn))
print("edgesite's whole mvn process, peak resident memory: first upload %s MiB, no-op %s MiB, one changed file %s MiB"
      % tuple(mib))
print()
one_put = puts == 1
few_paths = len(paths) <= 2
print("one changed file: edgesite %d PUT of a site file (plus its manifest) %s; invalidation would send %d path(s): %s %s"
      % (puts, "ok" if one_put else "MISSED", len(paths), " ".join(paths), "ok" if few_paths else "MISSED"))
if not (one_put and few_paths):
    missed.append("one changed file")
sys.exit(1 if missed else 0)
EOF
