#!/bin/sh
# Install Debian packages with apt-get, through sudo unless already root:
#   sh scripts/apt_install.sh "what they are for" PACKAGE...
# Exits 1 at once on a machine without apt-get, so the caller can say what to do instead.
set -eu
command -v apt-get >/dev/null 2>&1 || exit 1
purpose=$1
shift
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
echo "Installing Debian's $* for $purpose (apt-get)..."
$sudo apt-get update -qq
$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" \
  >/dev/null
