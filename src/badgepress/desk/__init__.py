"""The registration desk's library: find an attendee as a volunteer types (``search``) and
print one badge on the desk's printer through CUPS (``printing``). The web app's desk page and
its JSON API are built on it; nothing here knows about HTTP.

Imports ``badgepress.errors``, the plan room (the ``--where`` folding) and the standard library;
CUPS through its command-line tools (``lp``, ``lpstat``), never a shell.

Public names: :class:`SearchIndex`, :func:`entry`, :class:`Hit`; :func:`queues`,
:func:`submit`, :func:`status`, :class:`Job`, :class:`JobStatus`, :class:`Queues`.
"""

from badgepress.desk.printing import Job, JobStatus, Queue, Queues, queues, status, submit
from badgepress.desk.search import Entry, Hit, SearchIndex, entry

__all__ = ["Entry", "Hit", "Job", "JobStatus", "Queue", "Queues", "SearchIndex", "entry",
           "queues", "status", "submit"]
