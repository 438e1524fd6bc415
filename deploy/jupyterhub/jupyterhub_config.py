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
                                   (default ``/home/stretchkit-class``, 30 characters
                                   at most: kernels' socket files live in the homes)
``STRETCHKIT_HUB_UNIX_USER``       run the students' servers as this unprivileged account
                                   (the hub must run as root); without it they run as the
                                   hub's own account and can read its files
``STRETCHKIT_HUB_MAX_SERVERS``     servers running at once, at most (default 60)
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
- Every student's server runs in their own home folder. With ``STRETCHKIT_HUB_UNIX_USER`` the
  servers run as that account, away from the hub's database, secrets and environment (which
  holds the passwords); the hub's files are created private to the hub. Without it, students'
  code runs as the hub's own account: fine for a workshop on a machine you will wipe, not for
  anything else, and trainers (admins) are refused. Servers are not isolated from each other
  either way, which matches what a shared password already allows.
- When a whole class arrives at once, servers start one after another on the CPU, so the
  time a server may take to start and to answer is 300 s instead of JupyterHub's 60 s and
  30 s (see the README for what each did to a class of 30 on 2 cores).
- Servers listen on ports below the range the system hands out at random, and kernels talk to
  their server over socket files instead of ports: under a class's load, a port picked as
  free was taken by another connection before it was bound.
- Idle kernels are shut down and idle servers stopped, so a room's forgotten tabs do not hold
  memory. The log is a file in the home: stopping a server keeps every saved session (work
  not yet saved in an open notebook is lost, as when a laptop's battery runs out).
"""

import asyncio
import os
import pwd
import random
import socket
import subprocess
import sys
from pathlib import Path
from typing import ClassVar

from jupyterhub.spawner import LocalProcessSpawner
from traitlets import Integer, Tuple, Unicode, default

c = get_config()  # noqa: F821 (JupyterHub's config loader provides it)

HERE = Path(__file__).resolve().parent
KIT = HERE.parent.parent
BIN = Path(sys.executable).parent
NAME_MAX = 20  # letters in a student's name
# A socket file's path has at most 107 bytes: {homes}/{name}/.ipc/kernel-{uuid}-ipc-{n}.
HOMES_MAX = 107 - 1 - NAME_MAX - len("/.ipc/kernel-") - 36 - len("-ipc-99")

# The hub's own files (database, cookie secret, logs) are private to the account it runs as.
os.umask(0o077)


def _setting(name, fallback):
    """One ``STRETCHKIT_HUB_*`` setting from the environment."""
    return os.environ.get(f"STRETCHKIT_HUB_{name}", "").strip() or fallback


def _whole(name, fallback, unit="seconds"):
    """A ``STRETCHKIT_HUB_*`` setting that must be a whole number (of seconds, by default)."""
    value = _setting(name, str(fallback))
    if not value.isdigit() or int(value) < 1:
        raise SystemExit(
            f"STRETCHKIT_HUB_{name}={value!r}: give a whole number of {unit}, such as {fallback}."
        )
    return int(value)


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


# --- Who may log in ------------------------------------------------------------------------
password = _setting("PASSWORD", "")
if len(password) < 8:
    raise SystemExit(
        "Set STRETCHKIT_HUB_PASSWORD to the class password (8 characters or more) before "
        "starting the hub: students log in with any name and this password."
    )
c.JupyterHub.authenticator_class = "shared-password"
c.SharedPasswordAuthenticator.user_password = password
# Names become folder names: lower-case letters, digits, '-' and '_'.
c.Authenticator.username_pattern = rf"^[a-z0-9][a-z0-9_-]{{0,{NAME_MAX - 1}}}$"
unix_user = _setting("UNIX_USER", "")
account = server_account(unix_user)
admins = {name.strip().lower() for name in _setting("ADMINS", "").split(",") if name.strip()}
if admins:
    if account.pw_uid == os.getuid():
        raise SystemExit(
            "STRETCHKIT_HUB_ADMINS is set, but the students' servers would run as the hub's "
            "own account and could read the admin password from the hub's environment: start "
            "the hub as root with STRETCHKIT_HUB_UNIX_USER set, or leave the admins out."
        )
    admin_password = _setting("ADMIN_PASSWORD", "")
    if len(admin_password) < 32 or admin_password == password:
        raise SystemExit(
            "STRETCHKIT_HUB_ADMINS is set: give the trainers their own password in "
            "STRETCHKIT_HUB_ADMIN_PASSWORD, 32 characters or more and not the class password."
        )
    c.SharedPasswordAuthenticator.admin_users = admins
    c.SharedPasswordAuthenticator.admin_password = admin_password
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
# Anyone with the password can start a server: cap how many run at once.
c.JupyterHub.active_server_limit = _whole("MAX_SERVERS", 60, unit="servers")

# --- The proxy: configurable-http-proxy, installed from npm by `make hub` ------------------
proxy = HERE / "node_modules" / ".bin" / "configurable-http-proxy"
if proxy.exists():
    c.ConfigurableHTTPProxy.command = [str(proxy)]
# Otherwise JupyterHub runs `configurable-http-proxy` from PATH (npm install -g).


# --- Each student's server ------------------------------------------------------------------
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
    _in_use: ClassVar[dict[int, tuple[str, str]]] = {}  # port -> (student, server name)

    def _pick_port(self):
        me = (self.user.name, self.name)
        for port in [p for p, owner in self._in_use.items() if owner == me]:
            del self._in_use[port]
        low, high = self.ports
        for port in random.sample(range(low, high), high - low):
            if port in self._in_use:
                continue
            with socket.socket() as probe:
                try:
                    probe.bind((self.ip or "127.0.0.1", port))
                except OSError:
                    continue
            self._in_use[port] = me
            return port
        raise RuntimeError(f"no free port for a server between {low} and {high}")

    async def start(self):
        self.port = self._pick_port()
        return await super().start()

    def account(self):
        return server_account(self.unix_user)

    def get_args(self):
        args = super().get_args()
        # Kernels talk to their server over socket files in the home, one set per kernel
        # (named after its connection file), not over TCP ports: with a class starting
        # kernels at once, a port picked as free was taken by another connection before the
        # kernel bound it (2 of 30 kernels, which then failed all 5 restarts).
        # The sockets sit next to the connection files, in the runtime folder: see user_env.
        args.append("--KernelManager.transport=ipc")
        if self.account().pw_uid == 0:  # only when asked for by name: see server_account
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
            os.umask(0o077)  # a student's files are theirs
            os.chdir(home)

        return preexec

    def user_env(self, env):
        env["USER"] = self.user.name
        env["HOME"] = self.home_dir
        env["SHELL"] = "/bin/bash"
        # A short runtime folder: a socket file's path has at most 107 bytes.
        env["JUPYTER_RUNTIME_DIR"] = f"{self.home_dir}/.ipc"
        return env

    def move_certs(self, paths):
        return paths


async def prepare_home(spawner):
    """Create the student's home and add the lessons they do not have yet.

    Only the home folder itself is made by the hub; the lessons are copied by
    ``add_lessons.py`` running as the servers' account, so nothing a student puts in their
    home can lead the hub to write elsewhere.
    """
    home = Path(spawner.home_dir)
    account = spawner.account()
    drop = account.pw_uid != os.getuid()
    if not home.parent.exists():
        home.parent.mkdir(parents=True)
        home.parent.chmod(0o755)  # the servers' account walks through to its homes
    if home.is_symlink() or (home.exists() and not home.is_dir()):
        raise RuntimeError(f"{home} is not a folder: move it away so the hub can make the home")
    if not home.exists():
        home.mkdir(mode=0o700)
        if drop:
            os.chown(home, account.pw_uid, account.pw_gid)
    who = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} if drop else {}
    copy = await asyncio.create_subprocess_exec(
        sys.executable,
        str(HERE / "add_lessons.py"),
        str(home),
        str(KIT),
        stdin=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        cwd="/",
        **who,
    )
    _, error = await copy.communicate()
    if copy.returncode:
        raise RuntimeError(f"adding the lessons to {home} failed: {error.decode()[-500:]}")


c.JupyterHub.spawner_class = ClassSpawner
c.ClassSpawner.homes = _setting("HOMES", "/home/stretchkit-class")
if len(os.fsencode(c.ClassSpawner.homes)) > HOMES_MAX:
    raise SystemExit(
        f"STRETCHKIT_HUB_HOMES={c.ClassSpawner.homes!r} is too long for the kernels' socket "
        f"files (at most 107 bytes with a student's name): choose a folder of {HOMES_MAX} "
        "characters or fewer, such as /home/stretchkit-class."
    )
c.ClassSpawner.unix_user = unix_user
c.ClassSpawner.popen_kwargs = {"stdin": subprocess.DEVNULL}  # never the hub's terminal
c.Spawner.pre_spawn_hook = prepare_home
c.Spawner.cmd = [str(BIN / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab/tree/stretchkit/notebooks/00_start_here.ipynb"
# A whole class arriving at once: see the notes above.
c.Spawner.start_timeout = _whole("SPAWN_TIMEOUT", 300)
c.Spawner.http_timeout = _whole("SPAWN_TIMEOUT", 300)
kernel_idle = _whole("KERNEL_IDLE", 1200)
every = _whole("ACTIVITY_EVERY", 300)
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
            f"--timeout={_whole('CULL_AFTER', 3600)}",
            f"--cull-every={every}",
        ],
    }
]

# Stopping the hub stops every student's server. Logs are files in the homes: nothing saved
# is lost.
c.JupyterHub.cleanup_servers = True
