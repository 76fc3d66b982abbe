"""One "worker process" for test_ratelimit_processes: run as ``python ratelimit_worker.py``.

Sets Django up on the database the test prepared (settings from the environment), waits for
the go file, sends N requests with the test client and prints how many were not 429.
"""

import os
import sys
import time
from pathlib import Path


def main(mode: str, count: int, go_file: str) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beatbridge.settings")
    django.setup()
    from django.test import Client

    client = Client(REMOTE_ADDR="203.0.113.50")
    while not Path(go_file).exists():
        time.sleep(0.01)
    accepted = 0
    for n in range(count):
        if mode == "tips":
            response = client.post(
                "/api/v1/tips/", {"body": f"tip {n}"}, content_type="application/json"
            )
            assert response.status_code in (201, 429), response.content
        else:
            response = client.get(
                "/api/v1/tips/conversation/", HTTP_X_TIP_CODE="AAAAA-AAAAA-AAAAA-AAAAA"
            )
            assert response.status_code in (400, 404, 429), response.content
        accepted += response.status_code != 429
    print(accepted)


if __name__ == "__main__":
    main(sys.argv[1], int(sys.argv[2]), sys.argv[3])
