#!/bin/sh
# Make sure Node.js 18 or newer and npm are there for the hub's proxy (configurable-http-proxy,
# installed from npm by `npm ci` with deploy/jupyterhub/package-lock.json) and for the screen
# tests' axe-core (tests/js/package-lock.json). On Debian or Ubuntu
# it installs the distribution's nodejs and npm with apt-get; elsewhere it says how to get them.
set -eu

node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]
}

node_ok && exit 0

if sh "$(dirname "$0")/apt_install.sh" "the hub's proxy" nodejs npm; then
  node_ok && exit 0
fi

found="none was found"
command -v node >/dev/null 2>&1 && found="this machine has Node.js $(node --version)"
command -v node >/dev/null 2>&1 && ! command -v npm >/dev/null 2>&1 && found="npm is missing"
echo "The hub's proxy and the screen tests' axe-core need Node.js 18 or newer with npm, and $found." >&2
cat >&2 <<'MSG'
Install them, then run the make command again:
  - Debian or Ubuntu: `sudo apt-get install nodejs npm`;
  - macOS: `brew install node`;  Fedora: `sudo dnf install nodejs npm`.
MSG
exit 1
