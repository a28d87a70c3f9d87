from django.core.management.base import CommandError
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils.translation import gettext
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.management.commands import db_worker

from pcitrack.reporting import jobs


class Worker(db_worker.Worker):
    """django-tasks-db's worker, which also fails the official reports past their time limit — those nobody is
    looking at included — before each job it takes."""

    def run(self) -> None:
        jobs.expire_stale_jobs()
        super().run()

    def run_task(self, db_task_result) -> None:
        jobs.expire_stale_jobs()
        super().run_task(db_task_result)


class Command(db_worker.Command):
    help = (
        "Run the background work queued in the database (PCITRACK_TASK_BACKEND=database): official reports and "
        "reminders. On SIGTERM or Ctrl+C it finishes the job in hand and stops (a second one stops it at once)."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        # Every queue, and no reloading on code changes (a deployment's worker, whatever PCITRACK_DEBUG says).
        parser.set_defaults(queue_name="*", reload=False)
        for action in parser._actions:
            if action.dest == "backend_name":
                action.type = str  # checked in handle(), with a message saying what to set

    def handle(self, *, verbosity, queue_name, interval, batch, backend_name, startup_delay, reload, max_tasks,
               worker_id, exclude_queues, **options) -> None:  # fmt: skip
        if backend_name not in task_backends.settings or not isinstance(task_backends[backend_name], DatabaseBackend):
            raise CommandError(
                gettext(
                    "Background work is not queued in the database, so there is nothing for a worker to do: set "
                    "PCITRACK_TASK_BACKEND=database for the web server and the worker."
                )
                if backend_name == DEFAULT_TASK_BACKEND_ALIAS
                else gettext("“%(name)s” is not a task backend that queues in the database.") % {"name": backend_name}
            )
        self.configure_logging(verbosity)
        queues = queue_name.split(",")
        excluded = exclude_queues.split(",") if exclude_queues else []
        if excluded and "*" not in queues:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = Worker(queue_names=queues, interval=interval, batch=batch, backend_name=backend_name,
                        startup_delay=startup_delay, max_tasks=max_tasks, worker_id=worker_id,
                        excluded_queue_names=excluded)  # fmt: skip
        jobs.in_worker = True
        worker.configure_signals()
        try:
            if reload and not batch:
                from django.utils.autoreload import run_with_reloader

                run_with_reloader(worker.run)
            else:
                worker.run()
        finally:
            worker.reset_signals()
            jobs.in_worker = False
