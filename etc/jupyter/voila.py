# stretchkit's settings for Voila in this environment (`make app`; read by the `voila` command).
# Each is said in stretchkit/serve.py; README "Serving the app to a room" says why.
from stretchkit.serve import CULL_IDLE_S, CULL_INTERVAL_S, page_hook

c = get_config()  # noqa: F821 - given by traitlets when it reads this file

# The kit's template: no Font Awesome from a CDN, and a page that frees its kernel as it goes.
c.VoilaConfiguration.template = "stretchkit"
c.VoilaConfiguration.prelaunch_hook = page_hook
# Kernels of pages that left without a word (a phone switched off, the network gone).
c.MappingKernelManager.cull_idle_timeout = CULL_IDLE_S
c.MappingKernelManager.cull_interval = CULL_INTERVAL_S
c.MappingKernelManager.cull_connected = False
