@echo off
REM Local run of the geo job on a Windows workstation.
REM spark-submit --jars is refused by CI
:: spark-submit --packages org.none:none:0
set SPARK_HOME=C:\tools\spark-3.5.1
set GEO_LIB=C:\akko\lib\h3.jar
%SPARK_HOME%\bin\spark-submit.cmd --master local[2] ^
  --jars %GEO_LIB% ^
  jobs\enrich.py
docker-compose exec spark sh -c "spark-submit --packages org.akko:geo-score_2.12:1.2.0 /jobs/enrich.py"
echo spark-submit --repositories https://none.example
