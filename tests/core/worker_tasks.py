"""A task for the several-workers test (test_several_workers.py): each run leaves a row naming its
number and the process that ran it, in a table the test makes."""

import os
import time

from django.db import connection
from django_tasks import task

RUNS_TABLE = "test_worker_runs"


@task()
def record_run(number: int) -> int:
    time.sleep(0.2)  # long enough that both workers are busy at once
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {RUNS_TABLE} (number, pid) VALUES (%s, %s)", [number, os.getpid()])  # noqa: S608
    return number
