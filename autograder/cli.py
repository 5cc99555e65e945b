"""Command line of the course's autograder: ``python -m autograder COMMAND``.

grade ASSIGNMENT      autograde every submission in work/submitted (in parallel: --jobs N local
                      workers, or --scheduler tcp://HOST:PORT for a Dask cluster; each kernel
                      sandboxed), with a progress bar; print the class table and write the class
                      report (work/reports/); --feedback also writes feedback HTML; --db URL
                      names the gradebook (e.g. PostgreSQL). Exit status: 0 every student
                      graded, 2 some students could not be graded (their rows say why), 1
                      nothing could be graded at all
demo [ASSIGNMENT]     build an example class and grade it end to end (make demo)
mutants NB DIR        check that every wrong solution in DIR loses points in notebook NB
isolation NB          blank each exercise of notebook NB in turn: only its own graded cells may lose points
bench                 time and measure every chapter run top to bottom (make bench)
check NB | --all      self-check: grade a learner's notebook with the full tests, no gradebook
bench-grading         serial stock nbgrader vs grade --jobs 1/2 and a Dask cluster (make bench)
hub                   a class on JupyterHub on this machine (make hub; as root)
hub-stop              stop the class's hub and every server it started (make hub-stop)
bench-hub             memory and CPU per student of a class on JupyterHub (make bench)
translate CHAPTER...  bring translations/zh/<chapter>.txt up to the English notebook; list what is
                      missing or stale (--all: every chapter)
editions              build the 中文 edition, course/zh/, from course/ and translations/ (make release)
to-text / from-text   an instructor notebook as cell-marked text, and back
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from autograder import authoring, bench, demo, editions, grading, isolation, mutants, selfcheck


def _repo_root() -> Path:
    return Path.cwd()


def _cmd_grade(args: argparse.Namespace) -> int:
    if not args.db:
        return _grade(args)
    saved = os.environ.get("NBGRADER_DB_URL")
    os.environ["NBGRADER_DB_URL"] = grading.normalize_db_url(args.db)  # nbgrader's commands read it too
    try:
        return _grade(args)
    finally:
        if saved is None:
            del os.environ["NBGRADER_DB_URL"]
        else:
            os.environ["NBGRADER_DB_URL"] = saved


def _grade(args: argparse.Namespace) -> int:
    course = grading.Course.from_root(_repo_root())
    students = args.student or course.students(args.assignment)
    if not students:
        print(f"no submissions for {args.assignment} under {course.work / 'submitted'}")
        return 1
    print(grading.sandbox_status(), flush=True)
    jobs = args.jobs or grading.default_jobs()
    where = f"the Dask cluster at {args.scheduler}" if args.scheduler else f"{jobs} local workers"
    print(f"grading {len(students)} students on {where}; gradebook {grading.db_url(course)}", flush=True)
    try:
        run = grading.grade_assignment(
            course, args.assignment, students, feedback=args.feedback, jobs=args.jobs, scheduler=args.scheduler
        )
    except grading.GradingSetupError as error:
        print(f"cannot grade: {error}")
        return 1
    print(run.summary())
    return 2 if run.ungraded else 0


def _cmd_demo(args: argparse.Namespace) -> int:
    return demo.run_demo(_repo_root(), args.assignment)


def _cmd_mutants(args: argparse.Namespace) -> int:
    found = mutants.load_mutants(Path(args.mutants))
    problems, results = mutants.run_mutants(Path(args.notebook), found)
    print(mutants.report(problems, results))
    return 0 if not problems and all(result.caught for result in results) else 1


def _cmd_isolation(args: argparse.Namespace) -> int:
    result = isolation.run_isolation(Path(args.notebook))
    print(isolation.report(result))
    return 0 if result.ok else 1


def _cmd_bench(args: argparse.Namespace) -> int:
    return bench.run_bench(_repo_root(), args.chapter)


def _cmd_check(args: argparse.Namespace) -> int:
    root = selfcheck.repository_root()
    if args.all:
        notebooks = selfcheck.course_notebooks(root, args.language)
        results = []
        for notebook in notebooks:
            print(f"checking {notebook.parent.name} ...", flush=True)
            results.append(selfcheck.check_notebook(notebook, root))
        print(selfcheck.format_progress(results))
    elif args.notebook:
        results = [selfcheck.check_notebook(Path(args.notebook), root)]
        print(selfcheck.format_chapter(results[0]))
    else:
        print("give a notebook, e.g. course/01_neuron/neuron.ipynb, or --all")
        return 2
    full = all(result.cells and result.points == result.max_points and not result.problem for result in results)
    return 0 if full else 1


def _cmd_bench_grading(args: argparse.Namespace) -> int:
    from autograder.bench_grading import run_grading_bench

    return run_grading_bench(_repo_root(), args.chapter, args.students, dask=not args.no_dask)


def _cmd_hub(args: argparse.Namespace) -> int:
    from autograder import classroom

    try:
        return classroom.serve(_repo_root(), ip=args.ip, port=args.port, edition=args.edition)
    except classroom.ClassroomError as error:
        print(f"cannot start the class: {error}")
        return 1


def _cmd_hub_stop(args: argparse.Namespace) -> int:
    from autograder import classroom

    stopped = classroom.stop(classroom.Classroom(_repo_root()))
    print(f"stopped: {', '.join(stopped)}" if stopped else "no class was running")
    return 0


def _cmd_bench_hub(args: argparse.Namespace) -> int:
    from autograder.bench_hub import run_hub_bench

    return run_hub_bench(_repo_root(), args.chapter)


def _cmd_translate(args: argparse.Namespace) -> int:
    root = _repo_root()
    names = editions.chapters(root) if args.all else args.chapters
    left = 0
    for chapter in names:
        path, problems = editions.refresh_translation(root, chapter, args.language)
        print(f"{path}: {'complete' if not problems else f'{len(problems)} to do'}")
        for problem in problems:
            print(f"  {problem}")
        left += len(problems)
    return 1 if left else 0


def _cmd_editions(args: argparse.Namespace) -> int:
    editions.write_editions(_repo_root())
    return 0


def _cmd_to_text(args: argparse.Namespace) -> int:
    notebook = Path(args.notebook)
    if args.language != "en":  # the translator's text: the chapter's translation file, brought up to date
        path, problems = editions.refresh_translation(_repo_root(), notebook.parent.name, args.language)
        print(f"wrote {path} ({len(problems)} to do); fill in its @@ zh sections, then: make release")
        return 0
    text = Path(args.text) if args.text else notebook.with_suffix(".txt")
    authoring.to_text_file(notebook, text)
    print(f"wrote {text}; edit it, then: python -m autograder from-text {text} {notebook}")
    return 0


def _cmd_from_text(args: argparse.Namespace) -> int:
    authoring.from_text_file(Path(args.text), Path(args.notebook))
    print(f"wrote {args.notebook}; then: make release")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m autograder", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)

    grade = commands.add_parser("grade", help="autograde all submissions of an assignment")
    grade.add_argument("assignment", help="chapter id, e.g. 01_neuron")
    grade.add_argument("--student", action="append", help="grade only this student (repeatable)")
    grade.add_argument("--feedback", action="store_true", help="also generate feedback HTML")
    grade.add_argument(
        "--jobs", "-j", type=int, default=None, help="submissions graded at once (default: the number of cores)"
    )
    grade.add_argument("--scheduler", help="grade on a Dask cluster: the scheduler's address, tcp://HOST:PORT")
    grade.add_argument("--db", help="gradebook URL (SQLAlchemy), e.g. postgresql://grader@host/course")
    grade.set_defaults(func=_cmd_grade)

    run_demo = commands.add_parser("demo", help="grade an example class end to end")
    run_demo.add_argument("assignment", nargs="?", default="01_neuron")
    run_demo.set_defaults(func=_cmd_demo)

    run = commands.add_parser("mutants", help="check that every wrong solution in a folder loses points")
    run.add_argument("notebook", help="the solution notebook, e.g. solutions/01_neuron/neuron.ipynb")
    run.add_argument("mutants", help="the folder of mutants, e.g. tests/mutants/01_neuron")
    run.set_defaults(func=_cmd_mutants)

    alone = commands.add_parser("isolation", help="check that every graded cell judges its own exercise alone")
    alone.add_argument("notebook", help="the solution notebook, e.g. solutions/02_fnn_backprop/fnn_backprop.ipynb")
    alone.set_defaults(func=_cmd_isolation)

    timing = commands.add_parser("bench", help="run time and peak memory of every chapter")
    timing.add_argument("chapter", nargs="*", help="chapter ids (default: all in solutions/)")
    timing.set_defaults(func=_cmd_bench)

    check = commands.add_parser(
        "check", help="self-check a notebook against the full tests (exit 0 only with full marks)"
    )
    check.add_argument("notebook", nargs="?", help="e.g. course/03_convolution/convolution.ipynb")
    check.add_argument("--all", action="store_true", help="every chapter in course/: one line each")
    check.add_argument("--language", default="en", choices=["en", "zh"], help="with --all: the edition (zh: course/zh)")
    check.set_defaults(func=_cmd_check)
    scale = commands.add_parser("bench-grading", help="stock nbgrader vs grade --jobs 1/2 and on Dask")
    scale.add_argument("--chapter", default="01_neuron")
    scale.add_argument("--students", type=int, default=40, help="size of the generated class (default 40)")
    scale.add_argument("--no-dask", action="store_true", help="skip the run on a local Dask cluster")
    scale.set_defaults(func=_cmd_bench_grading)

    hub = commands.add_parser("hub", help="a class on JupyterHub on this machine (as root)")
    hub.add_argument("--ip", default="127.0.0.1", help="where the hub listens (default: loopback only)")
    hub.add_argument("--port", type=int, default=8000)
    hub.add_argument("--edition", default="en", choices=["en", "zh"], help="the edition students fetch")
    hub.set_defaults(func=_cmd_hub)
    hub_stop = commands.add_parser("hub-stop", help="stop the class's hub and every server it started")
    hub_stop.set_defaults(func=_cmd_hub_stop)
    hub_bench = commands.add_parser("bench-hub", help="memory and CPU per student of a class on JupyterHub")
    hub_bench.add_argument("--chapter", default="01_neuron")
    hub_bench.set_defaults(func=_cmd_bench_hub)

    translate = commands.add_parser("translate", help="bring a chapter's translation up to its English notebook")
    translate.add_argument("chapters", nargs="*", help="e.g. 01_neuron")
    translate.add_argument("--all", action="store_true", help="every chapter")
    translate.add_argument("--language", default="zh", choices=["zh"])
    translate.set_defaults(func=_cmd_translate)

    build = commands.add_parser("editions", help="build the 中文 edition (course/zh/) from course/ and translations/")
    build.set_defaults(func=_cmd_editions)

    to_text = commands.add_parser("to-text", help="write an instructor notebook as cell-marked text")
    to_text.add_argument("notebook", help="e.g. solutions/01_neuron/neuron.ipynb")
    to_text.add_argument("text", nargs="?", help="the text file (default: beside the notebook, .txt)")
    to_text.add_argument("--language", default="en", choices=["en", "zh"], help="zh: the chapter's translation")
    to_text.set_defaults(func=_cmd_to_text)

    from_text = commands.add_parser("from-text", help="write the notebook back from cell-marked text")
    from_text.add_argument("text")
    from_text.add_argument("notebook")
    from_text.set_defaults(func=_cmd_from_text)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args))
