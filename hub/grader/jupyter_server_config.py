"""The course service's JupyterLab (formgrader): JupyterHub 4.1 and later forbid framing by default,
and formgrader shows its pages in a frame of JupyterLab's (nbgrader issue 1870)."""

c = get_config()  # noqa: F821
c.ServerApp.tornado_settings = {"headers": {"Content-Security-Policy": "frame-ancestors 'self'"}}
c.ServerApp.jpserver_extensions = {"nbgrader.server_extensions.formgrader": True}
