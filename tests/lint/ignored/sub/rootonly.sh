#!/bin/sh
spark-submit --packages org.example:sub:1.0 app.py
