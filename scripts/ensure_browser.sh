#!/bin/sh
# Make sure a Chrome or Chromium is there for the browser tests. On Debian or Ubuntu it installs
# the distribution's chromium with apt-get; elsewhere it says how to get one. It never downloads
# a browser build of its own.
set -eu

if [ -n "${STRETCHKIT_BROWSER:-}" ]; then
  [ -x "$STRETCHKIT_BROWSER" ] && exit 0
  echo "STRETCHKIT_BROWSER=$STRETCHKIT_BROWSER is not an executable file." >&2
  exit 1
fi
for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome \
  /usr/bin/google-chrome-stable \
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome" \
  "/Applications/Chromium.app/Contents/MacOS/Chromium"; do
  [ -x "$candidate" ] && exit 0
done

if sh "$(dirname "$0")/apt_install.sh" "the browser tests" chromium fonts-dejavu-core; then
  [ -x /usr/bin/chromium ] && exit 0
fi

cat >&2 <<'MSG'
No Chrome or Chromium was found for the browser tests, and this machine has no apt-get.
Install one of them, then run `make test` again:
  - macOS: install Google Chrome, or `brew install --cask chromium`;
  - Fedora: `sudo dnf install chromium`;  Arch: `sudo pacman -S chromium`;
  - anywhere: set STRETCHKIT_BROWSER=/path/to/chrome-or-chromium.
The kit never downloads a browser itself.
MSG
exit 1
