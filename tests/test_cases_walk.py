"""The walk (explore) and a step-by-step play (next_step) follow the same rule of a move.

Hypothesis draws small cases with hidden choices, branches, findings and counters,
and checks both directions: every finished situation the walk reports is what
replaying its play gives, and every play made one choice at a time ends where the
walk says it can.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kneelib.cases import available_choices, explore, next_step, replay, start_case
from kneelib.content.cases import Case, load_case_file
from tests.test_content_cases import FIXTURES

FINDINGS = ("f1", "f2", "f3")
COUNTERS = ("score", "time")


@st.composite
def conditions(draw, choice_ids):
    kind = draw(st.sampled_from(["chosen", "not_chosen", "revealed", "not_revealed", "counter"]))
    if kind in ("chosen", "not_chosen"):
        return {kind: [draw(st.sampled_from(choice_ids))]}
    if kind in ("revealed", "not_revealed"):
        return {kind: [draw(st.sampled_from(FINDINGS))]}
    bound = draw(st.sampled_from(["at_least", "below"]))
    return {"counter": draw(st.sampled_from(COUNTERS)), bound: draw(st.integers(-2, 4))}


@st.composite
def cases(draw):
    n_steps = draw(st.integers(1, 4))
    n_endings = draw(st.integers(1, 3))
    steps = [f"s{i}" for i in range(n_steps)]
    endings = [f"e{i}" for i in range(n_endings)]
    shape = [draw(st.integers(1, 3)) for _ in steps]
    choice_ids = [f"{s}c{j}" for s, n in zip(steps, shape, strict=True) for j in range(n)]
    places = st.sampled_from(steps + endings)
    step_docs = []
    for s, n in zip(steps, shape, strict=True):
        choices = []
        for j in range(n):
            choice = {
                "id": f"{s}c{j}",
                "text": f"Choice {j} at {s}",
                "feedback": "Done.",
                "next": draw(places),
                "reveals": draw(st.lists(st.sampled_from(FINDINGS), max_size=2, unique=True)),
                "effects": draw(
                    st.dictionaries(st.sampled_from(COUNTERS), st.integers(-2, 3), max_size=2)
                ),
            }
            if draw(st.booleans()):
                choice["show_if"] = draw(conditions(choice_ids))
            choice["branches"] = [
                {"when": draw(conditions(choice_ids)), "goto": draw(places), "note": "Later."}
                for _ in range(draw(st.integers(0, 2)))
            ]
            choices.append(choice)
        step_docs.append({"id": s, "title": s, "text": "A step.", "choices": choices})
    return Case.model_validate(
        {
            "id": "generated",
            "title": "Generated",
            "patient": "A patient",
            "intro": "A story.",
            "references": ["nice-ng158"],
            "counters": [{"id": c, "label": c} for c in COUNTERS],
            "findings": [{"id": f, "text": f, "references": ["nice-ng158"]} for f in FINDINGS],
            "start": "s0",
            "steps": step_docs,
            "endings": [
                {
                    "id": e,
                    "title": e,
                    "outcome": "best",
                    "text": "The end.",
                    "debrief": {
                        "summary": "Done.",
                        "teaching_points": [{"text": "A point.", "references": ["nice-ng158"]}],
                        "references": ["nice-ng158"],
                    },
                }
                for e in endings
            ],
        }
    )


SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(cases())
def test_replaying_each_finished_situation_of_the_walk_gives_that_situation(case):
    result = explore(case)
    for situation in result.finished_situations:
        state = replay(case, result.path(situation))
        revealed, counters = result.nodes[situation][:2]
        assert (state.ending_id, frozenset(state.chosen)) == situation
        assert frozenset(state.revealed) == revealed
        assert dict(state.counters) == counters


@SETTINGS
@given(cases(), st.lists(st.integers(0, 10), max_size=20))
def test_a_play_made_one_choice_at_a_time_ends_where_the_walk_says(case, picks):
    result = explore(case)
    state = start_case(case)
    for pick in picks:
        open_now = available_choices(case, state)
        if not open_now:
            break
        state = next_step(case, state, open_now[pick % len(open_now)].id)
    situation = (state.ending_id or state.step_id, frozenset(state.chosen))
    assert situation in result.nodes
    assert result.nodes[situation][0] == frozenset(state.revealed)
    assert result.nodes[situation][1] == dict(state.counters)
    if state.finished:
        assert situation in result.finished_situations
    elif not available_choices(case, state):
        assert (state.step_id, tuple(sorted(state.chosen))) in result.dead_ends


@SETTINGS
@given(cases())
def test_the_walk_counts_each_order_of_choices_as_one_play(case):
    def count(state):
        if state.finished:
            return 1
        return sum(count(next_step(case, state, c.id)) for c in available_choices(case, state))

    assert explore(case).plays == count(start_case(case))


def test_the_walk_is_kept_with_the_loaded_case_and_not_with_a_changed_copy():
    case = load_case_file(FIXTURES / "example-swollen-calf.yaml")
    first = explore(case)
    assert explore(case) is first
    changed = case.model_copy(update={"start": "plan"})
    assert explore(changed) is not first
    assert explore(changed).states < first.states
