"""The language layer: the English words and phrase rules search and the planner share.

The words live in `data/*.yml` (stopwords, synonyms, verbs, id prefixes, cues, phrase
rules with examples); `data` loads and checks them, `tables` gives them the shapes code
reads, `text` tokenizes and rewrites, `values` holds the shapes of values (emails, ids,
dates, amounts). Nothing here imports the planner or search.
"""
