"""JupyterHub for a class running stretchkit on one server.

Run it as root, from the folder that should keep the hub's state (its database and cookie
secret), with the Python environment ``make hub`` builds (``/opt/stretchkit-hub``)::

    STRETCHKIT_HUB_PASSWORD='a class password' \\
        /opt/stretchkit-hub/bin/jupyterhub -f deploy/jupyterhub/jupyterhub_config.py

``make hub`` does the same, after building that environment (from the system's Python, in a
folder every account can read and none but root can change) and the proxy from npm.

What a student gets: a login page (any name, the class password), their own server opening
JupyterLab on the lessons, the app without code at ``/user/<name>/voila/render/stretchkit/app/
stretchkit.ipynb``, and their session log in their own home (``~/.local/share/stretchkit/``),
kept between logins and server restarts.

Settings, all from the environment so a service file can set them:

==================================  =======================================================
``STRETCHKIT_HUB_PASSWORD``         the class password, 8 characters or more (required)
``STRETCHKIT_HUB_ADMINS``           trainers' names, comma-separated (optional); they log
                                    in with ``STRETCHKIT_HUB_ADMIN_PASSWORD`` (32 or more)
``STRETCHKIT_HUB_ROSTER``           a text file with one student name per line: only these
                                    names may log in (optional; without it, any name)
``STRETCHKIT_HUB_HOMES``            the folder holding one home per student
                                    (default ``/home/stretchkit-class``, 30 characters
                                    at most: kernels' socket files live in the homes)
``STRETCHKIT_HUB_MEM_LIMIT``        memory (MB) each process of a student may hold: their
                                    server, and each kernel (default 2048)
``STRETCHKIT_HUB_SUBDOMAIN_HOST``   the hub's address, such as ``https://hub.example.org``,
                                    to give each student their own origin (optional)
``STRETCHKIT_HUB_MAX_SERVERS``      servers running at once, at most (default 60)
``STRETCHKIT_HUB_CULL_AFTER``       stop a student's server after this many idle seconds
                                    (default 3600)
``STRETCHKIT_HUB_KERNEL_IDLE``      shut down a kernel no page uses after this many idle
                                    seconds (default 1200)
``STRETCHKIT_HUB_SPAWN_TIMEOUT``    seconds a server may take to start (default 300)
``STRETCHKIT_HUB_ACTIVITY_EVERY``   how often, in seconds, activity is collected and idle
                                    servers looked for (default 300)
==================================  =======================================================

Ports and addresses are the hub's own options and can be given on its command line, which
overrides this file: ``--ip``, ``--port``, ``--JupyterHub.hub_port``,
``--ConfigurableHTTPProxy.api_url``. For a class, serve the hub over HTTPS
(``--ssl-key`` and ``--ssl-cert``, or a reverse proxy): the password crosses the network.

What a student can and cannot reach (the hub run as root):

- **Their own account.** At their first login the hub makes a Unix account for the student,
  ``sk-<name>`` (a normal account with a group of its own, no password, no shell, marked
  "stretchkit class" so the hub never takes over an account it did not make). Their server
  and every kernel run as it. Why accounts and not bare uids from a reserved range: the
  system's account database keeps each student's uid stable across hub restarts and a lost
  hub database, ``ps``, ``top`` and ``ls -l`` show the trainer whose process or file it is,
  and ``userdel sk-<name>`` ends it cleanly.
- **Their home, theirs alone**: ``{homes}/<name>``, mode 700. The homes' folder lets each
  account pass through to its own home, but not list the others. A student cannot read,
  change or add to another's home (their log, their lessons), nor the trainer's.
- **Their processes, theirs alone**: another account's processes cannot be signalled, and
  their environment (``/proc/<pid>/environ``, which holds the server's API token) cannot be
  read. What every account sees of the machine, as on any Linux: which processes run and
  their command lines, and world-readable system files.
- **The hand-in folder** ``{homes}/.handin`` (root's, group ``sk-trainers``, mode 751): each
  student has one file there, ``<name>.csv``, made by the hub, which only they can write
  (``SessionLog.hand_in()``) and only trainers can read; students cannot list the folder or
  add a file. Trainers (``STRETCHKIT_HUB_ADMINS``) get accounts in the group
  ``sk-trainers`` and the folder as ``STRETCHKIT_CLASS_DIR`` in their server, for the
  dashboard (lesson 06: ``sk.class_summary(os.environ["STRETCHKIT_CLASS_DIR"])``).
- **Memory**: each process of a student may hold ``STRETCHKIT_HUB_MEM_LIMIT`` MB of data
  (``RLIMIT_DATA``: heap and private memory; the machine has no systemd and no delegated
  cgroup memory controller, so the limit is per process, not per student). Past it, the
  student's code gets ``MemoryError`` in their notebook, and the kernel lives on.
- **Nothing but the hub runs as root**: the proxy and the idle culler drop to ``nobody``
  (``setpriv``), the lessons are copied into a home as its student, and the servers' Python
  environment is root's and only readable by the students.
- **Their own origin** with ``STRETCHKIT_HUB_SUBDOMAIN_HOST``: JupyterHub's advice when users
  are not trusted. Each student's pages come from ``https://<name>.hub.example.org``, so a page
  one student wrote cannot script another's. It needs a wildcard DNS record
  (``*.hub.example.org`` to the hub) and a TLS certificate for ``hub.example.org`` and
  ``*.hub.example.org`` (a wildcard certificate needs a DNS challenge with Let's Encrypt).

Run without root (a workshop on a trainer's laptop), the hub cannot make accounts: every
server runs as the hub's own account, students are not kept apart from each other or from
the hub's files, and trainers (admins) are refused.

Why these choices:

- The shared password suits a workshop, where students arrive without accounts. Anyone who
  has it can log in under any name, so it protects the hub from outsiders: a student who
  knows another's name can log in as them. A school should use its own accounts instead: an
  OAuth authenticator (``oauthenticator``: Google, Microsoft Entra ID, GitHub, GitLab,
  generic OIDC) or LDAP (``ldapauthenticator``), or Zero to JupyterHub (``z2jh-values.yaml``).
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
import grp
import os
import pwd
import random
import resource
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
PYTHON = Path(sys.executable)  # the hub's; the servers and add_lessons.py run it too
BIN = PYTHON.parent
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


#: A student's account is this prefix and their name, so no name can be a system account's.
ACCOUNT_PREFIX = "sk-"
#: The group of the trainers' accounts: it may read the hand-in folder, nothing else.
TRAINERS_GROUP = "sk-trainers"
#: Written in each account the hub makes, so it never takes over an account it did not make.
ACCOUNT_MARK = "stretchkit class"
SEPARATE = os.getuid() == 0  # only root can give each student an account of their own


def account_name(name):
    """The Unix account of the student (or trainer) ``name``."""
    return ACCOUNT_PREFIX + name


def own_account(name):
    """The account ``name`` runs as: their own (made by :func:`make_account`) when the hub
    runs as root, else the hub's own, shared by everyone (a workshop on a laptop)."""
    if not SEPARATE:
        return pwd.getpwuid(os.getuid())
    try:
        account = pwd.getpwnam(account_name(name))
    except KeyError:
        raise RuntimeError(
            f"{name} has no account yet ({account_name(name)}): the hub makes it before the "
            "server starts"
        ) from None
    if not account.pw_gecos.startswith(ACCOUNT_MARK) or account.pw_uid < 1000:
        raise RuntimeError(
            f"the account {account.pw_name} was not made by this hub (its comment is "
            f"{account.pw_gecos!r}, its uid {account.pw_uid}): the hub will not run a student's "
            "server as it. Rename that account, or have the student log in under another name."
        )
    return account


_accounts_lock = asyncio.Lock()  # useradd locks /etc/passwd: one at a time


async def _run(*cmd):
    """Run ``cmd``; raise with its error output if it fails."""
    proc = await asyncio.create_subprocess_exec(
        *cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, error = await proc.communicate()
    if proc.returncode:
        raise RuntimeError(f"{' '.join(cmd)} failed: {error.decode(errors='replace')[-300:]}")


async def make_account(name, home, *, trainer=False):
    """Make the account of ``name`` if it has none (a normal account with a group of its own,
    no password and no shell: it only runs the student's server), and put a trainer in
    :data:`TRAINERS_GROUP`. Returns the account."""
    async with _accounts_lock:
        try:
            group = grp.getgrnam(TRAINERS_GROUP)
        except KeyError:
            await _run("groupadd", "--system", TRAINERS_GROUP)
            group = grp.getgrnam(TRAINERS_GROUP)
        try:
            pwd.getpwnam(account_name(name))
        except KeyError:
            await _run(
                "useradd",
                "--no-create-home",
                f"--home-dir={home}",
                "--shell=/usr/sbin/nologin",
                "--user-group",
                f"--comment={ACCOUNT_MARK} {name}",
                account_name(name),
            )
        account = own_account(name)
        if trainer and account.pw_name not in group.gr_mem:
            await _run("usermod", "--append", f"--groups={TRAINERS_GROUP}", account.pw_name)
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
admins = {name.strip().lower() for name in _setting("ADMINS", "").split(",") if name.strip()}
if admins:
    if not SEPARATE:
        raise SystemExit(
            "STRETCHKIT_HUB_ADMINS is set, but the hub does not run as root, so the students' "
            "servers would run as the hub's own account and could read the admin password from "
            "the hub's environment: start the hub as root (each student then gets an account "
            "of their own), or leave the admins out."
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
proxy_command = [str(proxy)] if proxy.exists() else ["configurable-http-proxy"]
# (configurable-http-proxy from PATH when not installed here: npm install -g.)
#: Nothing but the hub runs as root: the helpers it starts (the proxy, the idle culler) drop
#: to ``nobody`` through setpriv (util-linux), as each student's server drops to its own.
AS_NOBODY = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
if SEPARATE:
    c.ConfigurableHTTPProxy.command = [*AS_NOBODY, *proxy_command]
else:
    c.ConfigurableHTTPProxy.command = proxy_command

# --- One origin per student (JupyterHub.subdomain_host) ------------------------------------
# With a domain for the hub and a wildcard under it (*.hub.example.org in DNS, and a TLS
# certificate for it), each student's pages come from their own origin
# (https://<name>.hub.example.org), so a page of one student cannot script another's:
# JupyterHub's own advice when users are not trusted. See the README.
subdomain_host = _setting("SUBDOMAIN_HOST", "")
if subdomain_host:
    if not subdomain_host.startswith(("https://", "http://")):
        raise SystemExit(
            f"STRETCHKIT_HUB_SUBDOMAIN_HOST={subdomain_host!r}: give the hub's address with "
            "its scheme, such as https://hub.example.org (students then get "
            "https://<name>.hub.example.org)."
        )
    c.JupyterHub.subdomain_host = subdomain_host


# --- Each student's server ------------------------------------------------------------------
#: The header of an exchange CSV with no session yet: what a hand-in file holds until the
#: student hands in (the trainer's dashboard lists them with 0 sessions).
HANDIN_HEADER = (
    "session_id,started_at,stretch_id,side,seconds,discomfort,sharp_pain,notes,warmed_up,"
    "session_notes\n"
)


class ClassSpawner(LocalProcessSpawner):
    """A student's server in their own home, run under their own account.

    Students need no account of their own beforehand: as root, the hub makes one for each at
    their first login (``sk-<name>``, see :func:`make_account`), with the home
    ``{homes}/{name}`` (theirs alone, mode 700) holding a copy of the lessons and the app in
    ``~/stretchkit/``. Files a student already has are never overwritten. Their server and
    every kernel run as that account, limited to :attr:`mem_limit_mb` of memory a process.
    """

    homes = Unicode("/home/stretchkit-class", config=True, help="Folder of students' homes.")
    handin = Unicode(config=True, help="The hand-in folder: {homes}/.handin by default.")
    mem_limit_mb = Integer(0, config=True, help="Memory per process (MB), 0 for no limit.")
    lessons = Unicode(config=True, help="Folder with notebooks/ and app/ to copy into homes.")
    home_dir = Unicode(help="This student's home: {homes}/{name}.")

    @default("home_dir")
    def _default_home_dir(self):
        return str(Path(self.homes) / self.user.name)

    @default("handin")
    def _default_handin(self):
        return str(Path(self.homes) / ".handin")

    @default("lessons")
    def _default_lessons(self):
        installed = Path(sys.prefix) / "share" / "stretchkit"  # scripts/build_hub_env.sh
        return str(installed if (installed / "notebooks").is_dir() else KIT)

    @property
    def trainer(self):
        return bool(self.user.admin)

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
        return own_account(self.user.name)

    def get_args(self):
        args = super().get_args()
        # Kernels talk to their server over socket files in the home, one set per kernel
        # (named after its connection file), not over TCP ports: with a class starting
        # kernels at once, a port picked as free was taken by another connection before the
        # kernel bound it (2 of 30 kernels, which then failed all 5 restarts).
        # The sockets sit next to the connection files, in the runtime folder: see user_env.
        args.append("--KernelManager.transport=ipc")
        return args

    def make_preexec_fn(self, name):
        account = self.account()
        home = self.home_dir
        drop = account.pw_uid != os.getuid()
        groups = [grp.getgrnam(TRAINERS_GROUP).gr_gid] if drop and self.trainer else []
        limit = self.mem_limit_mb * 2**20

        def preexec():
            if limit:  # data (heap and private maps) of each process: kernels inherit it
                resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))
            if drop:
                os.setgroups(groups)
                os.setgid(account.pw_gid)
                os.setuid(account.pw_uid)
            os.umask(0o077)  # a student's files are theirs
            os.chdir(home)

        return preexec

    def user_env(self, env):
        env["USER"] = self.account().pw_name if SEPARATE else self.user.name
        env["HOME"] = self.home_dir
        env["SHELL"] = "/bin/bash"
        # A short runtime folder: a socket file's path has at most 107 bytes.
        env["JUPYTER_RUNTIME_DIR"] = f"{self.home_dir}/.ipc"
        if SEPARATE and self.trainer:  # the trainers' dashboard reads the hand-ins
            env["STRETCHKIT_CLASS_DIR"] = self.handin
        elif SEPARATE:  # SessionLog.hand_in() writes here
            env["STRETCHKIT_HANDIN"] = str(Path(self.handin) / f"{self.user.name}.csv")
        return env

    def move_certs(self, paths):
        return paths


def _adopt(home, account):
    """Give ``home`` and all in it to ``account`` (a home kept from an earlier hub, where every
    server ran as one account), never following a link out of it."""
    for folder, dirs, files in os.walk(home, followlinks=False):
        for entry in [folder, *(os.path.join(folder, n) for n in dirs + files)]:
            os.chown(entry, account.pw_uid, account.pw_gid, follow_symlinks=False)


def _handin_file(spawner, account):
    """The hand-in folder (root's, the trainers' group may read it, students may only pass
    through) and this student's file in it, which only they may write."""
    folder = Path(spawner.handin)
    trainers = grp.getgrnam(TRAINERS_GROUP).gr_gid
    folder.mkdir(mode=0o751, exist_ok=True)
    if folder.is_symlink() or not folder.is_dir():
        raise RuntimeError(f"{folder} is not a folder: move it away for the hand-in folder")
    os.chown(folder, 0, trainers)
    folder.chmod(0o751)  # students pass through to their own file, and cannot list or add
    path = folder / f"{spawner.user.name}.csv"
    if not path.exists() and not path.is_symlink():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o640)
        with os.fdopen(fd, "w") as out:
            out.write(HANDIN_HEADER)
    stat = path.lstat()
    if not path.is_file() or path.is_symlink():
        raise RuntimeError(f"{path} is not a plain file: move it away")
    if (stat.st_uid, stat.st_gid) != (account.pw_uid, trainers):
        os.chown(path, account.pw_uid, trainers, follow_symlinks=False)
    path.chmod(0o640)


async def prepare_home(spawner):
    """Make the student's account and home, and add the lessons they do not have yet.

    As root the hub makes the account, the home folder itself and the hand-in file; the
    lessons are copied by ``add_lessons.py`` running as the student, so nothing a student puts
    in their home can lead the hub to write elsewhere.
    """
    home = Path(spawner.home_dir)
    if SEPARATE:
        account = await make_account(spawner.user.name, home, trainer=spawner.trainer)
    else:
        account = spawner.account()
    drop = account.pw_uid != os.getuid()
    if not home.parent.exists():
        home.parent.mkdir(parents=True)
    # Each account passes through to its own home; none may list the others'.
    home.parent.chmod(0o711 if SEPARATE else 0o755)
    if home.is_symlink() or (home.exists() and not home.is_dir()):
        raise RuntimeError(f"{home} is not a folder: move it away so the hub can make the home")
    if not home.exists():
        home.mkdir(mode=0o700)
    if drop and home.stat().st_uid != account.pw_uid:
        _adopt(home, account)
    home.chmod(0o700)
    if SEPARATE and not spawner.trainer:
        _handin_file(spawner, account)
    who = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} if drop else {}
    copy = await asyncio.create_subprocess_exec(
        str(PYTHON),
        str(HERE / "add_lessons.py"),
        str(home),
        spawner.lessons,
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
c.ClassSpawner.mem_limit_mb = _whole("MEM_LIMIT", 2048, unit="MB")
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
            *(AS_NOBODY if SEPARATE else []),
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
