"""The instructor's course as nbgrader sees it: folders and gradebook from nbgrader_config.py."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbgrader.coursedir import CourseDirectory
from traitlets.config.loader import PyFileConfigLoader

__all__ = ["Course"]


@dataclass(frozen=True)
class Course:
    """Where nbgrader keeps an assignment's files, read from the course's own config.

    >>> import tempfile
    >>> root = Path(tempfile.mkdtemp())
    >>> _ = (root / "nbgrader_config.py").write_text('c = get_config()\\n'
    ...     'c.CourseDirectory.source_directory = "solutions"\\n')
    >>> course = Course.load(root)
    >>> course.folder("source", "01").relative_to(root).as_posix()
    'solutions/01'
    """

    root: Path
    directory: CourseDirectory
    config_file: Path | None

    @classmethod
    def load(cls, root: Path) -> Course:
        root = Path(root).resolve()
        config_file = root / "nbgrader_config.py"
        config = (
            PyFileConfigLoader(config_file.name, path=str(root)).load_config()
            if config_file.exists()
            else None
        )
        directory = CourseDirectory(config=config) if config else CourseDirectory()
        directory.root = str(root)
        return cls(root, directory, config_file if config_file.exists() else None)

    def folder(self, step: str, assignment: str, student: str = ".") -> Path:
        """``step`` is source, release, submitted, autograded or feedback."""
        name = getattr(self.directory, f"{step}_directory")
        return Path(self.directory.format_path(name, student, assignment))

    @property
    def db_url(self) -> str:
        return self.directory.db_url

    @property
    def course_id(self) -> str:
        return self.directory.course_id

    @property
    def gradebook_file(self) -> Path:
        """The gradebook's SQLite file; a plain error for a database server URL."""
        prefix = "sqlite:///"
        if not self.db_url.startswith(prefix):
            raise ValueError(
                f"gdkit grade works with an SQLite gradebook (sqlite:///...), not {self.db_url!r}"
            )
        return Path(self.db_url[len(prefix) :])

    def private(self) -> list[Path]:
        """What a student's code must never see: solutions, gradebook, everyone's work.

        >>> import tempfile
        >>> course = Course.load(Path(tempfile.mkdtemp()))
        >>> [p.name for p in course.private()]
        ['source', 'submitted', 'autograded', 'feedback', 'reports', 'downloaded', 'gradebook.db']
        """
        steps = ("source", "submitted", "autograded", "feedback")
        top = [self.root / getattr(self.directory, f"{step}_directory") for step in steps]
        return [*top, self.root / "reports", self.root / "downloaded", self.gradebook_file]

    def require_gradebook(self) -> None:
        """Fail plainly when the gradebook does not exist yet (before generate_assignment).

        >>> import tempfile
        >>> Course.load(Path(tempfile.mkdtemp())).require_gradebook()
        Traceback (most recent call last):
        ...
        ValueError: there is no gradebook yet (...gradebook.db): run `nbgrader generate_assignment` first
        """
        if not self.gradebook_file.exists():
            raise ValueError(
                f"there is no gradebook yet ({self.gradebook_file}): run `nbgrader "
                "generate_assignment` first"
            )

    def students(self, assignment: str) -> list[str]:
        """Every student with a folder for ``assignment`` in submitted/, sorted."""
        submitted = Path(self.directory.format_path(self.directory.submitted_directory, ".", "."))
        return sorted(p.parent.name for p in submitted.glob(f"*/{assignment}") if p.is_dir())
