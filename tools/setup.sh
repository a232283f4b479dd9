#!/usr/bin/env bash
# Installs what ebmbench needs on Debian 12, only what is missing: quiet and
# quick when everything is there. Safe to run again and again.
#   tools/setup.sh            # as root, or with sudo available
set -euo pipefail

packages=(
  bazel-bootstrap        # Bazel 4.2.3, builds offline with the shims in third_party/bazel
  g++
  libtorch-dev           # LibTorch 1.13 (CPU)
  libopenblas0-pthread   # fast BLAS for LibTorch: only *recommended*, so named here
  libsqlite3-dev sqlite3 # record store (and the sqlite3 shell the end-to-end test uses)
  libyaml-cpp-dev        # suite files
  libcli11-dev           # command line
  libxxhash-dev          # configuration and artifact hashes
  nlohmann-json3-dev     # canonical configuration JSON
  libgtest-dev libgmock-dev
  libbenchmark-dev
  libboost-dev           # Boost.Math distributions for the statistics of `ebmbench check`
  libpng-dev             # sample pictures in reports
  zlib1g-dev             # gzipped IDX files (Fashion-MNIST)
  libmatio-dev           # SVHN's .mat files
  chromium               # the report page test renders pages in headless Chromium
  slurm-wlm munge        # the scale-out tests start a real one-node Slurm cluster
  python3                # small helpers of the tests (free ports, reading rendered SVGs)
  cmake ninja-build      # the CMake build GPU hosts use (tools/gpu_check.sh), tested here
)

missing=()
# npm fetches the Vega bundles that reports inline. Some machines carry a
# Node.js of their own (with npm inside): only a machine without npm gets
# Debian's.
command -v npm >/dev/null 2>&1 || packages+=(nodejs npm)
for p in "${packages[@]}"; do
  [[ "$p" == \#* ]] && continue
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi

if (( ${#missing[@]} )); then
  echo "ebmbench setup: installing ${missing[*]}" >&2
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq >/dev/null
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# LibTorch uses whatever BLAS the alternatives system selects; the reference
# BLAS is 14-30x slower than OpenBLAS.
blas_link=libblas.so.3-x86_64-linux-gnu
openblas=/usr/lib/x86_64-linux-gnu/openblas-pthread/libblas.so.3
if [[ "$(update-alternatives --query "$blas_link" 2>/dev/null | sed -n 's/^Value: //p')" != "$openblas" ]]; then
  echo "ebmbench setup: selecting OpenBLAS for LibTorch" >&2
  $sudo update-alternatives --set "$blas_link" "$openblas" >/dev/null
fi
for lapack in liblapack.so.3-x86_64-linux-gnu; do
  want=/usr/lib/x86_64-linux-gnu/openblas-pthread/liblapack.so.3
  if [[ -e "$want" && "$(update-alternatives --query "$lapack" 2>/dev/null | sed -n 's/^Value: //p')" != "$want" ]]; then
    $sudo update-alternatives --set "$lapack" "$want" >/dev/null
  fi
done

# The chart libraries `ebmbench report` inlines (pinned in package-lock.json).
report_assets="$(dirname "$0")/report"
if [[ ! -f "$report_assets/node_modules/vega-embed/build/vega-embed.min.js" ]]; then
  echo "ebmbench setup: installing the Vega bundles for reports (npm)" >&2
  (cd "$report_assets" && npm ci --no-audit --no-fund --ignore-scripts --loglevel=error >/dev/null)
fi
