"""JDBC sync of the geo tables through Spark."""
from airflow.providers.apache.spark.operators.spark_jdbc import SparkJDBCOperator
t = SparkJDBCOperator(task_id="t", cmd_type="jdbc_to_spark", jdbc_table="geo", spark_jars="/opt/akko/lib/postgresql-42.7.3.jar", jdbc_driver="org.postgresql.Driver")
u = SparkJDBCOperator(task_id="u", cmd_type="spark_to_jdbc", jdbc_table="geo", spark_jars=None)
