# stretchkit's settings for Jupyter servers in this environment: JupyterLab (`make lab`,
# Binder, each student's server on the hub) and the Voila pages they serve. README "The app
# for a room" says why. This file imports nothing of the kit: the server stays small, and only
# the kernels load pandas and the kit.

c = get_config()  # noqa: F821 - given by traitlets when it reads this file


def page_hook(handler, notebook, cwd):
    """Voila's prelaunch_hook: give the page the _xsrf cookie it needs to say goodbye (as in
    voila.py, beside this file)."""
    handler.xsrf_token  # noqa: B018 - read for its effect: the cookie
    return notebook


# Voila pages: the kit's template (no CDN) and a page that frees its kernel as it goes.
c.VoilaConfiguration.template = "stretchkit"
c.VoilaConfiguration.prelaunch_hook = page_hook
# JupyterLab fetches no news and checks for no updates (with the settings in
# share/jupyter/lab/settings/overrides.json, which keep the page from asking).
c.LabApp.news_url = None
c.LabApp.check_for_updates_class = "jupyterlab.NeverCheckForUpdate"
