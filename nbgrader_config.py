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
    # a failed test shows its message, not a traceback that quotes hidden inputs
    "gdkit.grading.preprocessors.ShortenTestTracebacks",
]

# Submissions downloaded from an LMS: put the LMS's zip in downloaded/<assignment>/archive/
# and run `nbgrader zip_collect <assignment>`: it unpacks the zip and files each notebook
# under submitted/<student>/<assignment>/, reading the student from the file's name with
# this pattern (matched against the whole path). Canvas's "Download Submissions" names a
# file <sortable name>_[LATE_]<user id>_<file id>_<original name>[-<n>].ipynb:
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?P<student_id>[^/_]+)_(?:[Ll][Aa][Tt][Ee]_)?\d+_\d+_(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$"
)
# Moodle ("Download all submissions": one folder per student, "<Full Name>_<id>_assignsubmission_file_"):
# c.FileNameCollectorPlugin.named_regexp = (
#     r".*/(?P<student_id>[^/]+?)_\d+_assignsubmission_file_/(?P<file_id>[^/]+)\.ipynb$"
# )
# Blackboard ("<Assignment>_<username>_attempt_<yyyy-mm-dd-hh-mm-ss>_<original name>"):
# c.FileNameCollectorPlugin.named_regexp = (
#     r".*_(?P<student_id>[^_/]+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>[^/]+)\.ipynb$"
# )
