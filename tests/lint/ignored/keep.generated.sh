#!/bin/sh
spark-submit --jars /kept.jar app.py
