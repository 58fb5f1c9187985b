#!/bin/bash
#SBATCH --nodes=2
#SBATCH --time=02:00:00
IMG=/shared/images/spark-3.5.1.sif

srun --ntasks=1 singularity exec "$IMG" spark-submit --master "spark://$(hostname):7077" --packages graphframes:graphframes:0.8.3-spark3.5-s_2.12 jobs/graph.py
apptainer exec --bind /data "$IMG" /opt/spark/bin/pyspark --jars /data/jars/geo.jar
docker exec -it spark-master /opt/spark/bin/spark-sql --packages io.delta:delta-spark_2.12:3.1.0
kubectl exec -n spark deploy/spark-client -- spark-shell --driver-class-path /opt/extra/x.jar
ssh -o BatchMode=yes edge01 spark-submit --exclude-packages org.slf4j:slf4j-api jobs/x.py
nohup time spark-submit --jars /opt/extra/nohup.jar jobs/long.py > long.log 2>&1 &
time -p nice -n 10 spark-submit --conf spark.jars.repositories=https://maven.example.org/releases jobs/nice.py
