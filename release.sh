#!/usr/bin/env bash
# Builds the release binaries of gonggu with the front-end files (htmx, ECharts) embedded:
# linux/amd64, linux/arm64, linux/loong64 and windows/amd64, pure Go (no cgo), into dist/
# (or $OUT), with a SHA256SUMS file. The version is $VERSION, or what git describes.
set -euo pipefail
cd "$(dirname "$0")"
export PATH="/usr/local/go/bin:$PATH"
out=${OUT:-dist}
version=${VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}

if ! command -v npm >/dev/null 2>&1; then
  echo "release.sh: npm is needed to embed htmx and ECharts (web/build.sh)" >&2
  exit 1
fi
web/build.sh

mkdir -p "$out"
for target in linux/amd64 linux/arm64 linux/loong64 windows/amd64; do
  os=${target%/*}
  arch=${target#*/}
  ext=""
  [ "$os" = windows ] && ext=.exe
  name="gonggu-$version-$os-$arch$ext"
  echo "release.sh: building $name" >&2
  CGO_ENABLED=0 GOOS=$os GOARCH=$arch go build -trimpath -ldflags "-s -w" -o "$out/$name" ./cmd/gonggu
done
(cd "$out" && sha256sum gonggu-* > SHA256SUMS)
echo "release.sh: binaries in $out/" >&2
