"""The Vietnamese language knowledge the whole product stands on, each piece written once.

One module per kind of knowledge, each a table (under lexicon/) plus small
pure functions: how text is compared (normalize), sentences and clauses,
dates and periods, document references, agencies, places, question words,
and the records every layer passes along. Every other package imports this
one; it imports none of them.
"""
