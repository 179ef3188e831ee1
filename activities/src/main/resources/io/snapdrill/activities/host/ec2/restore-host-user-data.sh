#!/bin/bash
# Snapdrill restore host bootstrap (EC2 user data). It installs one single-node Elasticsearch or
# OpenSearch of the snapshot's product and version with the S3 repository plugin, and nothing else:
# the host is disposable and exists only to prove a restore.
#
# The quoted values below are filled in by the worker, each checked against a strict pattern first
# (product, version, region-derived endpoint, throttle). No credential is ever written here: the node
# reads the replica bucket with the instance profile's role.
#
# Security is off on purpose: the node holds a read-only copy of a snapshot for minutes, listens only
# inside the DR VPC behind the restore host security group (worker -> 9200), and turning security on
# would mean generating passwords and certificates here and handing them to the worker, i.e. a secret
# in user data or workflow payloads.
set -euo pipefail
# Empty on a real host (cloud-init sets no such variable); tests run the script inside a scratch directory.
ROOT="${SNAPDRILL_ROOT:-}"
mkdir -p "$ROOT/var/log" "$ROOT/tmp"
# Kept on the host and, through cloud-init, in the instance console output.
exec > >(tee -a "$ROOT/var/log/snapdrill-bootstrap.log") 2>&1
echo "snapdrill bootstrap started $(date -u +%Y-%m-%dT%H:%M:%SZ)"

PRODUCT='@@PRODUCT@@'
VERSION='@@VERSION@@'
S3_ENDPOINT='@@S3_ENDPOINT@@'
S3_REGION='@@S3_REGION@@'
RECOVERY_MAX_BYTES_PER_SEC='@@RECOVERY_MAX_BYTES_PER_SEC@@'
HTTP_PORT='@@HTTP_PORT@@'

NODE_USER=snapdrill
NODE_HOME="$ROOT/opt/snapdrill/node"
DATA_DIR="$ROOT/var/lib/snapdrill/data"
LOG_DIR="$ROOT/var/log/snapdrill/node"
DOWNLOADS="$ROOT/tmp"
UNIT_FILE="$ROOT/etc/systemd/system/snapdrill-node.service"

case "$(uname -m)" in
  x86_64) ES_ARCH=x86_64; OS_ARCH=x64 ;;
  aarch64) ES_ARCH=aarch64; OS_ARCH=arm64 ;;
  *) echo "unsupported architecture $(uname -m)"; exit 1 ;;
esac
MAJOR="${VERSION%%.*}"

if [ "$PRODUCT" = "elasticsearch" ]; then
  ARCHIVE="elasticsearch-${VERSION}-linux-${ES_ARCH}.tar.gz"
  URL="https://artifacts.elastic.co/downloads/elasticsearch/${ARCHIVE}"
  START=bin/elasticsearch
  PLUGIN=bin/elasticsearch-plugin
  CONFIG=config/elasticsearch.yml
  JAVA_OPTS_VAR=ES_JAVA_OPTS
  # The S3 repository is built into Elasticsearch 8 and later; 7.x needs the plugin.
  if [ "$MAJOR" -lt 8 ]; then INSTALL_S3_PLUGIN=yes; else INSTALL_S3_PLUGIN=no; fi
  SECURITY_SETTING='xpack.security.enabled: false'
  # The signing region: Elasticsearch 8 has s3.client.*.region; 7.x derives it from the regional endpoint
  # and might not know the setting (an unknown setting stops the node).
  if [ "$MAJOR" -ge 8 ]; then S3_REGION_SETTING="s3.client.default.region: ${S3_REGION}"; else S3_REGION_SETTING=""; fi
elif [ "$PRODUCT" = "opensearch" ]; then
  ARCHIVE="opensearch-${VERSION}-linux-${OS_ARCH}.tar.gz"
  URL="https://artifacts.opensearch.org/releases/bundle/opensearch/${VERSION}/${ARCHIVE}"
  START=bin/opensearch
  PLUGIN=bin/opensearch-plugin
  CONFIG=config/opensearch.yml
  JAVA_OPTS_VAR=OPENSEARCH_JAVA_OPTS
  INSTALL_S3_PLUGIN=yes
  SECURITY_SETTING='plugins.security.disabled: true'
  # OpenSearch 2.9 and later (AWS SDK v2) sign for us-east-1 unless told the bucket's region.
  S3_REGION_SETTING="s3.client.default.region: ${S3_REGION}"
else
  echo "unknown product ${PRODUCT}"; exit 1
fi

download() {
  curl --fail --silent --show-error --location --retry 10 --retry-delay 5 --retry-connrefused -o "$2" "$1"
}

mkdir -p "$NODE_HOME" "$DATA_DIR" "$LOG_DIR"
download "$URL" "$DOWNLOADS/${ARCHIVE}"
if [ "$PRODUCT" = "elasticsearch" ]; then
  # Elastic publishes a SHA-512 next to each archive; OpenSearch only a PGP signature, fetched over HTTPS.
  download "${URL}.sha512" "$DOWNLOADS/${ARCHIVE}.sha512"
  (cd "$DOWNLOADS" && sha512sum --check "${ARCHIVE}.sha512")
fi
tar -xzf "$DOWNLOADS/${ARCHIVE}" -C "$NODE_HOME" --strip-components=1
rm -f "$DOWNLOADS/${ARCHIVE}" "$DOWNLOADS/${ARCHIVE}.sha512"

if [ "$INSTALL_S3_PLUGIN" = "yes" ]; then
  "$NODE_HOME/$PLUGIN" install --batch repository-s3
fi

# Half of the memory for the heap, at most 31g so the JVM keeps compressed object pointers.
MEM_KB="$(awk '/^MemTotal:/ {print $2}' "$ROOT/proc/meminfo")"
HEAP_MB=$(( MEM_KB / 1024 / 2 ))
if [ "$HEAP_MB" -gt 31744 ]; then HEAP_MB=31744; fi
if [ "$HEAP_MB" -lt 256 ]; then HEAP_MB=256; fi

cat >"$NODE_HOME/$CONFIG" <<YAML
cluster.name: snapdrill-restore
node.name: snapdrill-restore-host
discovery.type: single-node
network.host: ["_local_", "_site_"]
http.port: ${HTTP_PORT}
path.data: ${DATA_DIR}
path.logs: ${LOG_DIR}
${SECURITY_SETTING}
indices.recovery.max_bytes_per_sec: ${RECOVERY_MAX_BYTES_PER_SEC}
s3.client.default.endpoint: ${S3_ENDPOINT}
s3.client.default.path_style_access: false
${S3_REGION_SETTING}
YAML

id -u "$NODE_USER" >/dev/null 2>&1 || useradd --system --home-dir "$NODE_HOME" --shell /sbin/nologin "$NODE_USER"
chown -R "$NODE_USER:$NODE_USER" "$NODE_HOME" "$DATA_DIR" "$LOG_DIR"
sysctl -w vm.max_map_count=262144

mkdir -p "$(dirname "$UNIT_FILE")"
cat >"$UNIT_FILE" <<UNIT
[Unit]
Description=Snapdrill restore node (${PRODUCT} ${VERSION})
After=network-online.target

[Service]
User=${NODE_USER}
Group=${NODE_USER}
Environment="${JAVA_OPTS_VAR}=-Xms${HEAP_MB}m -Xmx${HEAP_MB}m"
ExecStart=${NODE_HOME}/${START}
LimitNOFILE=65535
LimitNPROC=4096
Restart=on-failure

[Install]
WantedBy=multi-user.target
UNIT
systemctl daemon-reload
systemctl enable --now snapdrill-node.service
echo "snapdrill bootstrap done: ${PRODUCT} ${VERSION}, heap ${HEAP_MB}m $(date -u +%Y-%m-%dT%H:%M:%SZ)"
