# Databricks notebook source
# MAGIC %md
# MAGIC # Export to Postgres
# MAGIC The driver is installed as a cluster library (`spark.jars.packages` is not used).

# COMMAND ----------

# MAGIC %sh
# MAGIC spark-submit --packages org.postgresql:postgresql:42.7.3 --version

# COMMAND ----------

df = spark.table("akko.curated.orders")
(df.write.format("jdbc")
   .option("url", dbutils.secrets.get("akko", "pg-url"))
   .option("dbtable", "orders")
   .save())
