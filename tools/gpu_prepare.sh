#!/usr/bin/env bash
# Gathers, on this Debian machine, what a GPU host lacks to build and check
# ebmbench, into one git-ignored folder the device tool can carry (its
# working-tree limit is 64 MiB; this folder is about 20 MiB):
#
#   .gpu/debs/*.deb        the Debian packages the CMake build links (headers,
#                          libraries, CMake files), `apt-get download`ed, to
#                          be unpacked with `dpkg -x` into a prefix (never /)
#   .gpu/data/mnist/*.gz   MNIST's four IDX files, gzipped (the reader reads
#                          gzip); from ./data/mnist or tools/fetch_data.sh
#   .gpu/MANIFEST          what is there: package versions, files, MD5s
#
# Then, on the GPU host: tools/gpu_check.sh (carry .gpu). The build there
# leaves out matio (SVHN's .mat reader): it pulls HDF5 and libcurl's ~30
# libraries, and a single one missing there would stop every binary from
# starting; the check reads no SVHN.
#
#   tools/gpu_prepare.sh [--out DIR]     # default: .gpu in the repository
set -euo pipefail
cd "$(dirname "$0")/.."

out=.gpu
while (( $# )); do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --out=*) out="${1#--out=}"; shift ;;
    -h|--help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "gpu_prepare: unknown argument '$1' (see --help)" >&2; exit 2 ;;
  esac
done

# Each -dev package with the runtime package its .so links to. Kept in one
# place: tools/gpu_check.sh and tests/gpu_prepare_test.sh read the folder,
# not this list.
packages=(
  libyaml-cpp-dev libyaml-cpp0.7     # suite files
  libcli11-dev                       # command line (header-only)
  libsqlite3-dev libsqlite3-0        # record store
  libxxhash-dev libxxhash0           # hashes
  nlohmann-json3-dev                 # canonical JSON (header-only)
  libboost1.74-dev                   # Boost.Math (headers only are used)
  libpng-dev libpng16-16             # sample pictures
  zlib1g-dev zlib1g                  # gzipped IDX files
  libgtest-dev libgmock-dev          # the equivalence test (static libraries)
  libbenchmark-dev libbenchmark1debian  # method_step_benchmark
)

mkdir -p "$out/debs" "$out/data/mnist"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# apt-get download needs the package lists; fetch them once if absent.
download() {
  (cd "$work" && apt-get download -qq "${packages[@]}" >/dev/null 2>&1)
}
if ! download; then
  echo "gpu_prepare: updating Debian's package lists" >&2
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo=sudo
  $sudo apt-get update -qq >/dev/null
  (cd "$work" && apt-get download -qq "${packages[@]}")
fi
# Replace the folder's packages as a whole: no stale version stays beside a new one.
rm -f "$out"/debs/*.deb
mv "$work"/*.deb "$out/debs/"

# MNIST, gzipped. The plain files come from ./data (or $EBMBENCH_DATA) when
# they are there and correct, else tools/fetch_data.sh gets them.
data_root="${EBMBENCH_DATA:-data}"
bash tools/fetch_data.sh --data-dir "$data_root" mnist >&2
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte \
         t10k-labels-idx1-ubyte; do
  src="$data_root/mnist/$f"
  [[ -f "$src" ]] || { echo "gpu_prepare: $src is missing after fetching" >&2; exit 1; }
  if [[ ! -f "$out/data/mnist/$f.gz" || "$src" -nt "$out/data/mnist/$f.gz" ]]; then
    gzip -9 -n -c "$src" >"$work/$f.gz" && mv "$work/$f.gz" "$out/data/mnist/$f.gz"
  fi
done

{
  echo "# ebmbench GPU host bundle, made by tools/gpu_prepare.sh on $(date -u +%F)"
  echo "# packages (Debian $(cat /etc/debian_version)):"
  for deb in "$out"/debs/*.deb; do
    echo "deb $(dpkg-deb -f "$deb" Package) $(dpkg-deb -f "$deb" Version) $(basename "$deb")"
  done
  echo "# files: path size md5"
  (cd "$out" && find debs data -type f | sort | while read -r f; do
     echo "file $f $(stat -c %s "$f") $(md5sum <"$f" | cut -d' ' -f1)"
   done)
} >"$out/MANIFEST"

size=$(du -sm "$out" | cut -f1)
echo "gpu_prepare: $out holds $(ls "$out"/debs | wc -l) packages and MNIST (gzipped): ${size} MiB" >&2
if (( size > 48 )); then
  echo "gpu_prepare: warning: $out is ${size} MiB; the device tool carries 64 MiB with the working tree" >&2
fi
