"""nbgrader in the course service (the grader account): the exchange. The course itself is
configured by the repository's nbgrader_config.py, read from the service's folder, the repository."""

import os

c = get_config()  # noqa: F821
c.Exchange.root = os.environ["COURSE_EXCHANGE"]
