"""Disclosure control for everything a release publishes (issue #11; method in docs/privacy.md).

- ``recoding``: global recoding — categories too small to show are merged with a neighbour before
  anything is counted, so tables stay visible instead of being blanked.
- ``audit``: one audit over all groups a release publishes (every table and report kind at once):
  additive figures may not isolate fewer than k non-``benoemd`` organisations by any linear
  combination of published groups, medians may not come from two groups that differ by fewer than
  k such organisations; failing groups get secondary suppression chosen to hide as little as
  possible.
"""

from norm.disclosure.audit import AuditResult, Group, audit
from norm.disclosure.recoding import Merge, merge_small

__all__ = ["AuditResult", "Group", "Merge", "audit", "merge_small"]
