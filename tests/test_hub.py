"""The class hub in deploy/jupyterhub: its configuration, and a real JupyterHub on 127.0.0.1
with the proxy from npm, used by students over HTTP and in Chromium."""

from __future__ import annotations

import asyncio
import importlib.util
import io
import os
import pwd
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from types import SimpleNamespace

import pytest
import requests
import yaml
from playwright.sync_api import Page, expect
from traitlets.config import Config

from tests.conftest import ROOT

HUB = ROOT / "deploy" / "jupyterhub"
CONFIG = HUB / "jupyterhub_config.py"
FIRST_KERNEL = 90_000  # ms


def _load_classtest():
    spec = importlib.util.spec_from_file_location("classtest", HUB / "classtest.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules["classtest"] = module
    spec.loader.exec_module(module)
    return module


classtest = _load_classtest()


@pytest.fixture
def hub_env(monkeypatch):
    """A clean set of STRETCHKIT_HUB_* settings, with the class password and a safe account."""
    for name in list(os.environ):
        if name.startswith("STRETCHKIT_HUB_") and name != "STRETCHKIT_HUB_ENV":  # (the test's)
            monkeypatch.delenv(name)
    monkeypatch.setenv("STRETCHKIT_HUB_PASSWORD", classtest.PASSWORD)
    return monkeypatch


def run_async(coroutine):
    """Run a coroutine to its end, even where a test tool already runs an event loop here."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def load_config() -> tuple[Config, dict]:
    """Run the configuration file as JupyterHub does; return its config and its names."""
    config = Config()
    names = {"get_config": lambda: config, "__file__": str(CONFIG), "__name__": "hub_config"}
    exec(compile(CONFIG.read_text(), str(CONFIG), "exec"), names)
    return config, names


# --- The configuration ---------------------------------------------------------------------
def test_the_configuration_makes_the_class_choices(hub_env):
    c, _ = load_config()
    assert c.JupyterHub.authenticator_class == "shared-password"
    assert c.SharedPasswordAuthenticator.user_password == classtest.PASSWORD
    assert c.Authenticator.allow_all is True
    assert c.JupyterHub.active_server_limit == 60
    pattern = re.compile(c.Authenticator.username_pattern)
    assert pattern.match("student-01") and pattern.match("a" * 20)
    assert not pattern.match("a" * 21) and not pattern.match("Ana") and not pattern.match("../x")
    assert c.Spawner.start_timeout == 300 and c.Spawner.http_timeout == 300
    assert c.Spawner.default_url == "/lab/tree/stretchkit/notebooks/00_start_here.ipynb"
    assert "--MappingKernelManager.cull_idle_timeout=1200" in c.Spawner.args
    assert "--ServerApp.terminals_enabled=False" in c.Spawner.args
    (culler,) = c.JupyterHub.services
    command = culler["command"]
    assert command[command.index("-m") :][:2] == ["-m", "jupyterhub_idle_culler"]
    assert "--timeout=3600" in culler["command"]
    (role,) = c.JupyterHub.load_roles
    assert role["services"] == ["idle-culler"] and "delete:servers" in role["scopes"]
    assert c.ConfigurableHTTPProxy.command[-1] == str(classtest.PROXY)
    assert classtest.PROXY.exists(), "make test installs the proxy from npm first"
    assert c.ClassSpawner.mem_limit_mb == 2048
    if os.getuid() == 0:  # nothing but the hub runs as root: its helpers drop to nobody
        drop = ["setpriv", "--reuid=nobody", "--regid=nogroup", "--clear-groups", "--"]
        assert c.ConfigurableHTTPProxy.command[:5] == drop and command[:5] == drop


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("PASSWORD", "", "Set STRETCHKIT_HUB_PASSWORD to the class password"),
        ("PASSWORD", "short", "8 characters or more"),
        ("CULL_AFTER", "1h", "STRETCHKIT_HUB_CULL_AFTER='1h': give a whole number of seconds"),
        ("SPAWN_TIMEOUT", "0", "STRETCHKIT_HUB_SPAWN_TIMEOUT='0'"),
        ("MEM_LIMIT", "2GB", "STRETCHKIT_HUB_MEM_LIMIT='2GB': give a whole number of MB"),
        ("SUBDOMAIN_HOST", "hub.example.org", "with its scheme, such as https://hub.example"),
        ("ROSTER", "/no/such/roster.txt", "STRETCHKIT_HUB_ROSTER='/no/such/roster.txt'"),
        ("HOMES", "/srv/" + "x" * 30, "too long for the kernels' socket files"),
        ("MAX_SERVERS", "lots", "give a whole number of servers, such as 60"),
    ],
)
def test_a_bad_setting_stops_the_hub_with_what_to_do(hub_env, setting, value, message):
    hub_env.setenv(f"STRETCHKIT_HUB_{setting}", value)
    with pytest.raises(SystemExit, match=re.escape(message)):
        load_config()


def test_subdomains_give_each_student_an_origin_of_their_own(hub_env):
    hub_env.setenv("STRETCHKIT_HUB_SUBDOMAIN_HOST", "https://hub.example.org")
    c, _ = load_config()
    assert c.JupyterHub.subdomain_host == "https://hub.example.org"


def test_a_roster_limits_who_may_log_in(hub_env, tmp_path):
    roster = tmp_path / "roster.txt"
    roster.write_text("Ana\nbo\n\n  cy  \n")
    hub_env.setenv("STRETCHKIT_HUB_ROSTER", str(roster))
    c, _ = load_config()
    assert c.Authenticator.allowed_users == {"ana", "bo", "cy"}
    assert "allow_all" not in c.Authenticator


@pytest.mark.skipif(os.getuid() != 0, reason="admins need servers run as another account")
def test_trainers_log_in_with_their_own_password(hub_env):
    hub_env.setenv("STRETCHKIT_HUB_ADMINS", "Trainer, helper")
    with pytest.raises(SystemExit, match="STRETCHKIT_HUB_ADMIN_PASSWORD, 32 characters or more"):
        load_config()
    hub_env.setenv("STRETCHKIT_HUB_ADMIN_PASSWORD", "t" * 32)
    c, _ = load_config()
    assert c.SharedPasswordAuthenticator.admin_users == {"trainer", "helper"}
    assert c.SharedPasswordAuthenticator.admin_password == "t" * 32


def test_no_admins_while_students_run_as_the_hubs_own_account(hub_env):
    """Not root, the hub runs every server as its own account: their code could read the
    admin password from the hub's environment."""
    hub_env.setenv("STRETCHKIT_HUB_ADMINS", "trainer")
    hub_env.setenv("STRETCHKIT_HUB_ADMIN_PASSWORD", "t" * 32)
    _, names = load_config_as(separate=False, expect_exit="could read the admin password")
    assert names is None


def load_config_as(*, separate: bool, expect_exit: str = "", python: Path | None = None):
    """Run the configuration as a hub that is root (``separate``) or not, whatever this is,
    and running ``python`` (the hub's environment's) if given."""
    config = Config()
    code = CONFIG.read_text().replace("SEPARATE = os.getuid() == 0", f"SEPARATE = {separate!r}", 1)
    assert f"SEPARATE = {separate!r}" in code
    if python:
        code = code.replace("PYTHON = Path(sys.executable)", f"PYTHON = Path({str(python)!r})", 1)
    names = {"get_config": lambda: config, "__file__": str(CONFIG), "__name__": "hub_config"}
    if expect_exit:
        with pytest.raises(SystemExit, match=expect_exit):
            exec(compile(code, str(CONFIG), "exec"), names)
        return config, None
    exec(compile(code, str(CONFIG), "exec"), names)
    return config, names


def shared_spawner(names, home: Path):
    """A stand-in for the spawner of a hub that is not root (one account for all)."""
    me = pwd.getpwuid(os.getuid())
    return SimpleNamespace(
        home_dir=str(home),
        account=lambda: me,
        user=SimpleNamespace(name=home.name, admin=False),
        trainer=False,
        lessons=str(ROOT),
        handin=str(home.parent / ".handin"),
    )


def test_a_home_gets_the_lessons_it_lacks_and_keeps_a_students_edits(hub_env, tmp_path):
    _, names = load_config_as(separate=False)
    spawner = shared_spawner(names, tmp_path / "homes" / "ana")
    run_async(names["prepare_home"](spawner))
    kit = Path(spawner.home_dir) / "stretchkit"
    lessons = sorted(p.name for p in (kit / "notebooks").glob("*.ipynb"))
    assert lessons == sorted(p.name for p in (ROOT / "notebooks").glob("*.ipynb"))
    assert len(lessons) == 7
    assert (kit / "app" / "stretchkit.ipynb").read_bytes() == (
        ROOT / "app" / "stretchkit.ipynb"
    ).read_bytes()
    assert oct(Path(spawner.home_dir).stat().st_mode & 0o777) == "0o700"

    edited = kit / "notebooks" / "04_progress.ipynb"
    edited.write_text("my own version")
    (kit / "notebooks" / "05_quiz.ipynb").unlink()
    run_async(names["prepare_home"](spawner))
    assert edited.read_text() == "my own version"
    assert (kit / "notebooks" / "05_quiz.ipynb").exists()
    assert (Path(spawner.home_dir) / ".ipc").is_dir()  # the kernels' socket files


def test_a_home_that_is_a_link_is_refused(hub_env, tmp_path):
    """A home the hub would follow elsewhere is not used."""
    _, names = load_config_as(separate=False)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (tmp_path / "homes").mkdir()
    (tmp_path / "homes" / "ana").symlink_to(elsewhere)
    spawner = shared_spawner(names, tmp_path / "homes" / "ana")
    with pytest.raises(RuntimeError, match="is not a folder: move it away"):
        run_async(names["prepare_home"](spawner))
    assert list(elsewhere.iterdir()) == []


@pytest.mark.skipif(os.getuid() != 0, reason="only root makes accounts")
def test_as_root_each_student_gets_an_account_a_private_home_and_a_hand_in_file(hub_env, short_tmp):
    """The hub's side of a student's first login, with real accounts (removed afterwards)."""
    import grp

    python = classtest.hub_env() / "bin" / "python"
    if not classtest.others_can_run(python):
        pytest.skip(f"{python} is out of other accounts' reach: make test builds the hub's own")
    before = classtest.accounts_now()
    short_tmp.chmod(0o755)  # the students' accounts pass through to their homes
    homes = short_tmp / "homes"
    hub_env.setenv("STRETCHKIT_HUB_HOMES", str(homes))
    _, names = load_config_as(separate=True, python=python)
    spawner = names["ClassSpawner"]
    try:
        made = {}
        for name, admin in (("zz-ana", False), ("zz-bo", False), ("zz-trainer", True)):
            stand_in = SimpleNamespace(
                user=SimpleNamespace(name=name, admin=admin),
                trainer=admin,
                home_dir=str(homes / name),
                handin=str(homes / ".handin"),
                lessons=str(ROOT),
            )
            stand_in.account = lambda n=name: names["own_account"](n)
            run_async(names["prepare_home"](stand_in))
            made[name] = pwd.getpwnam(f"sk-{name}")
        ana = made["zz-ana"]
        assert (
            len({a.pw_uid for a in made.values()}) == 3
            and min(a.pw_uid for a in made.values()) >= 1000
        )
        assert ana.pw_gecos.startswith("stretchkit class") and ana.pw_shell == "/usr/sbin/nologin"
        for name, account in made.items():
            home = (homes / name).stat()
            assert (home.st_uid, oct(home.st_mode & 0o777)) == (account.pw_uid, "0o700")
            lesson = (homes / name / "stretchkit" / "notebooks" / "04_progress.ipynb").stat()
            assert lesson.st_uid == account.pw_uid  # copied as the student, not as root
        assert oct(homes.stat().st_mode & 0o777) == "0o711"  # no listing of the homes
        trainers = grp.getgrnam("sk-trainers")
        assert trainers.gr_mem == ["sk-zz-trainer"]
        folder = (homes / ".handin").stat()
        assert (folder.st_uid, folder.st_gid, oct(folder.st_mode & 0o777)) == (
            0,
            trainers.gr_gid,
            "0o751",
        )
        handin = homes / ".handin" / "zz-ana.csv"
        got = handin.stat()
        assert (got.st_uid, got.st_gid, oct(got.st_mode & 0o777)) == (
            ana.pw_uid,
            trainers.gr_gid,
            "0o640",
        )
        assert handin.read_text().startswith("session_id,started_at,")
        assert not (homes / ".handin" / "zz-trainer.csv").exists()  # trainers hand nothing in
        # The servers' environment: a student's own, a trainer's with the class's hand-ins.
        env = spawner.user_env(
            SimpleNamespace(
                user=SimpleNamespace(name="zz-ana", admin=False),
                trainer=False,
                home_dir=str(homes / "zz-ana"),
                handin=str(homes / ".handin"),
                account=lambda: ana,
            ),
            {},
        )
        assert env["USER"] == "sk-zz-ana" and env["STRETCHKIT_HANDIN"] == str(handin)
        # An account of that name the hub did not make is never used for a student.
        with pytest.raises(RuntimeError, match="zz-none has no account yet"):
            names["own_account"]("zz-none")
        subprocess.run(["useradd", "--no-create-home", "sk-zz-other"], check=True)
        with pytest.raises(RuntimeError, match="sk-zz-other was not made by this hub"):
            names["own_account"]("zz-other")
    finally:
        removed = classtest.remove_accounts(before)
    assert {"sk-zz-ana", "sk-zz-bo", "sk-zz-trainer"} <= set(removed)
    assert classtest.accounts_now() == before


def test_servers_listen_below_the_ports_the_system_hands_out(hub_env):
    """A randomly chosen free port can be taken by a kernel before the server binds it."""
    _, names = load_config()
    low, high = names["ClassSpawner"].class_traits()["ports"].default()
    ephemeral = Path("/proc/sys/net/ipv4/ip_local_port_range")
    if ephemeral.exists():
        assert high <= int(ephemeral.read_text().split()[0])
    assert 1024 < low < high


def test_the_helm_values_make_the_same_choices(hub_env):
    c, _ = load_config()
    values = yaml.safe_load((HUB / "z2jh-values.yaml").read_text())
    hub, single = values["hub"]["config"], values["singleuser"]
    assert hub["JupyterHub"]["authenticator_class"] == c.JupyterHub.authenticator_class
    assert hub["Authenticator"]["username_pattern"] == c.Authenticator.username_pattern
    assert hub["KubeSpawner"]["http_timeout"] == c.Spawner.http_timeout
    assert single["startTimeout"] == c.Spawner.start_timeout
    assert single["defaultUrl"] == c.Spawner.default_url
    server = single["extraFiles"]["class-server"]["data"]
    assert server["ServerApp"]["terminals_enabled"] is False
    kernel_idle = server["MappingKernelManager"]["cull_idle_timeout"]
    assert f"--MappingKernelManager.cull_idle_timeout={kernel_idle}" in c.Spawner.args
    (culler,) = c.JupyterHub.services
    assert values["cull"]["enabled"] is True
    assert f"--timeout={values['cull']['timeout']}" in culler["command"]
    pull = " ".join(single["lifecycleHooks"]["postStart"]["exec"]["command"])
    assert "gitpuller https://github.com/stretchkit/stretchkit" in pull
    assert pull.endswith("|| true"), "a failed pull must not stop the server"
    assert hub["JupyterHub"]["active_server_limit"] == c.JupyterHub.active_server_limit
    assert single["storage"]["type"] == "dynamic"  # a home volume per student


def test_the_readme_documents_the_deployment():
    readme = (ROOT / "README.md").read_text()
    for needed in (
        "deploy/jupyterhub/jupyterhub_config.py",
        "z2jh-values.yaml",
        "make classtest",
        "STRETCHKIT_HUB_PASSWORD",
        "/voila/render/stretchkit/app/stretchkit.ipynb",
        "git-pull?repo=",
    ):
        assert needed in readme, needed


# --- A real hub -----------------------------------------------------------------------------
@pytest.fixture
def short_tmp():
    """A scratch folder with a short path: kernels' socket files live under the homes."""
    folder = Path(tempfile.mkdtemp(prefix="skhub-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_class_of_three_arrives_works_and_comes_back(short_tmp):
    """`make test`'s small class: every check of the load test, with its report."""
    out = io.StringIO()
    summary = classtest.classtest(3, workdir=short_tmp, out=out)
    report = out.getvalue()
    assert [run["failed"] for run in summary["runs"]] == [[], []], report
    assert summary["logs_wrong"] == {}, report
    assert summary["held"] is True
    assert summary["outlived"] == [], "everything stopped with the hub"
    for run in summary["runs"]:
        assert run["ready_max_s"] > 0 and run["work_max_s"] > 0
        assert run["peak"] > run["hub_baseline"] > 0
        assert run["server_max"] > 0
    visits = re.findall(r"^student-0[123] +[12] +[\d.]+ +[\d.]+ +\d+ +\d+  none$", report, re.M)
    assert len(visits) == 6, report
    assert "a class of 3: held, with zero failures" in report
    # The logs, read from disk by this process, hold each student's own two sessions.
    logs = classtest.read_logs(short_tmp / "homes", ["student-01", "student-02", "student-03"])
    assert logs["student-02"] == ["student-02 run 1", "student-02 run 2"]


@pytest.fixture
def hub(short_tmp):
    """A hub of the class configuration; the test may add settings before starting it. The
    accounts it makes are removed afterwards."""
    before = classtest.accounts_now()
    started = classtest.Hub(state=short_tmp / "hub", homes=short_tmp / "homes")
    yield started
    seen = {}
    if started.process is not None:
        sampler = classtest.MemorySampler(started.process.pid)
        sampler.measure()
        seen = sampler.seen
    started.stop()
    assert classtest.stop_pids(seen) == []
    if os.getuid() == 0:
        classtest.remove_accounts(before)


def test_wrong_passwords_and_names_are_refused(hub):
    hub.start()
    for name, password in [
        ("ana", "not-the-password"),
        ("ana", ""),
        ("Ana/../../etc", classtest.PASSWORD),
        ("a" * 40, classtest.PASSWORD),
    ]:
        with pytest.raises(RuntimeError, match="login refused: HTTP 403"):
            classtest.log_in(requests.Session(), hub.url, name, password)
    classtest.log_in(requests.Session(), hub.url, "ana", classtest.PASSWORD)
    assert not hub.homes.exists() or not any(hub.homes.iterdir()), "no server was started"


def test_idle_servers_are_stopped_and_their_logs_kept(hub):
    hub.env.update(
        STRETCHKIT_HUB_CULL_AFTER="8",
        STRETCHKIT_HUB_ACTIVITY_EVERY="2",
        STRETCHKIT_HUB_KERNEL_IDLE="30",
    )
    hub.start()
    started = threading.Event()
    started.set()
    expected = classtest.expected_tables_and_plans()
    visit = classtest.visit(hub, 1, 1, expected=expected, start=started, timeout=300)
    assert visit.failures == []
    assert list(classtest.server_memory(hub.process.pid)) == ["student-01"]
    culled = re.compile(r"Culling server student-01 \(inactive for")
    deleted = re.compile(r"DELETE /hub/api/users/student-01/server.*\(idle-culler@")
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        log = hub.log_path.read_text()
        if culled.search(log) and deleted.search(log):
            break
        time.sleep(1)
    assert culled.search(log) and deleted.search(log), hub.log_tail()
    assert classtest.server_memory(hub.process.pid) == {}, "the server process has ended"
    logs = classtest.read_logs(hub.homes, ["student-01"])
    assert logs == {"student-01": ["student-01 run 1"]}, "the log outlives its server"


@pytest.mark.browser
def test_a_student_logs_in_and_gets_the_lessons_and_the_app(hub, page: Page):
    """In Chromium: the login form, JupyterLab open on the first lesson, and the Voila app at
    /user/<name>/voila/render/..., none of them asking anything of a host but this one."""
    from tests.test_offline import Recorder

    hub.start()
    seen = Recorder(page)
    page.goto(f"{hub.url}/hub/login")
    page.get_by_label("Username").fill("cy")
    page.get_by_label("Password").fill(classtest.PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(
        re.compile(r"/user/cy/lab/tree/stretchkit/notebooks/00_start_here"), timeout=FIRST_KERNEL
    )
    heading = page.get_by_role("heading", name=re.compile("^Start here: stretching the lower"))
    expect(heading).to_be_visible(timeout=FIRST_KERNEL)
    page.wait_for_timeout(1500)  # JupyterLab would ask about news once restored: it does not
    expect(page.get_by_text(re.compile("Jupyter news"))).to_have_count(0)
    page.goto(f"{hub.url}/user/cy/voila/render/stretchkit/app/stretchkit.ipynb")
    expect(page.locator(".sk-app-welcome h1")).to_have_text("stretchkit", timeout=FIRST_KERNEL)
    expect(page.locator(".sk-app .sk-safety")).to_contain_text("Sharp or radiating pain")
    # The server's Voila draws the kit's template (no CDN).
    assert "jsdelivr" not in page.content()
    assert seen.outside == [], seen.outside
    assert any("/voila/render/" in url for url in seen.urls)
