#!/usr/bin/env python3
"""Runs a command and prints its wall time and peak memory (RSS of the child)."""
import resource
import subprocess
import sys
import time

start = time.monotonic()
result = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
elapsed = time.monotonic() - start
peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"{elapsed:.3f} {peak_mib:.1f} {result.returncode}")
sys.exit(0)
