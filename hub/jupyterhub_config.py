"""JupyterHub configuration of the course's class: `make hub` (autograder/classroom.py) starts it.

Everything a lecturer may want to change is here; the paths and ports come from the class's
state file (.hub/class.json, written by `make hub`). What runs:

* JupyterHub behind configurable-http-proxy (installed by the Makefile into .hub/proxy, from npm);
* for each user a single-user JupyterLab server, started as that user's own system account
  (LocalProcessSpawner), with the course's environment (.venv) and nbgrader's Assignments tab
  (hub/student: no formgrader, the exchange in .hub/exchange);
* the course service, `dl-foundations`: one shared JupyterLab server running as the grader account
  in this repository, the course directory, with formgrader (hub/grader). Every grader reaches it
  through the hub and all see one gradebook; students have no scope for it;
* jupyterhub-idle-culler, which stops single-user servers idle for an hour.

To use your university's accounts, replace the demo authenticator below, e.g.
`c.JupyterHub.authenticator_class = "pam"` (the machine's accounts) or an OAuthenticator / LTI
authenticator, and list your students and graders in the groups below (see README, "Running a class").
"""

import json
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 (provided by JupyterHub when it loads this file)

state = Path(os.environ["COURSE_HUB_STATE"])
settings = json.loads((state / "class.json").read_text())
root = Path(settings["root"])  # this repository: the course directory
bin_dir = Path(sys.executable).parent  # the course's environment (.venv/bin)
COURSE = settings["course_id"]
GRADER = settings["grader_account"]

# -- where the hub listens; its own files --------------------------------------------------------
c.JupyterHub.bind_url = f"http://{settings['ip']}:{settings['port']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{settings['hub_port']}"
c.ConfigurableHTTPProxy.command = [settings["proxy"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{settings['proxy_api_port']}"
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
c.JupyterHub.cookie_secret_file = str(state / "cookie_secret")
c.JupyterHub.pid_file = str(state / "jupyterhub.pid")
c.JupyterHub.cleanup_servers = True  # Ctrl+C or make hub-stop stops every user's server too
c.JupyterHub.cleanup_proxy = True

# -- who may log in: the demo class (replace for a real class) ------------------------------------
c.JupyterHub.authenticator_class = "autograder.classroom.DemoAuthenticator"
c.DemoAuthenticator.password_file = str(state / "passwords.json")
graders, students = settings["graders"], settings["students"]
c.Authenticator.allowed_users = set(graders + students)

# -- roles: graders reach the course service (formgrader, the gradebook); students do not --------
c.JupyterHub.load_groups = {
    f"formgrade-{COURSE}": {"users": graders},  # the name nbgrader's course list looks for
    f"nbgrader-{COURSE}": {"users": students},
}
c.JupyterHub.load_roles = [
    {
        "name": f"formgrade-{COURSE}",
        "groups": [f"formgrade-{COURSE}"],
        "scopes": [f"access:services!service={COURSE}", "list:services", f"read:services!service={COURSE}"],
    },
    {
        "name": "idle-culler",
        "services": ["idle-culler"],
        "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
    },
    {"name": "server", "scopes": ["inherit"]},  # the course list asks the hub what a user may reach
]

# -- single-user servers: each user's own account, the course's environment -----------------------
c.JupyterHub.spawner_class = "localprocess"
c.Spawner.cmd = [str(bin_dir / "jupyterhub-singleuser")]
c.Spawner.default_url = "/lab"
c.Spawner.notebook_dir = "~"
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 120
c.Spawner.environment = {
    "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
    "JUPYTER_CONFIG_PATH": str(root / "hub" / "student"),
    "COURSE_EXCHANGE": settings["exchange"],
}

# -- the course service: formgrader in the course directory, as the grader account ---------------
grader_home = settings["grader_home"]
c.JupyterHub.services = [
    {
        "name": COURSE,
        "display": True,
        "url": f"http://127.0.0.1:{settings['course_port']}",
        "command": [str(bin_dir / "jupyterhub-singleuser")],
        "user": GRADER,
        "cwd": str(root),
        "oauth_no_confirm": True,
        "environment": {
            "HOME": grader_home,
            "PATH": f"{bin_dir}:/usr/local/bin:/usr/bin:/bin",
            "JUPYTER_CONFIG_PATH": str(root / "hub" / "grader"),
            "JUPYTERHUB_DEFAULT_URL": "/lab/tree",
            "COURSE_EXCHANGE": settings["exchange"],
            "COURSE_WORK_DIR": settings["work"],  # read by the repository's nbgrader_config.py
            "COURSE_RELEASE_DIR": settings["release"],
            "COURSE_EDITION": settings.get("edition", "en"),  # formgrader's Generate writes this edition
        },
    },
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={settings['idle_timeout']}"],
    },
]
