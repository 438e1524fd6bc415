# stretchkit's settings for Jupyter servers in this environment: JupyterLab (`make lab`,
# Binder, each student's server on the hub) and the Voila pages they serve.
# Each is said in stretchkit/serve.py; README "Serving the app to a room" says why.
from stretchkit.serve import page_hook

c = get_config()  # noqa: F821 - given by traitlets when it reads this file

# Voila pages: the kit's template (no CDN) and a page that frees its kernel as it goes.
c.VoilaConfiguration.template = "stretchkit"
c.VoilaConfiguration.prelaunch_hook = page_hook
# JupyterLab fetches no news and checks for no updates (with the settings in
# share/jupyter/lab/settings/overrides.json, which keep the page from asking).
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
