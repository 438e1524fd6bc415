#!/bin/sh
# Make sure Node.js 18 or newer and npm are there for the hub's proxy (configurable-http-proxy,
# installed from npm by `npm ci` with deploy/jupyterhub/package-lock.json). On Debian or Ubuntu
# it installs the distribution's nodejs and npm with apt-get; elsewhere it says how to get them.
set -eu

node_ok() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 &&
    [ "$(node -p 'process.versions.node.split(".")[0]')" -ge 18 ]
}

node_ok && exit 0

if command -v apt-get >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  echo "Installing Debian's nodejs and npm for the hub's proxy (apt-get)..."
  $sudo apt-get update -qq
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    nodejs npm >/dev/null
  node_ok && exit 0
fi

cat >&2 <<'MSG'
The hub's proxy needs Node.js 18 or newer with npm, and none was found.
Install them, then run the make command again:
  - Debian or Ubuntu: `sudo apt-get install nodejs npm`;
  - macOS: `brew install node`;  Fedora: `sudo dnf install nodejs npm`.
MSG
exit 1
