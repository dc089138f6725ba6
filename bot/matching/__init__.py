"""Mentoring: matching mentors and mentees, then keeping the pairs going. No Slack types.

- `vocabulary`: free-typed tags to comparable keys, and the domain's synonyms;
- `scoring`: every mentor–mentee pair's score and reasons, vectorised;
- `solver`: the exact assignment (most mentees matched, then the best total score);
- `situation`: who is in a programme and what happened before (exclusions, capacity);
- `service`: propose and apply matches, queue introductions, look up pairs (`mentor_of`);
- `proposals`: the proposal organisers adjust in Slack before approving it;
- `pairs`: logging meetings, asking for a change, ending a pair;
- `prompts`: when mentors are prompted and what the prompt shows (a planner step);
- `profiles`: profiles edited by their owners, and who has none yet;
- `report`: the organisers' view and `cohort export matches`;
- `access`: who may do what, and which programme a request is about.
"""
