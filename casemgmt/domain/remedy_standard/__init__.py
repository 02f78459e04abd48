"""The remedy standard (소비자분쟁해결기준): versioned tables, formulas, and their evaluation.

model.py holds the rows and the edition lookups; kinds.py and formulas.py the formula kinds;
rows.py, rule_rows.py and building.py check and build the tables from rows read elsewhere
(the YAML files are read in casemgmt.infrastructure.standard_tables); evaluation.py applies a
rule to the facts of a dispute.
"""
from .building import build_tables
from .errors import NotInStandard, StandardTableError
from .evaluation import RemedyAmount, evaluate, formula_words
from .model import Edition, InputSpec, Item, Period, RemedySpec, Rule, StandardTables, UsefulLife
from .rows import RawRow

__all__ = [
    "Edition", "InputSpec", "Item", "NotInStandard", "Period", "RawRow", "RemedyAmount",
    "RemedySpec", "Rule", "StandardTableError", "StandardTables", "UsefulLife", "build_tables",
    "evaluate", "formula_words",
]
