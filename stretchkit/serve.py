"""How the kit serves pages to a room: what its Voila pages need from the server.

Voila's own pages never free the kernel they start: each page view keeps a kernel of about
140 MB until the server stops. The kit's Voila template (``stretchkit``, in
``share/jupyter/voila/templates``) asks Voila to shut the page's kernel down when the page is
gone for good, through Voila's ``voila/api/shutdown/<kernel>``, and the server culls the
kernels of pages that left without a word (:data:`CULL_IDLE_S`).

That request is a POST, which Jupyter's servers accept only with the ``_xsrf`` cookie's
token; Voila's page does not set that cookie, so :func:`page_hook` (Voila's
``prelaunch_hook``, set in ``etc/jupyter/voila.py`` and ``jupyter_server_config.py``) does.
Nothing here imports more than the standard library: the server loads it at start.
"""

from __future__ import annotations

__all__ = ["CULL_IDLE_S", "CULL_INTERVAL_S", "page_hook"]

#: A kernel no page is connected to, idle this long (s), is shut down. Ten minutes: a phone
#: that locks its screen in a lesson loses its connection, and finds its page as it left it
#: if it comes back within that time.
CULL_IDLE_S = 600
#: How often (s) the server looks for kernels to cull: memory is back within
#: CULL_IDLE_S + CULL_INTERVAL_S of the last device leaving.
CULL_INTERVAL_S = 60


def page_hook(handler, notebook, cwd):
    """Voila's ``prelaunch_hook``: give the page the ``_xsrf`` cookie it needs to say goodbye.

    Reading a handler's ``xsrf_token`` sets the cookie on the page's response (Tornado), before
    Voila sends a byte of it. The notebook is returned as it is.
    """
    handler.xsrf_token  # noqa: B018 - read for its effect: the cookie
    return notebook
