"""Daily and weekly digests (filled below)."""


def send_digests(**kwargs) -> int:
    return 0
