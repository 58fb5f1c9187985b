# ~/.bashrc of the analysts' jump host
[ -z "$PS1" ] && return
HISTCONTROL=ignoreboth
shopt -s histappend

export SPARK_HOME=/opt/spark
export PATH="$SPARK_HOME/bin:$PATH"
export PYSPARK_DRIVER_PYTHON=jupyter
export PYSPARK_DRIVER_PYTHON_OPTS="lab --no-browser"
export PYSPARK_SUBMIT_ARGS="--master yarn --packages org.apache.spark:spark-avro_2.12:3.5.1 pyspark-shell"

alias sparkq='spark-shell --jars /home/shared/jars/quality-udfs.jar'
alias ll='ls -alF'
# alias pk='pyspark --packages graphframes:graphframes:0.8.3-spark3.5-s_2.12'
