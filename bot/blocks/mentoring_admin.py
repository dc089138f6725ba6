"""Mentoring for organisers and profile owners: the proposal, swaps, change requests, profiles.

The proposal lists people by name, never by @mention, so posting it in the organisers'
channel does not notify the mentors and mentees before anything is decided. Each pair is
one section with a *Swap mentor… / Remove* menu, so a 40-pair cohort fits Slack's 50
blocks.
"""

from __future__ import annotations

import json
from typing import Any

from bot.blocks.mrkdwn import (
    Block,
    actions,
    button,
    context,
    escape,
    header,
    modal,
    plain,
    section,
)
from bot.matching.pairs import Pairing
from bot.matching.proposals import ProposalView, SwapOption
from bot.models import Membership, Programme

PAIR_MENU_ACTION = "mentoring_proposal_pair"
APPROVE_ALL_ACTION = "mentoring_approve_all"
SWAP_CALLBACK = "mentoring_swap"
END_PAIR_ACTION = "mentoring_end_pair"
PROFILE_ACTION = "mentoring_profile"
PROFILE_CALLBACK = "mentoring_profile"
NUDGE_PROFILES_ACTION = "mentoring_nudge_profiles"
PROPOSE_ACTION = "mentoring_propose"
MAX_PAIRS_SHOWN = 44  # + header, summary, unmatched, approve, context = 49 blocks


def _option(text: str, value: str) -> dict[str, Any]:
    return {"text": {"type": "plain_text", "text": text[:75], "emoji": True}, "value": value}


def proposal_message(view: ProposalView) -> tuple[str, list[Block]]:
    """The proposal in the organisers' channel: pairs with a menu each, and *Approve all*."""
    programme = view.programme
    text = (
        f"Mentor matches proposed for {programme.name}: {len(view.pairs)} pairs, "
        f"total score {view.total_score:.2f}"
    )
    if view.unmatched:
        text += f", {len(view.unmatched)} not matched"
    blocks: list[Block] = [header("Mentor matches proposed"), section(escape(text) + ".")]
    for pair in view.pairs[:MAX_PAIRS_SHOWN]:
        why = ", ".join(pair.reasons) or "no shared themes: the best fit left"
        block = section(
            f"*{escape(pair.mentor.name)}* → *{escape(pair.mentee.name)}* · {pair.score:.2f}\n"
            f"_{escape(why)}_"
        )
        block["block_id"] = f"pair_{pair.match_id}"
        block["accessory"] = {
            "type": "overflow",
            "action_id": PAIR_MENU_ACTION,
            "options": [
                _option("Swap mentor…", f"swap:{pair.match_id}"),
                _option("Remove from proposal", f"remove:{pair.match_id}"),
            ],
        }
        blocks.append(block)
    if len(view.pairs) > MAX_PAIRS_SHOWN:
        blocks.append(
            context(
                f"…and {len(view.pairs) - MAX_PAIRS_SHOWN} more: `cohort match` lists them all."
            )
        )
    if view.unmatched:
        lines = [f"• {escape(p.name)}: {escape(reason)}" for p, reason in view.unmatched]
        blocks.append(section("*Not matched*\n" + "\n".join(lines)))
    if view.pairs:
        blocks.append(
            actions(
                button("Approve all", APPROVE_ALL_ACTION, programme.slug, style="primary"),
                block_id="mentoring_proposal",
            )
        )
    blocks.append(context("Approving records the pairs and introduces each pair in a group DM."))
    return text, blocks


def approved_message(programme: Programme, *, pairs: int, by: str) -> tuple[str, list[Block]]:
    """What the proposal becomes once approved (its buttons gone)."""
    text = (
        f"{pairs} mentor pairs for {programme.name} approved by <@{by}>; "
        "the introductions are on their way."
    )
    return text, [section(text)]


def swap_modal(
    *, match_id: int, mentee: str, mentor: str, options: list[SwapOption], message: dict[str, str]
) -> dict[str, Any]:
    """Choose another mentor for one proposed mentee; `message` locates the proposal."""
    metadata = json.dumps({"match_id": match_id, **message})
    intro = section(f"*{escape(mentee)}* is proposed with *{escape(mentor)}*.")
    if not options:
        note = (
            "No other mentor can take them without breaking a rule "
            "(capacity, organisation, avoid lists)."
        )
        return modal("Swap mentor", [intro, section(note)], callback_id=SWAP_CALLBACK,
                     metadata=metadata)  # fmt: skip
    choose = {
        "type": "input",
        "block_id": "mentor",
        "label": plain("New mentor (score)"),
        "element": {
            "type": "static_select",
            "action_id": "value",
            "options": [_option(o.label, o.value) for o in options],
        },
    }
    return modal("Swap mentor", [intro, choose], callback_id=SWAP_CALLBACK, metadata=metadata,
                 submit="Swap")  # fmt: skip


def change_request_message(
    programme: Programme, *, requester: str, pairings: list[Pairing], reason: str
) -> tuple[str, list[Block]]:
    """For the organisers only: someone would like a different mentoring pair."""
    text = f"<@{requester}> would like a change of mentoring pair on {escape(programme.name)}."
    blocks: list[Block] = [section(text)]
    if reason:
        blocks.append(section(f"*Their words:* {escape(reason)}"))
    for pairing in pairings:
        last = pairing.last_meeting
        met = f"last met {last.met_on:%d %b %Y}" if last else "no meeting logged"
        block = section(
            f"*{escape(pairing.mentor.name)}* (mentor) and *{escape(pairing.mentee.name)}* "
            f"(mentee), {met}."
        )
        block["block_id"] = f"change_{pairing.match.id}"
        block["accessory"] = button("End this pair", END_PAIR_ACTION, str(pairing.match.id))
        blocks.append(block)
    blocks.append(
        context("Only organisers see this. Ending a pair lets `/cohort match` propose a new one.")
    )
    return text, blocks


def pair_ended_text(pairing: Pairing, *, by: str) -> str:
    """What the change request's pair line becomes once the pair is ended."""
    return (
        f"The pair {pairing.mentor.name} and {pairing.mentee.name} was ended by <@{by}>. "
        "Run `/cohort match` to propose a new mentor."
    )


def _tags_input(block_id: str, label: str, tags: list[str], hint: str) -> Block:
    element: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": True}
    if tags:
        element["initial_value"] = "\n".join(tags)
    return {
        "type": "input",
        "block_id": block_id,
        "optional": True,
        "label": {"type": "plain_text", "text": label},
        "hint": {"type": "plain_text", "text": hint},
        "element": element,
    }


ONE_PER_LINE = "One per line (or separated by commas)."


def profile_modal(programme: Programme, membership: Membership) -> dict[str, Any]:
    """The owner's mentoring profile: what matching uses, and who they would rather avoid."""
    blocks: list[Block] = [context(f"{escape(programme.name)} · used to match mentors and mentees")]
    if membership.role == "participant":
        blocks += [
            _tags_input("goals", "Your goals", membership.goals,
                        "e.g. director role. " + ONE_PER_LINE),
            _tags_input("development_areas", "Areas to develop", membership.development_areas,
                        "e.g. political navigation. " + ONE_PER_LINE),
            _tags_input("challenges", "Current challenges", membership.challenges,
                        "e.g. budget pressure. " + ONE_PER_LINE),
        ]  # fmt: skip
        share = _option("My mentor may see my goals, areas to develop and challenges", "share")
        checkbox: dict[str, Any] = {"type": "checkboxes", "action_id": "value", "options": [share]}
        if membership.share_profile_with_mentor:
            checkbox["initial_options"] = [share]
        blocks.append(
            {
                "type": "input",
                "block_id": "share",
                "optional": True,
                "label": {"type": "plain_text", "text": "Sharing"},
                "element": checkbox,
            }
        )
    else:
        blocks.append(
            _tags_input("expertise", "Your expertise", membership.expertise,
                        "e.g. finance, chief executive role. " + ONE_PER_LINE)
        )  # fmt: skip
        capacity: dict[str, Any] = {"type": "plain_text_input", "action_id": "value"}
        usual = f"the programme's usual {programme.mentoring_capacity}"
        if membership.capacity is not None:
            capacity["initial_value"] = str(membership.capacity)
        blocks.append(
            {
                "type": "input",
                "block_id": "capacity",
                "optional": True,
                "label": {"type": "plain_text", "text": "How many mentees can you take?"},
                "hint": {"type": "plain_text", "text": f"Leave empty for {usual}."},
                "element": capacity,
            }
        )
    notes: dict[str, Any] = {"type": "plain_text_input", "action_id": "value", "multiline": True}
    if membership.notes:
        notes["initial_value"] = membership.notes
    avoid: dict[str, Any] = {"type": "multi_users_select", "action_id": "value"}
    if membership.avoid:
        avoid["initial_users"] = list(membership.avoid)
    blocks += [
        {
            "type": "input",
            "block_id": "notes",
            "optional": True,
            "label": {"type": "plain_text", "text": "Anything else a good match should know"},
            "element": notes,
        },
        {
            "type": "input",
            "block_id": "avoid",
            "optional": True,
            "label": {"type": "plain_text", "text": "Never pair me with"},
            "hint": {"type": "plain_text", "text": "Private: only used by the matching."},
            "element": avoid,
        },
    ]
    return modal(
        "Mentoring profile",
        callback_id=PROFILE_CALLBACK,
        metadata=json.dumps({"programme": programme.slug}),
        submit="Save",
        blocks=blocks,
    )


def profile_nudge_message(programme: Programme) -> tuple[str, list[Block]]:
    """A DM asking someone to fill in their mentoring profile, with the button to do it."""
    text = (
        f"To match you well on {programme.name}, please tell us a little about what you "
        "would like from mentoring (or, as a mentor, what you can offer). It takes two minutes."
    )
    return text, [
        section(escape(text)),
        actions(
            button("My mentoring profile", PROFILE_ACTION, programme.slug, style="primary"),
            block_id=f"profile_{programme.slug}",
        ),
    ]
