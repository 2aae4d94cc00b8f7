#!/usr/bin/env bash
# The test bed's set-up: installs the tools the tests start as local servers into the test bed folder, so
# that no test installs anything. The build runs it before the tests (process-test-resources of plugin/ and
# it/); by hand:
#
#   plugin/src/test/testbed/setup.sh <test bed folder> [moto] [cognito-local] [proxy]
#
# (all three when none is named). It changes nothing that is already there, so a second run only checks.
#   moto           when no Python (python3 on PATH, then ~/.pyenv/shims/python3, then the virtualenv below)
#                  imports moto.server and flask, a virtualenv <folder>/moto-venv with MOTO_REQUIREMENT;
#                  MotoServer looks in the same order.
#   cognito-local  npm ci into <folder>/cognito-local, and
#   proxy          npm ci into <folder>/proxy, each pinned by the package.json and package-lock.json under
#                  plugin/src/test/resources/testbed/<name>/; again only when that lockfile changes.
set -euo pipefail

MOTO_REQUIREMENT='moto[server]==5.2.1'
resources="$(cd "$(dirname "$0")/../resources/testbed" && pwd)"

usage="usage: $0 <test bed folder> [moto] [cognito-local] [proxy]"
dir=${1:?$usage}
shift
tools=("$@")
[ ${#tools[@]} -gt 0 ] || tools=(moto cognito-local proxy)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

imports_moto() {
  "$1" -c 'import moto.server, flask' >/dev/null 2>&1
}

setup_moto() {
  local venv="$dir/moto-venv" py
  for py in python3 "$HOME/.pyenv/shims/python3" "$venv/bin/python"; do
    if imports_moto "$py"; then
      return
    fi
  done
  command -v python3 >/dev/null 2>&1 || { echo "test bed: moto needs Python 3 (python3 on PATH)" >&2; exit 1; }
  echo "test bed: no Python imports moto; installing $MOTO_REQUIREMENT into $venv"
  python3 -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet "$MOTO_REQUIREMENT"
  imports_moto "$venv/bin/python" || {
    echo "test bed: $MOTO_REQUIREMENT was installed into $venv but moto.server and flask do not import" >&2
    exit 1
  }
}

# The lockfile is copied to installed-package-lock.json only once npm ci has succeeded: the test bed takes
# that copy, equal to the resource's lockfile, as the sign that the package is installed and current.
setup_npm() {
  local name=$1
  local from="$resources/$name" home="$dir/$name"
  if [ -f "$home/node_modules/$name/package.json" ] \
      && cmp -s "$from/package-lock.json" "$home/installed-package-lock.json"; then
    return
  fi
  command -v npm >/dev/null 2>&1 || { echo "test bed: $name needs npm (Node.js 20 or newer)" >&2; exit 1; }
  echo "test bed: installing $name into $home (npm ci)"
  mkdir -p "$home"
  rm -f "$home/installed-package-lock.json"
  cp "$from/package.json" "$from/package-lock.json" "$home/"
  (cd "$home" && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
  cp "$from/package-lock.json" "$home/installed-package-lock.json"
}

for tool in "${tools[@]}"; do
  case "$tool" in
    moto) setup_moto ;;
    cognito-local | proxy) setup_npm "$tool" ;;
    *) echo "test bed: unknown tool '$tool'; $usage" >&2; exit 2 ;;
  esac
done
