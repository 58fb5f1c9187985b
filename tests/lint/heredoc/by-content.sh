#!/bin/bash
# The target is an argument: the body tells what it is.
write_conf() {
  local dest=$1
  cat > "$dest" <<END
spark.sql.adaptive.enabled true
spark.driver.extraClassPath /opt/extra/driver-extras.jar
END
}
write_conf "$1"

ssh edge01 bash -s <<'REMOTE'
set -e
spark-submit --master yarn --jars /opt/extra/remote.jar /opt/app/remote.py
REMOTE
