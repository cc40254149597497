"""Every weight of the two rankers, in one place.

Search (`assistant.retrieval`) scores an endpoint as BM25 relevance normalised to the
best hit (about 0..1) plus small signals; the local planner (`assistant.planning.ranking`)
re-ranks search's shortlist in its own larger units (word overlap by idf, plus the fit of
the values it can fill) and adds search's score as a boost of up to PLANNER_SEARCH_BOOST.
Where both rankers weigh the same thing, the weight is defined once here:
CONTEXT_WEIGHT (words said only as the scene of the request), and deprecation, which
search discounts (DEPRECATED_FACTOR) and the planner counts once, as DEPRECATED_COST,
after taking search's discount back out of the boost.
"""

from __future__ import annotations

# ------------------------------------------------------------------ shared
CONTEXT_WEIGHT = 0.5  # "A laptop was stolen. Revoke sess_...": the scene counts less
DEPRECATED_FACTOR = 0.7  # search: a deprecated endpoint keeps 70 %, replacements first
DEPRECATED_COST = 8.0  # planner: the same rule in its units (search's discount undone)

# ------------------------------------------------------------------ search (BM25 units)
# How many times each field's tokens enter an endpoint's BM25 document.
FIELD_WEIGHTS = {"summary": 3, "operation": 3, "path": 3, "tag": 2, "sdk": 1, "names": 1, "text": 1}
DESCRIPTION_TOKENS = 60  # long descriptions drown the short fields otherwise
SYNONYM_WEIGHT = 0.7  # an expansion counts less than a word the person typed
INTENT_BONUS = (0.22, 0.1)  # the first intent in the request, any later one
ID_BONUS = {"path": 0.3, "query": 0.15, "body": 0.1}
RESOURCE_BONUS = 0.2  # the request names what the endpoint acts on (its last path word)
RESOURCE_MISS_PENALTY = 0.1  # scaled by the share of those words the request lacks
PARENT_MISS_PENALTY = 0.1  # /organizations/{id}/invitations for a request naming no org
IGNORED_RESOURCE_PENALTY = 0.25  # a DELETE whose path ignores a resource the request names
UNUSED_PATH_PARAM_PENALTY = 0.15  # per path parameter the request gives no id for
LATER_CLAUSE_WEIGHT = 0.5  # "create X, then add Y": the first call matters most here
EMAIL_WORD_WEIGHT = 0.35  # an email is a value (often naming a user), not the topic
RESOURCE_PHRASE_BONUS = 0.3  # "sign-in token" typed as a phrase names the resource outright
EXPANSION_DISCOUNT = 0.5  # synonym guesses, once the request names a resource word for word
CONTEXT_ID_WEIGHT = 0.2  # "I'm user_2x": who is asking, rarely what to act on
BULK_BONUS = (0.15, -0.16)  # bulk endpoint when the request is bulk, when it is not
DIRECT_OBJECT_BONUS = 0.15  # "create a user": the verb's object is what the endpoint acts on
ENUM_PATH_BONUS = 0.15  # a path parameter's enum value said ("SMS templates")
NEGATED_PATH_PENALTY = 0.2  # "No template": the path with {template_name} is not wanted
READ_WRITE_PENALTY = 0.25  # "what settings does the instance have": PATCH is no answer
FIELD_BONUS = 0.2  # the request names a field the endpoint takes ("support email")
FIELD_RARITY = 2  # ... taken by at most this many endpoints; by more, it counts less
REVERSED_WORD_WEIGHT = 0.5  # "lift the ban": "ban" still names the topic, less so

# ------------------------------------------------------------------ planner (its own units)
PLANNER_SEARCH_BOOST = 3.0  # search's best hit adds this much, the others in proportion
FIELD_NAMED_BONUS = 4.0
DESCRIBED_WEIGHT = 1.0  # a word only the endpoint's description says (path words count 3.0)
ID_UNUSED_COST = 3.0  # an id the request gives that the endpoint cannot take
TWIN_BONUS = 3.0  # the un- action of a pair when the request reverses something
NEGATED_PATH_COST = 3.0
CONTAINER_COST = 8.0  # "remove a user from org_x" never deletes org_x
CREATES_GIVEN_COST = 4.0  # "allow user_x to ..." changes user_x; POST /users makes another
BLOCKED_NOT_ADDED_COST = 10.0  # "block +1555... and ban user_x": the number is blocked, not added
MEMBER_AGAIN_COST = 6.0  # "she is already inside org_x ... give her org:admin": no new membership
ONE_BY_ONE_COST = 4.0  # "unban A and B in one call": one call per id goes against it
REPLACES_ALL_COST = 4.0  # "should have also the address y@z" adds one; PUT replaces them all
UNNAMED_IRREVERSIBLE_COST = 6.0  # "sign them out everywhere" never removes their password
UNSAID_RESOURCE_COST = 2.0
SORT_NAMED_BONUS = 6.0
READ_AFTER_LOOKUP_COST = 5.0
RARE_FIELD = 2  # a field name on at most this many endpoints is specific to them
# nearest labelled requests (assistant/planning/neighbours.py): the top K vote for endpoints;
# a unanimous vote adds NEIGHBOUR_WEIGHT (0 turns the signal off). Measured by
# bench/neighbours.py (words and word pairs of the rewritten text), step sequence at weight
# 0 / 2 / 3 / 4: leave-one-batch-out over the 42 older batches (2,272 requests) 2202 / 2212 /
# 2212 / 2213; rounds DD + EE (480, kept out of the evidence) 315 / 328 / 334 / 335. Above
# 3 the vote starts to overrule the words ("users created after X and before Y" counted).
NEIGHBOUR_WEIGHT = 3.0
NEIGHBOUR_K = 5
NEIGHBOUR_FIRST_STEP_ONLY = False  # a neighbour votes for every step's endpoint
