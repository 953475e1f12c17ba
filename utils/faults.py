"""Named points where tests can kill the process, to prove that a kill there loses nothing.

`GAN_ZOO_KILL_AT=name` (optionally `name:N`, the N-th time it is reached) makes
`fault_point(name)` SIGKILL its own process. Unset, it does nothing.
"""

import os
import signal

_counts = {}


def fault_point(name):
    target = os.environ.get("GAN_ZOO_KILL_AT")
    if not target:
        return
    point, _, nth = target.partition(":")
    if point != name:
        return
    _counts[name] = _counts.get(name, 0) + 1
    if _counts[name] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
