"""A single-user server on the class's hub: the Assignments tab and the course list, no formgrader.

(Formgrader is the course service's, reached by graders only; see hub/jupyterhub_config.py.)
"""

c = get_config()  # noqa: F821
c.ServerApp.jpserver_extensions = {
    "nbgrader.server_extensions.formgrader": False,
    "nbgrader.server_extensions.assignment_list": True,
    "nbgrader.server_extensions.course_list": True,
    "nbgrader.server_extensions.validate_assignment": True,
}
