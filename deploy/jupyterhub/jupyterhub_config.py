"""JupyterHub for a class running stretchkit on one server.

Run it from the folder that should keep the hub's state (its database and cookie secret)::

    STRETCHKIT_HUB_PASSWORD='a class password' \\
        .venv/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

``make hub`` does the same with the repository's ``.venv`` and the proxy from npm.

What a student gets: a login page (any name, the class password), their own server opening
JupyterLab on the lessons, the app without code at ``/user/<name>/voila/render/stretchkit/app/
stretchkit.ipynb``, and their session log in their own home (``~/.local/share/stretchkit/``),
kept between logins and server restarts.

Settings, all from the environment so a service file can set them:

=================================  ========================================================
``STRETCHKIT_HUB_PASSWORD``        the class password, 8 characters or more (required)
``STRETCHKIT_HUB_ADMINS``          trainers' names, comma-separated (optional); they log
                                   in with ``STRETCHKIT_HUB_ADMIN_PASSWORD`` (32 or more)
``STRETCHKIT_HUB_ROSTER``          a text file with one student name per line: only these
                                   names may log in (optional; without it, any name)
``STRETCHKIT_HUB_HOMES``           the folder holding one home per student
                                   (default ``/home/stretchkit-class``)
``STRETCHKIT_HUB_UNIX_USER``       run the students' servers as this unprivileged account
                                   instead of the hub's own (recommended when the hub runs
                                   as root)
``STRETCHKIT_HUB_CULL_AFTER``      stop a student's server after this many idle seconds
                                   (default 3600)
``STRETCHKIT_HUB_KERNEL_IDLE``     shut down a kernel no page uses after this many idle
                                   seconds (default 1200)
``STRETCHKIT_HUB_SPAWN_TIMEOUT``   seconds a server may take to start (default 300)
``STRETCHKIT_HUB_ACTIVITY_EVERY``  how often, in seconds, activity is collected and idle
                                   servers looked for (default 300)
=================================  ========================================================

Ports and addresses are the hub's own options and can be given on its command line, which
overrides this file: ``--ip``, ``--port``, ``--JupyterHub.hub_port``,
``--ConfigurableHTTPProxy.api_url``. For a class, serve the hub over HTTPS
(``--ssl-key`` and ``--ssl-cert``, or a reverse proxy): the password crosses the network.

Why these choices:

- The shared password suits a workshop, where students arrive without accounts. Anyone who
  has it can log in under any name, so it protects the hub from outsiders, not students from
  each other. A school should use its own accounts instead: an OAuth authenticator
  (``oauthenticator``: Google, Microsoft Entra ID, GitHub, GitLab, generic OIDC) or LDAP
  (``ldapauthenticator``), and one system account per student (``LocalProcessSpawner`` with
  ``LocalAuthenticator.create_system_users``, or Zero to JupyterHub; see ``z2jh-values.yaml``).
- Every student's server runs in their own home folder; ``STRETCHKIT_HUB_UNIX_USER`` keeps the
  servers away from the hub's database and secrets. Servers are not isolated from each other,
  which matches what a shared password already allows.
- When a whole class arrives at once, servers start one after another on the CPU: on 2 cores,
  JupyterHub's default limits (30 s to start, 60 s to answer) refused all of 20 students,
  while 300 s held a class of 30.
- Idle kernels are shut down and idle servers stopped, so a room's forgotten tabs do not hold
  memory. The log is a file in the home, so stopping a server loses nothing.
"""

import os
import pwd
import random
import shutil
import socket
import sys
from pathlib import Path
from typing import ClassVar

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer, Tuple, Unicode, default

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

HERE = Path(__file__).resolve().parent
KIT = HERE.parent.parent
BIN = Path(sys.executable).parent


def _setting(name, fallback):
    """One ``STRETCHKIT_HUB_*`` setting from the environment."""
    return os.environ.get(f"STRETCHKIT_HUB_{name}", "").strip() or fallback


def _seconds(name, fallback):
    """A ``STRETCHKIT_HUB_*`` setting that must be a whole number of seconds."""
    value = _setting(name, str(fallback))
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(
            f"STRETCHKIT_HUB_{name}={value!r}: give a whole number of seconds, such as {fallback}."
        )
    return int(value)


# --- Who may log in ------------------------------------------------------------------------
password = _setting("PASSWORD", "")
if len(password) < 8:
    raise SystemExit(
        "Set STRETCHKIT_HUB_PASSWORD to the class password (8 characters or more) before "
        "starting the hub: students log in with any name and this password."
    )
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = password
admins = {name.strip().lower() for name in _setting("ADMINS", "").split(",") if name.strip()}
if admins:
    c.SharedPasswordAuthenticator.admin_users = admins
    admin_password = _setting("ADMIN_PASSWORD", "")
    if len(admin_password) < 32 or admin_password == password:
        raise SystemExit(
            "STRETCHKIT_HUB_ADMINS is set: give the trainers their own password in "
            "STRETCHKIT_HUB_ADMIN_PASSWORD, 32 characters or more and not the class password."
        )
    c.SharedPasswordAuthenticator.admin_password = admin_password
# Names become folder names: keep them to lower-case letters, digits, '-' and '_'.
c.Authenticator.username_pattern = r"^[a-z0-9][a-z0-9_-]{0,31}$"
roster = _setting("ROSTER", "")
if roster:
    try:
        names = Path(roster).read_text(encoding="utf-8").split()
    except OSError as error:
        raise SystemExit(
            f"STRETCHKIT_HUB_ROSTER={roster!r} cannot be read ({error.strerror}): give a text "
            "file with one student name per line."
        ) from None
    c.Authenticator.allowed_users = {name.lower() for name in names}
else:
    c.Authenticator.allow_all = True

# --- The proxy: configurable-http-proxy, installed from npm by `make hub` ------------------
proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]
# Otherwise JupyterHub runs `configurable-http-proxy` from PATH (npm install -g).


# --- Each student's server ------------------------------------------------------------------
def server_account(name):
    """The account students' servers run as: ``name``, or the hub's own if ``name`` is ''."""
    if not name:
        account = pwd.getpwuid(os.getuid())
        if account.pw_uid == 0:
            raise SystemExit(
                "The hub runs as root, so the students' servers would too. Set "
                "STRETCHKIT_HUB_UNIX_USER to an unprivileged account (create one with "
                "`useradd --system --shell /usr/sbin/nologin stretchkit-class`), or to root "
                "on a machine you will throw away."
            )
        return account
    try:
        account = pwd.getpwnam(name)
    except KeyError:
        raise SystemExit(
            f"STRETCHKIT_HUB_UNIX_USER={name!r} is not an account on this machine: create "
            f"it with `useradd --system --shell /usr/sbin/nologin {name}`, or leave the "
            "setting out to run the servers as the hub's own account."
        ) from None
    if os.getuid() not in (0, account.pw_uid):
        raise SystemExit(
            f"STRETCHKIT_HUB_UNIX_USER={name!r}: only a hub running as root can start servers "
            "as another account. Leave the setting out, or start the hub as root."
        )
    return account


class ClassSpawner(LocalProcessSpawner):
    """A student's server in their own home, run by one unprivileged account.

    Students need no system account: their home is ``{homes}/{name}``, created at first login
    with a copy of the lessons and the app in ``~/stretchkit/``. Files a student already has
    are never overwritten.
    """

    homes = Unicode("/home/stretchkit-class", config=True, help="Folder of students' homes.")
    unix_user = Unicode("", config=True, help="Account the servers run as ('' = the hub's).")
    home_dir = Unicode(help="This student's home: {homes}/{name}.")

    @default("home_dir")
    def _default_home_dir(self):
        return str(Path(self.homes) / self.user.name)

    # Servers listen on ports below the range the system hands out at random (32768 and up on
    # Linux). A port picked at random can be taken by another student's kernel before this
    # server binds it, which a class arriving at once on 2 cores did, 1 time in 30.
    ports = Tuple(Integer(), Integer(), default_value=(20000, 32000), config=True)
    _in_use: ClassVar[dict[int, str]] = {}  # port -> student, for every server of this hub

    def _pick_port(self):
        ClassSpawner._in_use = {p: u for p, u in self._in_use.items() if u != self.user.name}
        low, high = self.ports
        for port in random.sample(range(low, high), high - low):
            if port in self._in_use:
                continue
            with socket.socket() as probe:
                try:
                    probe.bind((self.ip or "127.0.0.1", port))
                except OSError:
                    continue
            self._in_use[port] = self.user.name
            return port
        raise RuntimeError(f"no free port for a server between {low} and {high}")

    async def start(self):
        self.port = self._pick_port()
        return await super().start()

    def account(self):
        return server_account(self.unix_user)

    def get_args(self):
        args = super().get_args()
        # Kernels talk to their server over socket files in the home, not TCP ports: with a
        # class starting kernels at once, a port picked as free was taken by another
        # connection before the kernel bound it (2 of 30 kernels, which then failed all 5
        # restarts).
        args += ["--KernelManager.transport=ipc", f"--KernelManager.ip={self.home_dir}/{IPC}"]
        if self.account().pw_uid == 0:  # only when asked for explicitly: see server_account
            args.append("--allow-root")
        return args

    def make_preexec_fn(self, name):
        account = self.account()
        home = self.home_dir
        drop = account.pw_uid != os.getuid()

        def preexec():
            if drop:
                os.setgroups([])
                os.setgid(account.pw_gid)
                os.setuid(account.pw_uid)
            os.chdir(home)

        return preexec

    def user_env(self, env):
        env["USER"] = self.user.name
        env["HOME"] = self.home_dir
        env["SHELL"] = "/bin/bash"
        return env

    def move_certs(self, paths):
        return paths


IPC = ".ipc/kernel"  # kernels' socket files: {home}/.ipc/kernel-1, -2, ...


def prepare_home(spawner):
    """Create the student's home and add the lessons they do not have yet."""
    home = Path(spawner.home_dir)
    account = spawner.account()
    created = []
    home.parent.mkdir(mode=0o755, parents=True, exist_ok=True)
    home.mkdir(mode=0o700, exist_ok=True)
    created.append(home)
    (home / ".ipc").mkdir(mode=0o700, exist_ok=True)
    created.append(home / ".ipc")
    for source in sorted([*KIT.glob("notebooks/*.ipynb"), *KIT.glob("app/*.ipynb")]):
        target = home / "stretchkit" / source.relative_to(KIT)
        if target.exists():
            continue
        for folder in (target.parent.parent, target.parent):
            if not folder.exists():
                folder.mkdir()
                created.append(folder)
        shutil.copyfile(source, target)
        created.append(target)
    if account.pw_uid != os.getuid():
        for path in created:
            os.chown(path, account.pw_uid, account.pw_gid)


c.JupyterHub.spawner_class = ClassSpawner
c.ClassSpawner.homes = _setting("HOMES", "/home/stretchkit-class")
# A socket file's path has at most 107 bytes: the homes folder, a 32-letter name, the socket.
if len(os.fsencode(c.ClassSpawner.homes)) + 1 + 32 + len(f"/{IPC}-99999") > 107:
    raise SystemExit(
        f"STRETCHKIT_HUB_HOMES={c.ClassSpawner.homes!r} is too long for the kernels' socket "
        "files (at most 107 bytes with a student's name): choose a folder of 56 characters "
        "or fewer, such as /home/stretchkit-class."
    )
c.ClassSpawner.unix_user = _setting("UNIX_USER", "")
server_account(c.ClassSpawner.unix_user)  # refuse a bad account now, not at the first login
c.Spawner.pre_spawn_hook = prepare_home
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/stretchkit/notebooks/00_start_here.ipynb"
# A whole class arriving at once: see the notes above.
c.Spawner.start_timeout = _seconds("SPAWN_TIMEOUT", 300)
c.Spawner.http_timeout = _seconds("SPAWN_TIMEOUT", 300)
kernel_idle = _seconds("KERNEL_IDLE", 1200)
every = _seconds("ACTIVITY_EVERY", 300)
c.Spawner.args = [
    # Kernels no page is using are shut down after kernel_idle seconds.
    f"--MappingKernelManager.cull_idle_timeout={kernel_idle}",
    f"--MappingKernelManager.cull_interval={min(120, every)}",
    # Students need notebooks, not a shell on the class server.
    "--ServerApp.terminals_enabled=False",
]
# How often each server reports activity, which the idle culler reads.
c.Spawner.environment = {"JUPYTERHUB_ACTIVITY_INTERVAL": str(every)}
c.JupyterHub.last_activity_interval = every

# --- Stop idle servers (jupyterhub-idle-culler) --------------------------------------------
c.JupyterHub.load_roles = [
    {
        "name": "idle-culler",
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
        "services": ["idle-culler"],
    }
]
c.JupyterHub.services = [
    {
        "name": "idle-culler",
        "command": [
            sys.executable,
            "-m",
            "jupyterhub_idle_culler",
            f"--timeout={_seconds('CULL_AFTER', 3600)}",
            f"--cull-every={every}",
        ],
    }
]

# Stopping the hub stops every student's server. Logs are files in the homes: nothing is lost.
c.JupyterHub.cleanup_servers = True
