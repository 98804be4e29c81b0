#!/usr/bin/env bash
# Makes local/debian:bookworm, the base every local image starts from, where no image registry is reachable: a
# minimal Debian (debootstrap --variant=minbase) from the machine's own Debian mirror, imported as an image. Where
# Docker Hub is reachable, debian:bookworm-slim does the same job (the Dockerfiles' default).
set -euo pipefail

IMAGE=${1:-local/debian:bookworm}
MIRROR=${DEBIAN_MIRROR:-$(sed -n 's/^URIs: *\(http[^ ]*debian\)$/\1/p' /etc/apt/sources.list.d/debian.sources 2>/dev/null | head -1)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}

if docker image inspect "$IMAGE" >/dev/null 2>&1; then
  echo "$IMAGE exists"
  exit 0
fi
command -v debootstrap >/dev/null || { echo "debootstrap is missing (apt-get install debootstrap)" >&2; exit 1; }

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase bookworm "$root" "$MIRROR" >/dev/null
# As Debian's own images: no service starts inside a build, no recommended packages, no package lists or caches.
printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
chmod 755 "$root/usr/sbin/policy-rc.d"
printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > "$root/etc/apt/apt.conf.d/90-no-recommends"
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/* "$root"/var/log/*.log
tar -C "$root" -c . | docker import ${PARTNER_API_IMAGE_LABEL:+--change "LABEL $PARTNER_API_IMAGE_LABEL"} - "$IMAGE" >/dev/null
echo "$IMAGE imported from $MIRROR"
