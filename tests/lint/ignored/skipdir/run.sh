#!/bin/sh
spark-submit --jars /skip.jar app.py
