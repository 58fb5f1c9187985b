{{/* Common labels */}}
{{- define "spark-jobs.labels" -}}
app.kubernetes.io/name: {{ .Chart.Name }}
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{/* spark-submit options shared by every job; spark.jars.packages is not allowed */}}
{{- define "spark-jobs.submitArgs" -}}
- --conf
- spark.driver.extraClassPath=/opt/spark/extra/*
- --conf
- spark.kubernetes.namespace={{ .Release.Namespace }}
{{- end }}
