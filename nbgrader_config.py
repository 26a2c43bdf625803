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
    # a failed cell shows its message, not a traceback that quotes hidden inputs or gdkit's
    # source, and a test says when the one that failed is hidden (so: before they are cleared)
    "gdkit.grading.preprocessors.ShortenTracebacks",
    "nbgrader.preprocessors.ClearHiddenTests",
    # answers still to be graded by hand: a note says their 0 is not the grade yet
    "gdkit.grading.preprocessors.NoteHandGrading",
]

# Submissions downloaded from an LMS: put the LMS's zip in downloaded/<assignment>/archive/
# and run `nbgrader zip_collect <assignment> --force`: it unpacks the zip and files each
# notebook under submitted/<student>/<assignment>/, reading the student from the file's name
# with this pattern (matched against the whole path). It names every file it skips
# ("Skipped submission ...: <path>") and says "N files collected" (", M files skipped" when
# it skipped any).
# Canvas's "Download Submissions" names a file
#     <sortable name>_[LATE_]<user id>_<file id>_<student's file name>[-<n>].ipynb
# and, with anonymous grading, [LATE_]anon_<anonymous id>_<file id>_<...>[-<n>].ipynb.
# The student id is always Canvas's user id (the number after the name, e.g. 123456), never
# the name: two students can share a sortable name ("Doe, Jane" -> doejane), and nbgrader
# then either stops with "Duplicate submission file" (nobody collected) or, if their file
# names differ, files both students' notebooks in one folder without a word. The user id is
# unique, survives a change of name, and is the "ID" column of Canvas's gradebook export:
# the roster (`nbgrader db student import`, for names in the Formgrader and the report) and
# `nbgrader export` use the ids Canvas knows. With anonymous grading the id is
# anon_<anonymous id> (SpeedGrader's address shows it as anonymous_id): no roster matches it.
# (The name is matched lazily, so that anon_<5 characters> and a file name that starts with
# digits are read right; Canvas writes LATE in capitals and no "_<digits>_" in a name.)
c.FileNameCollectorPlugin.named_regexp = (
    r".*/(?:[^/]*?_)??(?:LATE_)?(?P<student_id>\d+|anon_[^/_]{5})_\d+_"
    r"(?P<file_id>[^/]+?)(?:-\d+)?\.ipynb$"
)
# Moodle ("Download all submissions": one folder per student, "<Full Name>_<id>_assignsubmission_file_"):
# the id is the full name, since Moodle's number differs from one assignment to the next;
# two students with one full name then collide as above: check submitted/ against the class.
# c.FileNameCollectorPlugin.named_regexp = (
#     r".*/(?P<student_id>[^/]+?)_\d+_assignsubmission_file_/(?P<file_id>[^/]+)\.ipynb$"
# )
# Blackboard ("<Assignment>_<username>_attempt_<yyyy-mm-dd-hh-mm-ss>_<original name>"):
# c.FileNameCollectorPlugin.named_regexp = (
#     r".*_(?P<student_id>[^_/]+)_attempt_(?P<timestamp>[0-9\-]+)_(?P<file_id>[^/]+)\.ipynb$"
# )
