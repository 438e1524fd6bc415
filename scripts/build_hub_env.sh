#!/bin/sh
# Build the class hub's Python environment: `sh scripts/build_hub_env.sh PYTHON ENV`.
#
# Each student's server runs under an account of its own, which must be able to run the
# servers' Python and read the kit, but not change them. So the environment is made from the
# system's Python (one under a home, such as pyenv's in /root, is out of other accounts'
# reach), in ENV (/opt/stretchkit-hub by default), owned by root and readable by all. The kit is
# installed into it as a wheel, not linked to this checkout (which may sit in a private home),
# with the lessons and the app the hub copies into each new home (ENV/share/stretchkit).
# Run from the repository's root; `make hub`, `make classtest` and `make test` run it.
set -eu

python=${1:?usage: build_hub_env.sh PYTHON ENV}
env=${2:?usage: build_hub_env.sh PYTHON ENV}

if [ ! -x "$python" ]; then
  echo "The class hub's environment is built from the system's Python, $python, which is not" >&2
  echo "there: install it (Debian: apt-get install python3 python3-venv), or give another" >&2
  echo "with SYSTEM_PYTHON=/path/to/python3 (it must be readable by every account)." >&2
  exit 1
fi
if ! "$python" -c "import ensurepip, venv" 2>/dev/null; then
  sh "$(dirname "$0")/apt_install.sh" "the class hub's environment" python3-venv || {
    echo "$python cannot make a virtual environment: install python3-venv." >&2
    exit 1
  }
fi

"$python" -m venv --clear "$env"
"$env/bin/python" -m pip install --quiet --upgrade pip
# The project's pins, but soupsieve's: its pinned release needs Python 3.11.5 and Debian 12's
# is 3.11.2. It is a dependency of nbconvert's HTML export, not of the kit: the hub takes the
# newest release its Python can run.
grep -v '^soupsieve==' constraints.txt > "$env/constraints.txt"
"$env/bin/python" -m pip install --quiet --constraint "$env/constraints.txt" '.[hub]'
mkdir -p "$env/share/stretchkit"
for part in notebooks app; do
  mkdir -p "$env/share/stretchkit/$part"
  cp "$part"/*.ipynb "$env/share/stretchkit/$part/"
done
chmod -R u+rwX,go+rX,go-w "$env"
touch "$env/.built"
