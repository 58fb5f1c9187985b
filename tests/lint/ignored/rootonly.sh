#!/bin/sh
spark-submit --jars /root.jar app.py
