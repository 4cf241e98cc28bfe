"""The compass of responsive government: facets, assessments from every perspective,
and the pictures drawn from them (DESIGN.md §5)."""
