"""The pain-monitored loading rule (kneelib.loading) and its content kind (data/loading.yaml)."""

from __future__ import annotations

import textwrap

import pytest

from kneelib.content import ContentError, data_dir, validate_paths
from kneelib.content.loading import load_loading
from kneelib.loading import (
    DECISIONS,
    LoadingInputError,
    decide,
    next_level,
    plan_programme,
    sample_plan,
    stage_for_level,
)

CONTENT = load_loading()
RULES = CONTENT.pain_monitoring
STAGES = CONTENT.stages


# ------------------------------------------------------------------ the rule


def test_within_limits_and_settled_progresses():
    assert decide(3, 2, "settled", False, RULES).decision == "progress"


def test_pain_during_exactly_at_the_limit_is_acceptable():
    assert decide(5, 0, "settled", False, RULES).decision == "progress"


def test_pain_during_just_above_the_limit_steps_back():
    assert decide(5.5, 0, "settled", False, RULES).decision == "step back"


def test_pain_after_exactly_at_the_limit_is_acceptable():
    assert decide(0, 5, "settled", False, RULES).decision == "progress"


def test_pain_after_just_above_the_limit_steps_back():
    assert decide(0, 5.5, "settled", False, RULES).decision == "step back"


def test_pain_not_settled_by_next_morning_steps_back():
    assert decide(2, 2, "not settled", False, RULES).decision == "step back"


def test_worse_than_last_week_steps_back():
    assert decide(2, 2, "settled", True, RULES).decision == "step back"


def test_unknown_next_morning_response_holds():
    assert decide(2, 2, "not yet known", False, RULES).decision == "hold"


def test_unknown_morning_with_pain_above_limit_steps_back():
    assert decide(7, 2, "not yet known", False, RULES).decision == "step back"


def test_zero_pain_everywhere_progresses():
    assert decide(0, 0, "settled", False, RULES).decision == "progress"


def test_maximum_pain_steps_back():
    assert decide(10, 10, "settled", False, RULES).decision == "step back"


def test_step_back_reason_names_the_pain_during_and_the_limit():
    result = decide(6, 2, "settled", False, RULES)
    assert result.reasons == (
        "Pain during exercise was 6/10, above the limit of 5/10.",
        "Reduce the load until the response is back within the limits.",
    )


def test_step_back_lists_every_broken_limit_in_order():
    result = decide(7, 6.5, "not settled", True, RULES)
    assert result.reasons == (
        "Pain during exercise was 7/10, above the limit of 5/10.",
        "Pain after exercise was 6.5/10, above the limit of 5/10.",
        "The pain had not settled by the next morning.",
        "Pain and stiffness are worse than last week.",
        "Reduce the load until the response is back within the limits.",
    )


def test_hold_reasons_say_to_repeat_the_load():
    result = decide(4, 3, "not yet known", False, RULES)
    assert result.reasons == (
        "Pain during (4/10) and after (3/10) stayed within the limits (5/10 during, 5/10 after).",
        "The next-morning response is not known yet: repeat the same load and judge it tomorrow morning.",
    )


def test_progress_reasons_say_same_load_or_small_step():
    result = decide(1, 0.5, "settled", False, RULES)
    assert result.reasons[-1] == "The model allows the same load again or a small step up."


def test_decision_cites_the_pain_monitoring_model():
    assert decide(1, 1, "settled", False, RULES).references == ("silbernagel-2007",)


def test_default_model_is_read_from_the_data_file():
    assert decide(5.5, 0, "settled").decision == "step back"


def test_decisions_are_the_three_named_outcomes():
    assert DECISIONS == ("progress", "hold", "step back")


def test_thresholds_come_from_the_model_passed_in():
    strict = RULES.model_copy(update={"max_pain_during": 3})
    assert decide(4, 0, "settled", False, strict).decision == "step back"


# ------------------------------------------------------------ refused input


def test_pain_above_ten_is_refused_with_its_value():
    with pytest.raises(
        LoadingInputError, match=r"^pain during exercise: expected a number from 0 to 10, found 11$"
    ):
        decide(11, 0, "settled", False, RULES)


def test_negative_pain_after_is_refused():
    with pytest.raises(
        LoadingInputError, match=r"^pain after exercise: expected a number from 0 to 10, found -1$"
    ):
        decide(0, -1, "settled", False, RULES)


def test_text_pain_is_refused_with_its_type():
    with pytest.raises(
        LoadingInputError,
        match=r"^pain during exercise: expected a number from 0 to 10, found '3' \(str\)$",
    ):
        decide("3", 0, "settled", False, RULES)


def test_boolean_pain_is_refused():
    with pytest.raises(LoadingInputError, match=r"found True \(bool\)$"):
        decide(True, 0, "settled", False, RULES)


def test_not_a_number_pain_is_refused():
    with pytest.raises(
        LoadingInputError, match=r"^pain after exercise: expected a number from 0 to 10, found nan$"
    ):
        decide(0, float("nan"), "settled", False, RULES)


def test_unknown_morning_word_is_refused_listing_the_choices():
    with pytest.raises(
        LoadingInputError,
        match=r"^next-morning response: expected one of 'settled', 'not settled', 'not yet known', found 'fine'$",
    ):
        decide(1, 1, "fine", False, RULES)


def test_week_flag_must_be_true_or_false():
    with pytest.raises(
        LoadingInputError, match=r"^worse than last week: expected true or false, found 'no'$"
    ):
        decide(1, 1, "settled", "no", RULES)


def test_loading_input_error_is_a_value_error():
    assert issubclass(LoadingInputError, ValueError)


# --------------------------------------------------------- levels and stages


def test_level_one_is_isometric():
    assert stage_for_level(1, STAGES).id == "isometric"


def test_level_three_starts_isotonic_loading():
    assert stage_for_level(3, STAGES).id == "isotonic"


def test_top_level_is_return_to_activity():
    assert stage_for_level(10, STAGES).id == "return-to-activity"


def test_level_beyond_the_scale_is_refused():
    with pytest.raises(
        LoadingInputError, match=r"^level: expected a level from 1 to 10, found 11$"
    ):
        stage_for_level(11, STAGES)


def test_level_must_be_whole():
    with pytest.raises(
        LoadingInputError, match=r"^level: expected a whole number, found 2.5 \(float\)$"
    ):
        stage_for_level(2.5, STAGES)


def test_progress_moves_up_one_level():
    assert next_level(4, "progress", STAGES) == 5


def test_hold_keeps_the_level():
    assert next_level(4, "hold", STAGES) == 4


def test_step_back_moves_down_one_level():
    assert next_level(4, "step back", STAGES) == 3


def test_step_back_never_goes_below_the_first_level():
    assert next_level(1, "step back", STAGES) == 1


def test_progress_never_goes_above_the_top_level():
    assert next_level(10, "progress", STAGES) == 10


def test_unknown_decision_is_refused():
    with pytest.raises(
        LoadingInputError,
        match=r"^decision: expected one of 'progress', 'hold', 'step back', found 'rest'$",
    ):
        next_level(2, "rest", STAGES)


def test_empty_stage_list_is_refused():
    with pytest.raises(
        LoadingInputError, match=r"^stages: expected a list of loading stages, found \(\)$"
    ):
        stage_for_level(1, ())


# ------------------------------------------------------------- programmes


def test_sample_programme_decisions_follow_the_rule():
    assert [w.decision.decision for w in sample_plan(CONTENT)] == [
        "progress",
        "progress",
        "progress",
        "step back",
        "hold",
        "progress",
        "progress",
        "progress",
        "progress",
        "progress",
        "step back",
        "progress",
    ]


def test_sample_programme_levels_follow_the_decisions():
    assert [w.level for w in sample_plan(CONTENT)] == [1, 2, 3, 4, 3, 3, 4, 5, 6, 7, 8, 7]


def test_sample_programme_reaches_energy_storage_loading():
    assert sample_plan(CONTENT)[-1].stage_id == "energy-storage"


def test_plan_starts_at_the_given_level():
    weeks = CONTENT.sample_programme.weeks[:1]
    assert plan_programme(weeks, STAGES, RULES, start_level=5)[0].level == 5


def test_plan_refuses_a_start_level_off_the_scale():
    with pytest.raises(LoadingInputError, match=r"^level: expected a level from 1 to 10, found 0$"):
        plan_programme(CONTENT.sample_programme.weeks, STAGES, RULES, start_level=0)


# ------------------------------------------------------------ the content


def test_loading_file_is_valid():
    assert validate_paths([data_dir() / "loading.yaml"]) == []


def test_model_limits_are_five_out_of_ten():
    assert (RULES.max_pain_during, RULES.max_pain_after) == (5, 5)


def test_every_stage_cites_a_source():
    assert all(stage.references for stage in STAGES)


def test_stage_order_is_isometric_isotonic_energy_storage_return():
    assert [s.id for s in STAGES] == [
        "isometric",
        "isotonic",
        "energy-storage",
        "return-to-activity",
    ]


def _write(tmp_path, body: str):
    path = tmp_path / "loading.yaml"
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


GOOD = """
pain_monitoring:
  name: Model
  scale: 0 to 10
  max_pain_during: 5
  max_pain_after: 5
  references: [silbernagel-2007]
  criteria:
    - {id: during, text: Up to 5., references: [silbernagel-2007]}
evidence_limits: {text: Little evidence., references: [silbernagel-2007]}
stages:
  - {id: a, name: A, aim: A., examples: A., first_level: 1, last_level: 2, references: [malliaras-2015]}
  - {id: b, name: B, aim: B., examples: B., first_level: 3, last_level: 4, references: [malliaras-2015]}
sample_programme:
  title: T
  note: N
  start_level: 1
  weeks:
    - {week: 1, pain_during: 2, pain_after: 1, morning: settled, worse_than_last_week: false}
"""


def test_minimal_good_file_loads(tmp_path):
    assert load_loading(_write(tmp_path, GOOD)).stages[1].id == "b"


def test_gap_between_stage_levels_is_reported(tmp_path):
    path = _write(tmp_path, GOOD.replace("first_level: 3", "first_level: 4"))
    with pytest.raises(ContentError) as info:
        load_loading(path)
    (problem,) = info.value.problems
    assert (problem.item, problem.field, problem.expected, problem.found) == (
        "b",
        "first_level",
        "3 (levels follow on from the previous stage)",
        "4",
    )


def test_weeks_out_of_order_are_reported(tmp_path):
    path = _write(tmp_path, GOOD.replace("{week: 1,", "{week: 2,"))
    with pytest.raises(ContentError) as info:
        load_loading(path)
    (problem,) = info.value.problems
    assert (problem.field, problem.found) == ("weeks.#1.week", "2")


def test_pain_limit_above_ten_is_reported(tmp_path):
    path = _write(tmp_path, GOOD.replace("max_pain_during: 5", "max_pain_during: 12"))
    with pytest.raises(ContentError) as info:
        load_loading(path)
    assert [p.field for p in info.value.problems] == ["pain_monitoring.max_pain_during"]


def test_unknown_morning_word_in_file_is_reported(tmp_path):
    path = _write(tmp_path, GOOD.replace("morning: settled", "morning: fine"))
    with pytest.raises(ContentError) as info:
        load_loading(path)
    assert [p.found for p in info.value.problems] == ["'fine' (str)"]
