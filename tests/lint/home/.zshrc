export ZSH="$HOME/.oh-my-zsh"
plugins=(git docker kubectl)
source $ZSH/oh-my-zsh.sh

export SPARK_HOME=$HOME/tools/spark-3.5.1-bin-hadoop3
path+=("$SPARK_HOME/bin")
pyspark-delta() {
  pyspark --conf spark.sql.extensions=io.delta.sql.DeltaSparkSessionExtension \
    --packages io.delta:delta-spark_2.12:3.1.0 "$@"
}
