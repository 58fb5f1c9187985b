#!/usr/bin/env bash
# Heredocs that only print, or whose body is not Spark configuration.
usage() {
  cat <<EOF
usage: $0 [--packages LIST] [--jars LIST]
  --packages  passed to the application, not to spark-submit
  --jars      same
example: spark-submit --jars /tmp/x.jar app.py
EOF
}

cat > requirements.txt <<EOF
pyspark==3.5.1
delta-spark==3.1.0
EOF

cat > /etc/motd <<'EOF'
Welcome to the edge node. Run jobs through the scheduler, never
with spark.jars.packages or --packages on the command line.
EOF

python3 - <<'PY'
import argparse
p = argparse.ArgumentParser()
p.add_argument("--packages", default="")
print(p.parse_args([]))
PY
