#!/usr/bin/env bash
# Vets and tests the Beam module (beam/: its own go.mod, not part of the
# root module's ./...). The tests run the pipelines on Beam's in-process
# Prism runner against the real lists in ../shared/data and compare with
# the redline CLI, which they build. A cold build of the Beam SDK and its
# dependencies takes several minutes: keep GOMODCACHE and GOCACHE between
# CI runs.
set -euo pipefail
cd "$(dirname "$0")/../beam"
go vet ./...
go test ./...
