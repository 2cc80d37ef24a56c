#!/usr/bin/env python3
"""Writes the service node's password file for the users of values-shared-service.yaml.

Each user's password is HMAC-SHA256(key, user name), exactly what the hub's pre-spawn hook hands to that
user's pod, so the file never has to be edited by hand. The key comes from $H5LAB_PASSWORD_KEY (the hub
Secret's password-key); user names are the arguments, "admin=PASSWORD" adds an account with its own password:

    H5LAB_PASSWORD_KEY=… python3 make-passwd.py admin=… alice bob > passwd.txt
"""

import hashlib
import hmac
import os
import sys


def password_for(key: bytes, user: str) -> str:
    return hmac.new(key, user.encode(), hashlib.sha256).hexdigest()


def main(args: list[str]) -> int:
    key = os.environ.get("H5LAB_PASSWORD_KEY", "")
    if not key or not args:
        print(__doc__, file=sys.stderr)
        return 2
    for arg in args:
        user, sep, password = arg.partition("=")
        if not user or any(c in user for c in ": \t/"):
            print(f"unusable user name: {user!r}", file=sys.stderr)
            return 2
        print(f"{user}:{password if sep else password_for(key.encode(), user)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
