#!/bin/sh
# Raises the open-file limit of callback-service to SB_NOFILE before it starts, or refuses to start.
# Every device push socket is a file descriptor, and one replica holds tens of thousands of them; a container runtime
# may start the process with a soft limit of 1024 (containerd 2.x does). Raising the soft limit up to the hard limit
# needs no privilege; above the hard limit, the node's container runtime must allow more (docs/DEPLOY.md "Open files").
set -eu
want=${SB_NOFILE:-}
if [ -n "$want" ]; then
  hard=$(ulimit -H -n)
  if [ "$hard" != unlimited ] && [ "$hard" -lt "$want" ]; then
    echo "callback-service: SB_NOFILE=$want open files are needed, but the hard limit is $hard;" \
      "raise the container runtime's nofile limit on this node (docs/DEPLOY.md \"Open files\")" >&2
    exit 78
  fi
  ulimit -S -n "$want"
  echo "callback-service: open-file limit $(ulimit -S -n) (hard $hard)" >&2
fi
exec "$@"
