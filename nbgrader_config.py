"""nbgrader settings for the gdkit course.

``solutions/`` is nbgrader's source directory (instructor notebooks with solutions and
hidden tests) and ``course/`` its release directory (what students get). Everything else
nbgrader writes (submitted/, autograded/, feedback/, gradebook.db) is working state that
git ignores.
"""

from pathlib import Path

c = get_config()  # noqa: F821  (injected by traitlets when nbgrader loads this file)

c.CourseDirectory.root = str(Path(__file__).resolve().parent)
c.CourseDirectory.course_id = "gdkit"
c.CourseDirectory.source_directory = "solutions"
c.CourseDirectory.release_directory = "course"

# Every notebook runs top to bottom in seconds; a cell that needs longer is a student's
# infinite loop, which then scores zero for that cell while the rest is still graded.
c.Execute.timeout = 30
c.Execute.error_on_timeout = {
    "ename": "CellTimeoutError",
    "evalue": "",
    "traceback": [
        "CellTimeoutError: this cell ran for more than 30 seconds (an endless loop?) and was "
        "stopped; the cells after it were still run and graded."
    ],
}

# A student who deletes a graded cell must not dodge grading: nbgrader puts it back.
c.OverwriteCells.add_missing_cells = True

# Any stderr output zeroes a test cell. gdkit itself never writes to stderr; this drops
# the one line a fresh machine prints the first time matplotlib is imported.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"Matplotlib is building the font cache"

# Feedback shows each test cell's outcome and message, but not the source of its hidden
# tests (nbgrader's own feedback would show them whole): the same preprocessor that keeps
# them out of the release keeps them out of the feedback.
c.GenerateFeedback.preprocessors = [
    "nbgrader.preprocessors.GetGrades",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    "nbgrader.preprocessors.ClearHiddenTests",
]
