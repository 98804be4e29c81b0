#!/usr/bin/env bash
# Builds the partner API's images from the repository, after `mvn package` (the jars in target/):
#   partner-api/keycloak, partner-api/orders-service, partner-api/gateway   (tag: the project's version)
# FROM the official images by default, as in production. With LOCAL_BASE=1 (no image registry reachable, as on
# our CI machines) everything starts from a minimal Debian made here (containers/base) instead, with local
# stand-ins for the official images: local/jre:17, local/keycloak:<version>, local/postgres:15.
# Every image it makes carries the label partner-api.built-by=containers/build-images.sh, by which it can be removed.
# Prints what to set for docker compose to use them.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(sed -n 's:^  <version>\(.*\)</version>:\1:p' pom.xml | head -1)
keycloak_version=$(sed -n 's:.*<keycloak.version>\(.*\)</keycloak.version>.*:\1:p' pom.xml | head -1)
for jar in keycloak-extension/target/keycloak-extension.jar orders-service/target/orders-service.jar; do
  [ -f "$jar" ] || { echo "$jar is missing: run mvn -DskipTests package first" >&2; exit 1; }
done
# The legacy builder (Debian 12's Docker has no BuildKit); with LOCAL_BASE=1, --network host: the mirror is reached
# the way the host reaches it. Quiet, but a failed build prints why.
build() {
  local log
  log=$(mktemp)
  if ! DOCKER_BUILDKIT=0 docker build --label "$PARTNER_API_IMAGE_LABEL" ${network:+--network "$network"} "$@" >"$log" 2>&1; then
    cat "$log" >&2; rm -f "$log"; return 1
  fi
  rm -f "$log"
}
network=
export PARTNER_API_IMAGE_LABEL=partner-api.built-by=containers/build-images.sh

if [ "${LOCAL_BASE:-0}" = 1 ]; then
  debian=local/debian:bookworm
  network=host
  containers/base/build-base-image.sh "$debian"
  build -t local/jre:17 --build-arg DEBIAN_IMAGE=$debian containers/jre
  build -t local/postgres:15 --build-arg DEBIAN_IMAGE=$debian -f containers/postgres/Dockerfile .
  # The distribution as Keycloak publishes it, from Maven Central (or the local repository).
  context=$(mktemp -d)
  trap 'rm -rf "$context"' EXIT
  mvn -q -B -ntp dependency:copy -Dartifact="org.keycloak:keycloak-quarkus-dist:$keycloak_version:tar.gz" \
    -Dmdep.stripVersion=true -DoutputDirectory="$context"
  mv "$context/keycloak-quarkus-dist.tar.gz" "$context/keycloak.tar.gz"
  cp containers/keycloak-distribution/Dockerfile "$context/"
  build -t "local/keycloak:$keycloak_version" --build-arg JRE_IMAGE=local/jre:17 "$context"
  keycloak_image=local/keycloak:$keycloak_version jre_image=local/jre:17 postgres_image=local/postgres:15
else
  debian=debian:bookworm-slim
  keycloak_image=quay.io/keycloak/keycloak:$keycloak_version jre_image=eclipse-temurin:17-jre postgres_image=postgres:16
fi

build -t "partner-api/keycloak:$version" --build-arg KEYCLOAK_IMAGE="$keycloak_image" --build-arg DEBIAN_IMAGE=$debian \
  -f containers/keycloak/Dockerfile .
build -t "partner-api/orders-service:$version" --build-arg JRE_IMAGE="$jre_image" -f containers/orders-service/Dockerfile .
build -t "partner-api/gateway:$version" --build-arg DEBIAN_IMAGE=$debian -f containers/gateway/Dockerfile .

docker images --format '{{.Repository}}:{{.Tag}} {{.Size}}' | grep -E "^(partner-api|local)/" || true
cat <<MESSAGE
Built. For docker compose to use these images (and not rebuild them):
  export PARTNER_API_VERSION=$version POSTGRES_IMAGE=$postgres_image
MESSAGE
